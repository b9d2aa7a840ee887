package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.insight.InsightEvent;
import java.util.function.Consumer;

/**
 * Runs the per-key detection, shared by every driver (offline replay, the Kafka Streams processor),
 * by composing its parts: {@link MinuteCounts} (ring and hour sums), {@link Baselines} and the
 * {@link SeasonalModel}, {@link Thresholds} with per-API {@link ApiTuning}, {@link
 * AttributionSketches}, {@link ErrorCodeSeries} and the {@link Episodes} state machine. It holds no
 * per-key state itself: drivers load an {@link ApiState}, call {@link #onEvent}, and {@link
 * #decide} as {@link #advanceTo the watermark} moves, and store the state back. One instance per
 * thread.
 *
 * <p>Decisions are functions of event time, not of arrival order: the baseline behind minute {@code
 * m} is made of exactly the closed minutes up to {@code m - lateness - 1}, held as integer sums, so
 * a minute is judged the same whether its neighbours arrived early or late. A Start fires as soon
 * as the running count of a minute reaches the smallest unusual count (counts only grow, so that
 * minute stays unusual); an End needs {@code quiet-minutes} closed minutes without unusual activity
 * (at a lower, hysteresis threshold) after the last unusual one.
 */
public final class Detector {
  private static final long MINUTE_MS = 60_000L;

  private final DetectorConfig config;
  private final SeenIds seen;
  private final StateLayout layout;
  private final int lateness;
  private final int ringSize;
  private final double baselineDecayPerMinute;
  private final DetectionCounters counters = new DetectionCounters();
  private final Thresholds thresholds;
  private final Episodes episodes;
  private final ErrorCodeSeries errorSeries;
  private final KeyDescriber describer;

  // event-time progress of every input this detector is fed from (the watermark), see advanceTo
  private long watermarkMillis = Long.MIN_VALUE;
  private long watermarkMinute = Long.MIN_VALUE;
  // whether a minute the watermark has reached is judged on arrival (the live edge) rather than
  // when it closes (a backlog, replay)
  private boolean judgeOnArrival = true;

  /**
   * @param seen de-duplication of event ids, or null when {@code detection.dedupe} is off
   */
  public Detector(DetectorConfig config, Consumer<InsightEvent> out, SeenIds seen) {
    this(config, out, seen, InsightSeriesListener.NONE);
  }

  /**
   * @param seen de-duplication of event ids, or null when {@code detection.dedupe} is off
   * @param series receives the per-minute picture of every insight
   */
  public Detector(
      DetectorConfig config,
      Consumer<InsightEvent> out,
      SeenIds seen,
      InsightSeriesListener series) {
    this.config = config;
    this.seen = config.dedupe() ? seen : null;
    this.layout = StateLayout.of(config);
    this.lateness = layout.lateness();
    this.ringSize = layout.ringSize();
    // attribution weights halve over a quarter of the window: recent callers count more
    double halfLife = Math.max(60, config.baselineWindow().toMinutes() / 4.0);
    this.baselineDecayPerMinute = Math.pow(0.5, 1.0 / halfLife);
    Baselines baselines = new Baselines(layout, new SeasonalModel(config.seasonality()));
    this.thresholds = new Thresholds(config, baselines);
    this.episodes =
        new Episodes(
            config,
            layout,
            baselines,
            thresholds,
            out,
            java.util.Objects.requireNonNull(series, "series"),
            counters);
    this.errorSeries = new ErrorCodeSeries(layout, config.maxErrorCodesPerKey(), counters);
    this.describer = new KeyDescriber(config);
  }

  public DetectorConfig config() {
    return config;
  }

  /** Counters of what this instance has done; drivers expose them as metrics and summaries. */
  public DetectionCounters counters() {
    return counters;
  }

  // ---------------------------------------------------------------- event-time progress

  /**
   * The watermark moved to {@code millis}: every input has reached that event time, so minutes up
   * to {@code millis - lateness - 1} minute are closed for every key (an event of a closed minute
   * is late), and minutes up to the watermark's minute can be judged, their baselines being final.
   * Never moves back.
   *
   * @return true when the watermark's minute advanced
   */
  public boolean advanceTo(long millis) {
    if (millis <= watermarkMillis) {
      return false;
    }
    long before = watermarkMinute;
    watermarkMillis = millis;
    watermarkMinute = Math.floorDiv(millis, MINUTE_MS);
    return watermarkMinute != before;
  }

  /** The watermark, epoch milliseconds; {@code Long.MIN_VALUE} before any progress is known. */
  public long watermarkMillis() {
    return watermarkMillis;
  }

  /** Every minute up to here is closed for every key; {@code Long.MIN_VALUE} while unknown. */
  public long closedMinute() {
    return watermarkMinute == Long.MIN_VALUE ? Long.MIN_VALUE : watermarkMinute - lateness - 1;
  }

  /**
   * The newest minute an event can be counted in now: a key's ring spans its open minutes and the
   * closed ones its baselines still read, so an event further ahead of the watermark must wait for
   * it. {@code Long.MIN_VALUE} while the watermark is unknown (every event waits).
   */
  public long newestCountableMinute() {
    return watermarkMinute == Long.MIN_VALUE ? Long.MIN_VALUE : watermarkMinute + countableLead();
  }

  /**
   * About how many bytes of heap one decoded key state takes (its call-rate series and one
   * error-rate series: minute ring, hour buckets, four attribution sketches), for bounding caches.
   */
  public long estimatedStateBytes() {
    return layout.estimatedStateBytes();
  }

  /**
   * How many minutes past the watermark's minute an event can be counted. While minutes are judged
   * on arrival, as far as the ring holds. While they are judged as they close, none: a key's ring
   * must not have folded minutes after a closing minute's baseline cut into its hour sums, and its
   * attribution blocks must still hold the closing minute's (so the Start is the same whatever was
   * read ahead).
   */
  public long countableLead() {
    return judgeOnArrival ? ringSize - lateness - 1L : 0L;
  }

  /**
   * The newest minute whose count can be judged now: the watermark's (its baseline is final) when
   * minutes are judged on arrival, the newest closed one (its count is final too) otherwise.
   */
  public long newestDecidableMinute() {
    return judgeOnArrival ? watermarkMinute : closedMinute();
  }

  /**
   * Whether minutes the watermark has reached are judged on the event that makes them unusual (a
   * Start within a second of it, showing the minute so far), or only when they close, on all of
   * their events (a Start that does not depend on arrival order). Drivers switch by how far event
   * time is behind the clock ({@code detection.live-edge}); a minute is judged once either way.
   */
  public void judgeOnArrival(boolean onArrival) {
    this.judgeOnArrival = onArrival;
  }

  /** Counts an event dropped as late before any state of its key exists. */
  public void countLate() {
    counters.late++;
  }

  /** Closes the key's minutes up to the watermark's closed minute (keys catch up when touched). */
  public void catchUp(ApiState st) {
    long target = closedMinute();
    if (target > st.closedThrough) {
      closeThrough(st, target);
    }
  }

  /**
   * A fresh state for a key whose first event is at {@code firstMinute}; {@code historyStart} is
   * the first minute of its account and region ({@link EventTimeDriver}).
   */
  public ApiState newState(ApiKey key, long firstMinute, long historyStart) {
    ApiState st = new ApiState(key, new Series(null, layout));
    st.historyStart = Math.min(historyStart, firstMinute);
    st.watermark = firstMinute;
    // minutes before the first event are closed by the watermark (or, before any, by the event)
    long closed = closedMinute();
    st.closedThrough =
        closed == Long.MIN_VALUE ? firstMinute - lateness - 1 : Math.min(closed, firstMinute - 1);
    // the silent minutes between the account's first event and this key's are zero minutes
    st.calls.counts.foldZeros(st.historyStart, firstMinute - ringSize, st.historyStart);
    counters.keysCreated++;
    return st;
  }

  /**
   * The account and region of {@code st} is known to start at {@code scopeStart}: if that is before
   * the key's history start, the minutes in between join its baselines as silent minutes, exactly
   * as if the key had been created knowing it.
   */
  public void extendHistory(ApiState st, long scopeStart) {
    if (scopeStart >= st.historyStart) {
      return;
    }
    long oldStart = st.historyStart;
    st.historyStart = scopeStart;
    // minutes still in the ring are folded later with their counts (zero before the old start)
    long to = Math.min(oldStart - 1, st.watermark - ringSize);
    st.calls.counts.foldZeros(scopeStart, to, scopeStart);
    for (int i = 0; i < st.errors.size(); i++) {
      st.errors.get(i).counts.foldZeros(scopeStart, to, scopeStart);
    }
  }

  /**
   * Handles one event of {@code st}'s key, whose minute must not be beyond {@link
   * #newestCountableMinute()}. Insights it proves go to the output; a minute beyond the watermark
   * is counted now and judged by {@link #decide} once the watermark reaches it.
   */
  public Outcome onEvent(ApiState st, CompactEvent e) {
    long m = Math.floorDiv(e.eventTimeMillis(), MINUTE_MS);
    catchUp(st);
    if (m <= st.closedThrough) {
      counters.late++;
      return Outcome.LATE;
    }
    if (seen != null && e.eventIdHash() != 0 && !seen.add(e.eventIdHash(), m)) {
      counters.duplicates++;
      return Outcome.DUPLICATE;
    }
    if (m < st.historyStart) {
      st.historyStart = m; // an earlier event arrived late: minutes since then are all in the ring
    }
    if (m > st.watermark) {
      advance(st, m);
    }
    if (e.countsForCallRate()) {
      count(st, st.calls, m, e);
    }
    if (e.countsForErrorRate() && e.errorCode() != null) {
      Series s = errorSeries.of(st, e.errorCode());
      if (s == null) {
        counters.errorSeriesFull++;
      } else {
        count(st, s, m, e);
      }
    }
    counters.counted++;
    return Outcome.COUNTED;
  }

  /**
   * Judges the key's minutes from {@code fromMinute} up to the watermark's minute that were counted
   * before the watermark reached them, oldest first: the first unusual one starts an insight, as it
   * would have had it been judged on arrival. Counts and baselines being final by then, the outcome
   * does not depend on how far ahead of the others an input ran.
   */
  public void decide(ApiState st, long fromMinute) {
    catchUp(st);
    long to = Math.min(st.watermark, newestDecidableMinute());
    long from = Math.max(fromMinute, st.closedThrough + 1);
    if (from > to) {
      return;
    }
    long minCount = thresholds.tuning(st.key).minCount();
    decide(st, st.calls, from, to, minCount);
    for (int i = 0; i < st.errors.size(); i++) {
      decide(st, st.errors.get(i), from, to, minCount);
    }
  }

  private void decide(ApiState st, Series s, long from, long to, long minCount) {
    for (long c = from; c <= to && !s.episodeOpen(); c++) {
      int count = s.counts.count(c);
      if (count >= minCount && count > 0) {
        if (count >= thresholds.threshold(st, s, c)) {
          episodes.start(st, s, c, count, Math.min(watermarkMillis, (c + 1) * MINUTE_MS - 1));
        }
      }
    }
  }

  /**
   * Reports the minutes of the key's open insights that are still open (their counts can still
   * grow) to the series listener, so the picture of an open insight is current. Drivers call it
   * once per tick of stream time for the keys with an open insight; the minute's final count is
   * reported again when it closes, up to the minute whose closing would end the insight.
   */
  public void reportOpenMinutes(ApiState st) {
    if (!episodes.drawing()) {
      return;
    }
    episodes.reportOpenMinutes(st, st.calls);
    for (int i = 0; i < st.errors.size(); i++) {
      episodes.reportOpenMinutes(st, st.errors.get(i));
    }
  }

  /** End of a bounded input: every minute up to the key's newest is closed. */
  public void onEndOfInput(ApiState st, long lastMinute) {
    long target = Math.max(lastMinute, st.watermark);
    if (target > st.closedThrough) {
      closeThrough(st, target);
    }
  }

  /**
   * What this key's state says now: the baseline of its newest minute per series, the minutes still
   * counted exactly and the usual callers ({@link KeyDescriber}).
   */
  public BaselineReport describe(ApiState st) {
    return describer.describe(st);
  }

  // ---------------------------------------------------------------- minute bookkeeping

  private void advance(ApiState st, long newWatermark) {
    long newClosed = newWatermark - lateness - 1;
    if (watermarkMinute == Long.MIN_VALUE && newClosed > st.closedThrough) {
      // driven without a watermark, a key closes its own minutes behind its newest one; with one,
      // the driver holds back events beyond newestCountableMinute(), so nothing open is folded
      closeThrough(st, newClosed);
    }
    long oldWatermark = st.watermark;
    long foldFrom = oldWatermark - ringSize + 1;
    long foldTo = newWatermark - ringSize;
    st.calls.counts.fold(foldFrom, foldTo, oldWatermark, st.historyStart);
    for (int i = 0; i < st.errors.size(); i++) {
      st.errors.get(i).counts.fold(foldFrom, foldTo, oldWatermark, st.historyStart);
    }
    st.watermark = newWatermark;
  }

  private void closeThrough(ApiState st, long newClosed) {
    long from = st.closedThrough + 1;
    st.closedThrough = newClosed;
    long decidable = newestDecidableMinute();
    episodes.closeRange(st, st.calls, from, newClosed, decidable);
    for (int i = 0; i < st.errors.size(); i++) {
      episodes.closeRange(st, st.errors.get(i), from, newClosed, decidable);
    }
  }

  // ---------------------------------------------------------------- counting and starting

  private void count(ApiState st, Series s, long m, CompactEvent e) {
    int count = s.counts.increment(m);
    if (m > s.lastSeenMinute) {
      s.lastSeenMinute = m;
    }
    s.sketches.add(
        m,
        e,
        s.episodeOpen() && m >= s.episode.start,
        layout.attributionBlock(),
        baselineDecayPerMinute);
    if (s.episodeOpen()) {
      return; // part of the open insight, or before it: either way not a new one
    }
    if (count < thresholds.tuning(st.key).minCount()) {
      return; // below every threshold: no baseline needed (most events of most keys)
    }
    if (watermarkMinute != Long.MIN_VALUE && m > newestDecidableMinute()) {
      return; // not to be judged yet: by decide() when the watermark reaches it, or when it closes
    }
    if (count >= thresholds.threshold(st, s, m)) {
      episodes.start(st, s, m, count, e.eventTimeMillis());
    }
  }
}
