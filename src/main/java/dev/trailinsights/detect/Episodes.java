package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import java.util.function.Consumer;

/**
 * The Start/End state machine of a series' insight: starts one on an unusual minute, keeps it going
 * while closed minutes stay above the lower (hysteresis) threshold, ends it after {@code
 * quiet-minutes} closed minutes without, writes the Start and End events and draws the per-minute
 * picture for the series listener.
 */
final class Episodes {
  private static final long MINUTE_MS = 60_000L;

  private final StateLayout layout;
  private final Baselines baselines;
  private final Thresholds thresholds;
  private final InsightBuilder insights;
  private final Consumer<InsightEvent> out;
  private final InsightSeriesListener series;
  private final DetectionCounters counters;
  private final int quiet;
  private final long maxFrozen;

  Episodes(
      DetectorConfig config,
      StateLayout layout,
      Baselines baselines,
      Thresholds thresholds,
      Consumer<InsightEvent> out,
      InsightSeriesListener series,
      DetectionCounters counters) {
    this.layout = layout;
    this.baselines = baselines;
    this.thresholds = thresholds;
    this.insights = new InsightBuilder(config.details());
    this.out = out;
    this.series = series;
    this.counters = counters;
    this.quiet = config.quietMinutes();
    this.maxFrozen = config.maxFrozen().toMinutes();
  }

  /** Whether anyone listens to the per-minute pictures. */
  boolean drawing() {
    return series != InsightSeriesListener.NONE;
  }

  /** Starts an insight of {@code s} at minute {@code m}, whose count reached its threshold. */
  void start(ApiState st, Series s, long m, long count, long decidedAtMillis) {
    long threshold = thresholds.threshold(st, s, m);
    Baseline b = s.thresholdBaseline;
    Episode ep = s.episode;
    // the tail of the count that proves the minute (its threshold), the same however far the
    // minute's count had got when it was judged
    ep.begin(m, b, threshold, Thresholds.pValue(threshold, b));
    // the callers of the minute's block so far are the insight's, not the baseline's
    s.sketches.startEpisode(m, layout.attributionBlock());
    counters.starts++;
    out.accept(
        insights.insight(
            st.key, s, InsightState.START, m, count, 1, decidedAtMillis, share(s, count)));
    if (drawing()) {
      // the picture before the Start: the minutes still in the ring
      long from = Math.max(st.watermark - layout.ringSize() + 1, st.historyStart);
      for (long c = from; c < m; c++) {
        reportMinute(st, s, c, s.counts.count(c), baselines.of(st, s, c));
      }
      series.minute(
          InsightBuilder.episodeId(st.key, s),
          m,
          count,
          b.expected(),
          Thresholds.reported(threshold));
      for (long c = m + 1; c <= st.watermark; c++) {
        reportMinute(st, s, c, s.counts.count(c), baselines.of(st, s, c));
      }
    }
  }

  /**
   * Reports the open insight's minutes that are still open (their counts can still grow), up to the
   * minute whose closing would end it.
   */
  void reportOpenMinutes(ApiState st, Series s) {
    Episode ep = s.episode;
    if (ep.open()) {
      // not past the minute that would end it: every minute reported is closed (and reported
      // again with its final count) before the End, so the final picture does not depend on when
      // stream time ticked
      long last = Math.min(st.watermark, ep.lastUnusual + quiet);
      for (long c = Math.max(st.closedThrough + 1, ep.start); c <= last; c++) {
        reportMinute(st, s, c, s.counts.count(c), baselines.of(st, s, c));
      }
    }
  }

  private void reportMinute(ApiState st, Series s, long minute, long count, Baseline b) {
    series.minute(
        InsightBuilder.episodeId(st.key, s),
        minute,
        count,
        b.expected(),
        Thresholds.reported(thresholds.unusual(st.key, b)));
  }

  /**
   * Closes minutes {@code [from, to]} of one series: episode bookkeeping and exclusion flags.
   *
   * @param decidable the newest minute whose count can be judged (the watermark's), or {@code
   *     Long.MIN_VALUE} when the detector runs without a watermark
   */
  void closeRange(ApiState st, Series s, long from, long to, long decidable) {
    long ringEnd = Math.min(to, st.watermark);
    long c = from;
    for (; c <= ringEnd; c++) {
      closeMinute(st, s, c, s.counts.count(c), decidable);
    }
    // minutes after the watermark are silent: only an open episode cares about them
    Episode ep = s.episode;
    if (c <= to && ep.open()) {
      long endAt = ep.lastUnusual + quiet;
      if (drawing()) {
        for (long q = Math.max(c, ep.start); q <= Math.min(to, endAt); q++) {
          reportMinute(st, s, q, 0, baselines.of(st, s, q));
        }
      }
      if (endAt <= to) {
        end(st, s, Math.max(endAt, c));
      }
    }
  }

  private void closeMinute(ApiState st, Series s, long c, int count, long decidable) {
    int slot = s.counts.slot(c);
    s.counts.ringFlags[slot] = 0;
    Episode ep = s.episode;
    if (!ep.open()) {
      // judged when it closes (or not reached by the watermark before it closed): its final count
      // decides, and the insight starts here, whatever order its events came in
      if (count <= 0
          || count < thresholds.tuning(st.key).minCount()
          || count < thresholds.threshold(st, s, c)) {
        return;
      }
      start(st, s, c, count, (c + 1) * MINUTE_MS - 1);
    }
    Baseline b = baselines.of(st, s, c);
    if (c < ep.start) {
      // a minute before the Start closes after it: when it is unusual and close enough to be the
      // same activity, its counts arrived after those of the minute that proved the insight, and
      // the episode (not its identity) starts there; otherwise it is the picture's "before"
      if (ep.first == Episode.NONE
          && c >= ep.start - quiet
          && count > 0
          && count >= thresholds.unusual(st.key, b)) {
        ep.first = c;
      }
      if (ep.first == Episode.NONE) {
        if (drawing()) {
          reportMinute(st, s, c, count, b); // its final count
        }
        return;
      }
    }
    if (drawing()) {
      reportMinute(st, s, c, count, b);
    }
    boolean stays = count > 0 && count >= thresholds.stay(st.key, b);
    ep.pending += count;
    if (stays) {
      ep.sumThroughLast += ep.pending;
      ep.pending = 0;
      ep.lastUnusual = Math.max(ep.lastUnusual, c);
      if (c - ep.firstMinute() < maxFrozen) {
        s.counts.ringFlags[slot] = MinuteCounts.FLAG_EXCLUDED;
      }
    } else if (c > ep.lastUnusual && c - ep.lastUnusual >= quiet) {
      end(st, s, c);
      restartFromOpenMinutes(st, s, c, decidable);
    }
  }

  /** After an End, an open minute may already be unusual: it starts the next insight. */
  private void restartFromOpenMinutes(ApiState st, Series s, long closedMinute, long decidable) {
    // minutes beyond the watermark are judged when it reaches them (decide)
    long last = Math.min(st.watermark, decidable == Long.MIN_VALUE ? st.watermark : decidable);
    for (long m = closedMinute + 1; m <= last; m++) {
      int count = s.counts.count(m);
      if (count > 0) {
        if (count >= thresholds.threshold(st, s, m)) {
          start(st, s, m, count, m * MINUTE_MS);
          return;
        }
      }
    }
  }

  /**
   * The weight of one attributed event such that an attribute's values add up to {@code average}:
   * the insight's sketches also hold calls of its first block's other minutes (and, until it ends,
   * of minutes read ahead), so they give each caller's share, which the average scales.
   */
  private static double share(Series s, double average) {
    double weight = s.sketches.episodeWeight();
    return weight > 0 ? average / weight : 1.0;
  }

  private void end(ApiState st, Series s, long decidedMinute) {
    Episode ep = s.episode;
    long duration = ep.lastUnusual - ep.firstMinute() + 1;
    double average = (double) ep.sumThroughLast / duration;
    counters.ends++;
    out.accept(
        insights.insight(
            st.key,
            s,
            InsightState.END,
            ep.lastUnusual + 1,
            average,
            duration,
            decidedMinute * MINUTE_MS,
            share(s, average)));
    ep.close();
    s.sketches.endEpisode();
    s.invalidateThreshold();
  }
}
