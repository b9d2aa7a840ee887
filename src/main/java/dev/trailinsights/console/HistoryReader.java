package dev.trailinsights.console;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.history.HistoryKeys;
import dev.trailinsights.history.InsightSummary;
import dev.trailinsights.history.SeriesPoint;
import dev.trailinsights.insight.InsightJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the insight queries from the history store ({@link HistoryKeys}): a list scans the index
 * newest first within the time range and reads the records of the matches only; one insight adds
 * its per-minute series.
 */
final class HistoryReader {
  private static final long MINUTE_MS = 60_000L;
  private static final Pattern ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Most series points returned for one insight (a week of minutes). */
  static final int MAX_POINTS = 7 * 24 * 60;

  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final long retentionDays;
  private final DigestStatus digests;

  HistoryReader(ReadOnlyKeyValueStore<String, byte[]> store, long retentionDays) {
    this(store, retentionDays, DigestStatus.OFF);
  }

  HistoryReader(
      ReadOnlyKeyValueStore<String, byte[]> store, long retentionDays, DigestStatus digests) {
    this.store = store;
    this.retentionDays = retentionDays;
    this.digests = digests;
  }

  /** Writes {@code {"insights":[...],"count":n,"limit":l,"truncated":b,"retentionDays":d}}. */
  void list(InsightQuery q, JsonGenerator g) throws IOException {
    List<InsightSummary> found = new ArrayList<>();
    boolean truncated = false;
    String from =
        q.untilMinute() == Long.MAX_VALUE
            ? HistoryKeys.INDEX
            : HistoryKeys.indexFrom(Math.max(0, q.untilMinute()));
    String to =
        q.sinceMinute() <= 0
            ? HistoryKeys.after(HistoryKeys.INDEX)
            : HistoryKeys.indexFrom(q.sinceMinute() - 1);
    try (KeyValueIterator<String, byte[]> it = store.range(from, to)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        InsightSummary s;
        try {
          s = InsightSummary.parse(kv.value);
        } catch (IllegalArgumentException e) {
          continue; // not written by this version: leave it out
        }
        if (q.matches(s)) {
          if (found.size() == q.limit()) {
            truncated = true;
            break;
          }
          found.add(s);
        }
      }
    }
    g.writeStartObject();
    g.writeArrayFieldStart("insights");
    for (InsightSummary s : found) {
      writeInsight(s, g);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("count", found.size());
    g.writeNumberField("limit", q.limit());
    g.writeBooleanField("truncated", truncated);
    g.writeNumberField("retentionDays", retentionDays);
    g.writeEndObject();
  }

  /**
   * Writes one insight with its series.
   *
   * @throws ApiException 400 for a malformed id, 404 for an unknown one
   */
  void one(String id, JsonGenerator g) throws IOException {
    if (!ID.matcher(id).matches()) {
      throw ApiException.badParameter("sharedEventID", "sharedEventID must be a lower-case UUID");
    }
    byte[] start = store.get(HistoryKeys.start(id));
    if (start == null) {
      throw ApiException.notFound("no insight with this sharedEventID in the history");
    }
    byte[] end = store.get(HistoryKeys.end(id));
    InsightSummary s = InsightSummary.of(InsightJson.parse(end != null ? end : start));
    writeInsight(s, g);
    g.writeObjectFieldStart("series");
    g.writeStringField("errorCode", s.errorCode());
    g.writeArrayFieldStart("points");
    String prefix = HistoryKeys.points(id);
    int n = 0;
    try (KeyValueIterator<String, byte[]> it = store.range(prefix, HistoryKeys.after(prefix))) {
      while (it.hasNext() && n < MAX_POINTS) {
        KeyValue<String, byte[]> kv = it.next();
        SeriesPoint p;
        try {
          p = SeriesPoint.parse(HistoryKeys.minuteOfPoint(kv.key), kv.value);
        } catch (IllegalArgumentException e) {
          continue;
        }
        n++;
        g.writeStartObject();
        g.writeStringField("time", time(p.minute()));
        g.writeNumberField("count", p.count());
        g.writeNumberField("expected", p.expected());
        if (p.threshold() < 0) {
          g.writeNullField("threshold");
        } else {
          g.writeNumberField("threshold", p.threshold());
        }
        g.writeStringField("phase", phase(s, p.minute()));
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static String phase(InsightSummary s, long minute) {
    if (minute < s.startMinute()) {
      return "before";
    }
    return s.open() || minute < s.endMinute() ? "insight" : "after";
  }

  /** Writes the fields of one insight; the caller closes the object. */
  private void writeInsight(InsightSummary s, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("sharedEventID", s.sharedEventId());
    g.writeStringField("state", s.open() ? "open" : "closed");
    g.writeStringField("insightType", s.insightType());
    g.writeStringField("eventSource", s.eventSource());
    g.writeStringField("eventName", s.eventName());
    g.writeStringField("accountId", s.accountId());
    g.writeStringField("awsRegion", s.awsRegion());
    g.writeStringField("errorCode", s.errorCode());
    g.writeStringField("startTime", time(s.startMinute()));
    g.writeStringField("endTime", s.open() ? null : time(s.endMinute()));
    byte[] start = store.get(HistoryKeys.start(s.sharedEventId()));
    byte[] end = s.open() ? null : store.get(HistoryKeys.end(s.sharedEventId()));
    // off, proven (every record listed by a valid digest), modified, or pending
    g.writeStringField("integrity", digests.of(start, end));
    raw(g, "start", start);
    raw(g, "end", end);
  }

  private static void raw(JsonGenerator g, String field, byte[] json) throws IOException {
    g.writeFieldName(field);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(new String(json, StandardCharsets.UTF_8));
    }
  }

  static String time(long minute) {
    return Instant.ofEpochMilli(minute * MINUTE_MS).toString();
  }
}
