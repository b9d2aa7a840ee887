package dev.trailinsights.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.config.EventClass;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of {@link Evaluation#evaluate}: precision, recall, detection delays, false insights
 * per key per day, a breakdown by anomaly kind and strength, and the missed labels and false Starts
 * for diagnosis. Delays are in seconds; a null delay means no value (nothing detected, or insights
 * without {@code trailInsights.decidedAt}).
 *
 * @param labels all labels
 * @param labelsInScope labels whose selection the detector analysed
 * @param detected labels in scope with a matching Start
 * @param starts distinct Starts (by sharedEventID)
 * @param matchedStarts Starts that match a label (in scope or not)
 * @param falseStarts Starts that match no label
 * @param sameIncidentStarts false Starts on a labelled key during its window, on another series
 *     (e.g. the call rate of a key whose error burst is labelled)
 * @param duplicateStarts Start records repeated with the same sharedEventID, ignored
 * @param keys distinct API keys of the traffic
 * @param days length of the traffic in days
 * @param falsePerKeyPerDay false Starts per key per day
 * @param medianDelay median detection delay from the anomaly's start to the decision
 * @param p95Delay 95th percentile of that delay
 * @param delaysWithDecision detected labels whose Start carried {@code decidedAt}
 * @param medianEventTimeDelay median of first matching Start's eventTime minus the label's start
 * @param p95EventTimeDelay 95th percentile of that
 * @param singleCallStarts Starts whose first-minute rate is at most 2 (must be 0)
 * @param endedStarts matching Starts with an End
 * @param attributionChecked detected labels with a known actor
 * @param attributionHits of those, first matching Starts whose top userIdentityArn is the actor
 * @param endAttributionHits of those, Ends of that Start whose top userIdentityArn is the actor
 * @param byKind labels, detections and median delay per anomaly kind
 * @param byStrength labels and detections per strength
 * @param falseByTrap false Starts per trap they fell into
 * @param detections one line per detected label
 * @param missed labels in scope without a matching Start
 * @param falseStartList the false Starts
 * @param options how it was scored
 */
public record EvaluationReport(
    int labels,
    int labelsInScope,
    int detected,
    int starts,
    int matchedStarts,
    int falseStarts,
    int sameIncidentStarts,
    int duplicateStarts,
    long keys,
    double days,
    double falsePerKeyPerDay,
    Double medianDelay,
    Double p95Delay,
    int delaysWithDecision,
    Double medianEventTimeDelay,
    Double p95EventTimeDelay,
    int singleCallStarts,
    int endedStarts,
    int attributionChecked,
    int attributionHits,
    int endAttributionHits,
    List<KindStats> byKind,
    List<KindStats> byStrength,
    Map<String, Integer> falseByTrap,
    List<Detection> detections,
    List<Label> missed,
    List<FalseStart> falseStartList,
    Evaluation.Options options) {

  private static final JsonFactory JSON = new JsonFactory();

  /** Labels and detections of one group. */
  public record KindStats(String name, int labels, int detected, Double medianDelay) {
    public double recall() {
      return labels == 0 ? Double.NaN : detected / (double) labels;
    }
  }

  /** A detected label and its first matching Start. */
  public record Detection(
      String labelId,
      String kind,
      String sharedEventId,
      Double delay,
      double eventTimeDelay,
      boolean ended,
      Boolean attributed) {}

  /** A Start that matches no label, with the trap it most likely fell into. */
  public record FalseStart(
      String key,
      String insightType,
      String errorCode,
      Instant time,
      double insightAverage,
      double baselineAverage,
      String trap) {}

  /** Detected labels over labels in scope; NaN with no label in scope. */
  public double recall() {
    return labelsInScope == 0 ? Double.NaN : detected / (double) labelsInScope;
  }

  /**
   * Starts about a labelled incident (its labelled series, or another series of the same API during
   * it) over all Starts; NaN with no Start.
   */
  public double precision() {
    return starts == 0 ? Double.NaN : (matchedStarts + sameIncidentStarts) / (double) starts;
  }

  /** Starts matching a label's exact series (type and error code) over all Starts. */
  public double strictPrecision() {
    return starts == 0 ? Double.NaN : matchedStarts / (double) starts;
  }

  /** Share of matching Starts that have an End; NaN with none. */
  public double endedShare() {
    return matchedStarts == 0 ? Double.NaN : endedStarts / (double) matchedStarts;
  }

  /** A report for people. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("trail-insights evaluation\n");
    b.append(
        line(
            "selection",
            "call rate "
                + classes(options.callRateSelection())
                + "; error rate "
                + classes(options.errorRateSelection())
                + "; slack "
                + options.slack().toMinutes()
                + " min"));
    b.append(
        line(
            "labels",
            labelsInScope
                + " in scope of "
                + labels
                + "; "
                + keys
                + " keys over "
                + fmt(days)
                + " days"));
    b.append(line("recall", pct(recall()) + "  (" + detected + "/" + labelsInScope + ")"));
    b.append(
        line(
            "precision",
            pct(precision())
                + "  ("
                + (matchedStarts + sameIncidentStarts)
                + "/"
                + starts
                + " Starts are about a labelled incident; "
                + matchedStarts
                + " match its labelled series exactly: strict "
                + pct(strictPrecision())
                + ")"));
    b.append(
        line(
            "false insights",
            String.format(Locale.ROOT, "%.5f", falsePerKeyPerDay)
                + " per key per day  ("
                + falseStarts
                + " false Starts)"));
    b.append(
        line(
            "delay to decision",
            "median "
                + secs(medianDelay)
                + ", p95 "
                + secs(p95Delay)
                + "  ("
                + delaysWithDecision
                + " with decidedAt)"));
    b.append(
        line(
            "delay (eventTime)",
            "median " + secs(medianEventTimeDelay) + ", p95 " + secs(p95EventTimeDelay)));
    b.append(
        line(
            "single-call insights",
            singleCallStarts + (singleCallStarts == 0 ? "" : "  (must be 0)")));
    b.append(
        line(
            "Starts with an End",
            pct(endedShare()) + "  (" + endedStarts + "/" + matchedStarts + ")"));
    if (attributionChecked > 0) {
      b.append(
          line(
              "actor is top caller",
              "on Start "
                  + pct(attributionHits / (double) attributionChecked)
                  + " ("
                  + attributionHits
                  + "/"
                  + attributionChecked
                  + "), on End "
                  + pct(endAttributionHits / (double) attributionChecked)
                  + " ("
                  + endAttributionHits
                  + "/"
                  + attributionChecked
                  + ")"));
    }
    if (duplicateStarts > 0) {
      b.append(line("repeated Starts", duplicateStarts + " ignored"));
    }
    b.append("\nby kind\n");
    for (KindStats k : byKind) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-22s %3d/%-3d  recall %-7s median delay %s%n",
              k.name(),
              k.detected(),
              k.labels(),
              pct(k.recall()),
              secs(k.medianDelay())));
    }
    b.append("by strength\n");
    for (KindStats k : byStrength) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-22s %3d/%-3d  recall %s%n",
              k.name(),
              k.detected(),
              k.labels(),
              pct(k.recall())));
    }
    if (!falseByTrap.isEmpty()) {
      b.append("false Starts by trap\n");
      for (Map.Entry<String, Integer> e : falseByTrap.entrySet()) {
        b.append(String.format(Locale.ROOT, "  %-22s %d%n", e.getKey(), e.getValue()));
      }
    }
    if (!missed.isEmpty()) {
      b.append("\nmissed labels\n");
      for (Label l : missed) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-5s %-18s %-7s %s %s%s  %s..%s  %.2f/min over baseline %.3f/min%n",
                l.id(),
                l.kind(),
                l.strength(),
                l.key(),
                l.insightType().awsName(),
                l.errorCode() == null ? "" : " " + l.errorCode(),
                l.start(),
                l.end(),
                l.anomalyPerMinute(),
                l.baselinePerMinute()));
      }
    }
    if (!falseStartList.isEmpty()) {
      b.append("\nfalse Starts\n");
      for (FalseStart f : falseStartList) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %s %s %s%s  %.1f/min vs baseline %.3f/min  [%s]%n",
                f.time(),
                f.key(),
                f.insightType(),
                f.errorCode() == null ? "" : " " + f.errorCode(),
                f.insightAverage(),
                f.baselineAverage(),
                f.trap()));
      }
    }
    return b.toString();
  }

  /** A report for machines: every figure above, and the lists. */
  public void writeJson(OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("options");
      g.writeNumberField("slackSeconds", options.slack().toSeconds());
      g.writeStringField("callRateSelection", classes(options.callRateSelection()));
      g.writeStringField("errorRateSelection", classes(options.errorRateSelection()));
      g.writeEndObject();
      g.writeNumberField("labels", labels);
      g.writeNumberField("labelsInScope", labelsInScope);
      g.writeNumberField("detected", detected);
      number(g, "recall", recall());
      g.writeNumberField("starts", starts);
      g.writeNumberField("matchedStarts", matchedStarts);
      number(g, "precision", precision());
      number(g, "strictPrecision", strictPrecision());
      g.writeNumberField("falseStarts", falseStarts);
      g.writeNumberField("sameIncidentStarts", sameIncidentStarts);
      g.writeNumberField("duplicateStarts", duplicateStarts);
      g.writeNumberField("keys", keys);
      g.writeNumberField("days", days);
      g.writeNumberField("falseInsightsPerKeyPerDay", falsePerKeyPerDay);
      number(g, "medianDelaySeconds", medianDelay);
      number(g, "p95DelaySeconds", p95Delay);
      g.writeNumberField("delaysWithDecision", delaysWithDecision);
      number(g, "medianEventTimeDelaySeconds", medianEventTimeDelay);
      number(g, "p95EventTimeDelaySeconds", p95EventTimeDelay);
      g.writeNumberField("singleCallStarts", singleCallStarts);
      g.writeNumberField("endedStarts", endedStarts);
      number(g, "endedShare", endedShare());
      g.writeNumberField("attributionChecked", attributionChecked);
      g.writeNumberField("attributionHits", attributionHits);
      g.writeNumberField("endAttributionHits", endAttributionHits);
      g.writeArrayFieldStart("byKind");
      for (KindStats k : byKind) {
        stats(g, k);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("byStrength");
      for (KindStats k : byStrength) {
        stats(g, k);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("falseByTrap");
      for (Map.Entry<String, Integer> e : falseByTrap.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("detections");
      for (Detection d : detections) {
        g.writeStartObject();
        g.writeStringField("label", d.labelId());
        g.writeStringField("kind", d.kind());
        g.writeStringField("sharedEventID", d.sharedEventId());
        number(g, "delaySeconds", d.delay());
        g.writeNumberField("eventTimeDelaySeconds", d.eventTimeDelay());
        g.writeBooleanField("ended", d.ended());
        if (d.attributed() == null) {
          g.writeNullField("actorIsTopCaller");
        } else {
          g.writeBooleanField("actorIsTopCaller", d.attributed());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("missed");
      for (Label l : missed) {
        g.writeStartObject();
        g.writeStringField("id", l.id());
        g.writeStringField("kind", l.kind());
        g.writeStringField("strength", l.strength());
        g.writeStringField("key", l.key());
        g.writeStringField("insightType", l.insightType().awsName());
        g.writeStringField("errorCode", l.errorCode());
        g.writeStringField("start", l.start().toString());
        g.writeStringField("end", l.end().toString());
        number(g, "anomalyPerMinute", l.anomalyPerMinute());
        number(g, "baselinePerMinute", l.baselinePerMinute());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("falseStarts");
      for (FalseStart f : falseStartList) {
        g.writeStartObject();
        g.writeStringField("key", f.key());
        g.writeStringField("insightType", f.insightType());
        g.writeStringField("errorCode", f.errorCode());
        g.writeStringField("time", f.time().toString());
        number(g, "insightAverage", f.insightAverage());
        number(g, "baselineAverage", f.baselineAverage());
        g.writeStringField("trap", f.trap());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void stats(JsonGenerator g, KindStats k) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", k.name());
    g.writeNumberField("labels", k.labels());
    g.writeNumberField("detected", k.detected());
    number(g, "recall", k.recall());
    number(g, "medianDelaySeconds", k.medianDelay());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String field, Double v) throws IOException {
    if (v == null || v.isNaN() || v.isInfinite()) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, v);
    }
  }

  private static String classes(java.util.Set<EventClass> set) {
    return set.stream().map(EventClass::label).sorted().collect(Collectors.joining(","));
  }

  private static String line(String name, String value) {
    return String.format(Locale.ROOT, "  %-22s %s%n", name, value);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String secs(Double v) {
    if (v == null) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.0f s", v);
  }
}
