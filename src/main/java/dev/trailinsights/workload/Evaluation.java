package dev.trailinsights.workload;

import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores Insights events against labels.
 *
 * <p>A Start matches a label when account, region, eventSource, eventName and insightType agree
 * (and the error code, for error-rate insights) and its eventTime lies within {@code [label.start -
 * slack, label.end + slack]}; a label is detected when a Start matches it. Recall counts only
 * labels the detector was asked to see: call-rate labels whose selection is in {@link
 * Options#callRateSelection()}, error-rate labels whose selection is in {@link
 * Options#errorRateSelection()}. Precision is matching Starts over all Starts. Detection delay is
 * the earliest {@code trailInsights.decidedAt} of a label's matching Starts minus the label's start
 * (and the same with eventTime). Percentiles interpolate linearly between ranks.
 */
public final class Evaluation {

  /**
   * What to score.
   *
   * @param slack tolerance around a label's window
   * @param callRateSelection event classes the call-rate series were built from
   * @param errorRateSelection event classes the error-rate series were built from
   */
  public record Options(
      Duration slack, Set<EventClass> callRateSelection, Set<EventClass> errorRateSelection) {
    public Options {
      if (slack.isNegative()) {
        throw new IllegalArgumentException("invalid value for --slack: must not be negative");
      }
      callRateSelection = Set.copyOf(callRateSelection);
      errorRateSelection = Set.copyOf(errorRateSelection);
    }

    /** Slack 15 minutes, AWS's default selections (write management; read and write errors). */
    public static Options defaults() {
      return new Options(
          Duration.ofMinutes(15),
          Set.of(EventClass.WRITE_MANAGEMENT),
          Set.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT));
    }

    boolean inScope(Label l) {
      return (l.insightType() == InsightType.API_CALL_RATE ? callRateSelection : errorRateSelection)
          .contains(l.selection());
    }
  }

  /** Trap names a false Start can be attributed to, besides the decoy kinds. */
  public static final String TRAP_LABELLED_KEY = "labelled-key";

  public static final String TRAP_SAME_INCIDENT = "same-incident";
  public static final String TRAP_MORNING_RAMP = "morning-ramp";
  public static final String TRAP_OTHER = "other";

  private Evaluation() {}

  public static EvaluationReport evaluate(
      Labels labels, List<InsightEvent> insights, Options options) {
    long slack = options.slack().toMillis();
    Map<String, List<Label>> byKey = new HashMap<>();
    for (Label l : labels.anomalies()) {
      byKey.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
    }
    Map<String, Decoy> decoys = new HashMap<>();
    for (Decoy d : labels.decoys()) {
      decoys.put(d.key(), d);
    }

    List<InsightEvent> starts = new ArrayList<>();
    Set<String> startIds = new HashSet<>();
    Map<String, InsightEvent> ends = new HashMap<>();
    int duplicates = 0;
    for (InsightEvent e : insights) {
      if (e.state() == InsightState.START) {
        if (startIds.add(e.sharedEventId())) {
          starts.add(e);
        } else {
          duplicates++;
        }
      } else {
        ends.putIfAbsent(e.sharedEventId(), e);
      }
    }
    starts.sort(
        Comparator.comparingLong(InsightEvent::eventTimeMillis)
            .thenComparing(InsightEvent::sharedEventId));

    Map<Label, List<InsightEvent>> matchesOf = new LinkedHashMap<>();
    int matched = 0;
    int ended = 0;
    int singleCall = 0;
    List<EvaluationReport.FalseStart> falseStarts = new ArrayList<>();
    Map<String, Integer> trapCounts = new TreeMap<>();
    for (InsightEvent s : starts) {
      if (s.insightAverage() <= 2) {
        singleCall++;
      }
      String key =
          s.recipientAccountId()
              + "|"
              + s.awsRegion()
              + "|"
              + s.eventSource()
              + "|"
              + s.eventName();
      List<Label> onKey = byKey.getOrDefault(key, List.of());
      boolean any = false;
      boolean nearLabel = false;
      for (Label l : onKey) {
        boolean inWindow =
            s.eventTimeMillis() >= l.start().toEpochMilli() - slack
                && s.eventTimeMillis() <= l.end().toEpochMilli() + slack;
        if (!inWindow) {
          continue;
        }
        nearLabel = true;
        if (s.insightType() == l.insightType()
            && (l.insightType() == InsightType.API_CALL_RATE
                || Objects.equals(s.errorCode(), l.errorCode()))) {
          matchesOf.computeIfAbsent(l, x -> new ArrayList<>()).add(s);
          any = true;
        }
      }
      if (any) {
        matched++;
        if (ends.containsKey(s.sharedEventId())) {
          ended++;
        }
        continue;
      }
      String trap;
      if (nearLabel) {
        trap = TRAP_SAME_INCIDENT;
      } else if (decoys.containsKey(key)) {
        trap = decoys.get(key).kind();
      } else if (!onKey.isEmpty()) {
        trap = TRAP_LABELLED_KEY;
      } else if (morningRamp(s, labels)) {
        trap = TRAP_MORNING_RAMP;
      } else {
        trap = TRAP_OTHER;
      }
      trapCounts.merge(trap, 1, Integer::sum);
      falseStarts.add(
          new EvaluationReport.FalseStart(
              key,
              s.insightType().awsName(),
              s.errorCode(),
              Instant.ofEpochMilli(s.eventTimeMillis()),
              s.insightAverage(),
              s.baselineAverage(),
              trap));
    }

    int inScope = 0;
    int detected = 0;
    int attributionChecked = 0;
    int attributionHits = 0;
    int endAttributionHits = 0;
    List<Double> decidedDelays = new ArrayList<>();
    List<Double> eventTimeDelays = new ArrayList<>();
    List<Label> missed = new ArrayList<>();
    List<EvaluationReport.Detection> detections = new ArrayList<>();
    Map<String, int[]> kindCounts = new TreeMap<>();
    Map<String, List<Double>> kindDelays = new TreeMap<>();
    Map<String, int[]> strengthCounts = new TreeMap<>();
    for (Label l : labels.anomalies()) {
      if (!options.inScope(l)) {
        continue;
      }
      inScope++;
      int[] kc = kindCounts.computeIfAbsent(l.kind(), k -> new int[2]);
      int[] sc = strengthCounts.computeIfAbsent(l.strength(), k -> new int[2]);
      kc[0]++;
      sc[0]++;
      List<InsightEvent> m = matchesOf.get(l);
      if (m == null) {
        missed.add(l);
        continue;
      }
      detected++;
      kc[1]++;
      sc[1]++;
      long start = l.start().toEpochMilli();
      long firstTime = Long.MAX_VALUE;
      long firstDecided = Long.MAX_VALUE;
      InsightEvent first = null;
      for (InsightEvent s : m) {
        if (s.eventTimeMillis() < firstTime) {
          firstTime = s.eventTimeMillis();
          first = s;
        }
        if (s.details() != null && s.details().decidedAtMillis() != Long.MIN_VALUE) {
          firstDecided = Math.min(firstDecided, s.details().decidedAtMillis());
        }
      }
      double eventDelay = (firstTime - start) / 1000.0;
      eventTimeDelays.add(eventDelay);
      Double decidedDelay = null;
      if (firstDecided != Long.MAX_VALUE) {
        decidedDelay = (firstDecided - start) / 1000.0;
        decidedDelays.add(decidedDelay);
        kindDelays.computeIfAbsent(l.kind(), k -> new ArrayList<>()).add(decidedDelay);
      }
      Boolean attributed = null;
      if (l.userIdentityArn() != null) {
        attributionChecked++;
        attributed = l.userIdentityArn().equals(topArn(first));
        if (attributed) {
          attributionHits++;
        }
        InsightEvent end = ends.get(first.sharedEventId());
        if (end != null && l.userIdentityArn().equals(topArn(end))) {
          endAttributionHits++;
        }
      }
      detections.add(
          new EvaluationReport.Detection(
              l.id(),
              l.kind(),
              first.sharedEventId(),
              decidedDelay,
              eventDelay,
              ends.containsKey(first.sharedEventId()),
              attributed));
    }

    List<EvaluationReport.KindStats> byKind = new ArrayList<>();
    for (Map.Entry<String, int[]> e : kindCounts.entrySet()) {
      List<Double> d = kindDelays.getOrDefault(e.getKey(), List.of());
      byKind.add(
          new EvaluationReport.KindStats(
              e.getKey(), e.getValue()[0], e.getValue()[1], percentile(d, 50)));
    }
    List<EvaluationReport.KindStats> byStrength = new ArrayList<>();
    for (Map.Entry<String, int[]> e : strengthCounts.entrySet()) {
      byStrength.add(
          new EvaluationReport.KindStats(e.getKey(), e.getValue()[0], e.getValue()[1], null));
    }
    // a Start on the very API of a labelled incident, during it, is about that incident (a burst
    // of failed calls is also a burst of calls): not a false insight, though not the labelled type
    int sameIncident = trapCounts.getOrDefault(TRAP_SAME_INCIDENT, 0);
    int falseCount = falseStarts.size() - sameIncident;
    return new EvaluationReport(
        labels.anomalies().size(),
        inScope,
        detected,
        starts.size(),
        matched,
        falseCount,
        sameIncident,
        duplicates,
        labels.keys(),
        labels.days(),
        falseCount / (double) labels.keys() / labels.days(),
        percentile(decidedDelays, 50),
        percentile(decidedDelays, 95),
        decidedDelays.size(),
        percentile(eventTimeDelays, 50),
        percentile(eventTimeDelays, 95),
        singleCall,
        ended,
        attributionChecked,
        attributionHits,
        endAttributionHits,
        byKind,
        byStrength,
        Collections.unmodifiableMap(trapCounts),
        detections,
        missed,
        falseStarts,
        options);
  }

  private static String topArn(InsightEvent s) {
    for (Attribution a : s.attributions()) {
      if (Attribution.USER_IDENTITY_ARN.equals(a.attribute()) && !a.insight().isEmpty()) {
        return a.insight().get(0).value();
      }
    }
    return null;
  }

  /** Weekday, 06:00 to 10:00 in the account's business-hours time zone. */
  private static boolean morningRamp(InsightEvent s, Labels labels) {
    int offset = labels.utcOffsetHours().getOrDefault(s.recipientAccountId(), 0);
    long localMinute = s.eventTimeMillis() / 60_000L + offset * 60L;
    long day = Math.floorDiv(localMinute, 1440L);
    int dayOfWeek = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday; 0 = Monday
    int hour = (int) Math.floorMod(localMinute, 1440L) / 60;
    return dayOfWeek < 5 && hour >= 6 && hour < 10;
  }

  /**
   * The {@code p}-th percentile (0..100) with linear interpolation between closest ranks (the
   * common "type 7" definition: the median of 10 and 20 is 15); null for no values.
   */
  public static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    double pos = p / 100.0 * (v.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v.get(lo) + (v.get(hi) - v.get(lo)) * (pos - lo);
  }
}
