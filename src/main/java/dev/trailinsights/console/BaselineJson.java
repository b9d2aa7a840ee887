package dev.trailinsights.console;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.detect.BaselineReport;
import dev.trailinsights.detect.InsightSeriesListener;
import dev.trailinsights.insight.ValueAverage;
import java.io.IOException;

/** Writes a {@link BaselineReport} as the baselines endpoint's JSON. */
final class BaselineJson {
  private BaselineJson() {}

  static void write(BaselineReport r, String servedBy, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("accountId", r.key().accountId());
    g.writeStringField("awsRegion", r.key().region());
    g.writeStringField("eventSource", r.key().eventSource());
    g.writeStringField("eventName", r.key().eventName());
    g.writeStringField("newestMinute", HistoryReader.time(r.newestMinute()));
    g.writeStringField("historyStart", HistoryReader.time(r.historyStart()));
    g.writeStringField("servedBy", servedBy);
    g.writeArrayFieldStart("series");
    for (BaselineReport.SeriesReport s : r.series()) {
      g.writeStartObject();
      g.writeStringField("errorCode", s.errorCode());
      g.writeObjectFieldStart("baseline");
      g.writeNumberField("expected", round(s.expected()));
      g.writeNumberField("average", round(s.average()));
      g.writeNumberField("variance", round(s.variance()));
      g.writeNumberField("minutes", s.minutes());
      g.writeStringField("model", s.model());
      g.writeStringField("seasonal", s.seasonal());
      if (s.threshold() == InsightSeriesListener.NO_THRESHOLD) {
        g.writeNullField("threshold");
      } else {
        g.writeNumberField("threshold", s.threshold());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("recent");
      for (BaselineReport.MinuteCount m : s.recent()) {
        g.writeStartObject();
        g.writeStringField("time", HistoryReader.time(m.minute()));
        g.writeNumberField("count", m.count());
        g.writeBooleanField("closed", m.closed());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("topValues");
      for (BaselineReport.AttributeValues a : s.topValues()) {
        g.writeStartObject();
        g.writeStringField("attribute", a.attribute());
        g.writeArrayFieldStart("values");
        for (ValueAverage v : a.values()) {
          g.writeStartObject();
          g.writeStringField("value", v.value());
          g.writeNumberField("average", round(v.average()));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      if (s.openInsight() == null) {
        g.writeNullField("openInsight");
      } else {
        g.writeObjectFieldStart("openInsight");
        g.writeStringField("sharedEventID", s.openInsight());
        g.writeStringField("startTime", HistoryReader.time(s.openSinceMinute()));
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0;
  }
}
