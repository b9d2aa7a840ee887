package dev.trailinsights.detect;

import dev.trailinsights.config.ApiOverride;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightIds;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import dev.trailinsights.stats.CountTail;
import dev.trailinsights.stats.CountThreshold;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The per-key detection logic, shared by every driver (offline replay, the Kafka Streams
 * processor). It holds no per-key state itself: drivers load an {@link ApiState}, call {@link
 * #onEvent} or {@link #onStreamTime}, and store the state back. One instance per thread.
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

  /** Prior weight, in minutes, pulling a seasonal slot toward the global rate. */
  private static final double HOUR_PRIOR_MINUTES = 30;

  private static final double DAY_TYPE_PRIOR_MINUTES = 360;

  private final DetectorConfig config;
  private final Consumer<InsightEvent> out;
  private final InsightSeriesListener series;
  private final SeenIds seen;
  private final int lateness;
  private final int ringSize;
  private final int windowHours;
  private final int hours;
  private final int quiet;
  private final long attributionBlock;
  private final long maxFrozen;
  private final long minBaseline;
  private final double baselineDecayPerMinute;
  private final DetectionCounters counters = new DetectionCounters();
  private final Tuning defaultTuning;

  // event-time progress of every input this detector is fed from (the watermark), see advanceTo
  private long watermarkMillis = Long.MIN_VALUE;
  private long watermarkMinute = Long.MIN_VALUE;

  // scratch for baseline(): seasonal cells [hourOfDay * 2 + dayType]
  private final long[] cellS = new long[48];
  private final long[] cellN = new long[48];
  private final long[] cellQ = new long[48];

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
    this.out = out;
    this.series = java.util.Objects.requireNonNull(series, "series");
    this.seen = config.dedupe() ? seen : null;
    this.lateness = (int) config.lateness().toMinutes();
    this.ringSize = 2 * lateness + 2;
    this.windowHours = (int) config.baselineWindow().toHours();
    this.hours = windowHours + 2;
    this.quiet = config.quietMinutes();
    this.attributionBlock = lateness + 1L;
    this.maxFrozen = config.maxFrozen().toMinutes();
    this.minBaseline = config.minBaseline().toMinutes();
    // attribution weights halve over a quarter of the window: recent callers count more
    double halfLife = Math.max(60, config.baselineWindow().toMinutes() / 4.0);
    this.baselineDecayPerMinute = Math.pow(0.5, 1.0 / halfLife);
    this.defaultTuning =
        new Tuning(alpha(config.falseInsightsPerKeyPerDay()), config.minCount(), config.minRatio());
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
    long sketches = 4L * 3 * TopValues.CAPACITY * (8 + 8) + 4L * 3 * 64;
    long series = 5L * ringSize + 17L * hours + sketches + 256;
    return 2 * series + 128;
  }

  /** How many minutes past the watermark's minute an event can be counted. */
  public long countableLead() {
    return ringSize - lateness - 1L;
  }

  /** The newest minute whose count can be judged now (its baseline is final): the watermark's. */
  public long newestDecidableMinute() {
    return watermarkMinute;
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

  /** Ring slots per series: the open minutes and as many closed ones behind them. */
  int ringSize() {
    return ringSize;
  }

  /** Minutes per attribution block (the lateness horizon plus one). */
  long attributionBlock() {
    return attributionBlock;
  }

  /** Hour buckets per series: the window plus the partial hours at both ends. */
  int hourBuckets() {
    return hours;
  }

  /**
   * A fresh state for a key whose first event is at {@code firstMinute}; {@code historyStart} is
   * the first minute of its account and region ({@link EventTimeDriver}).
   */
  public ApiState newState(ApiKey key, long firstMinute, long historyStart) {
    ApiState st = new ApiState(key, new Series(null, ringSize, hours));
    st.historyStart = Math.min(historyStart, firstMinute);
    st.watermark = firstMinute;
    // minutes before the first event are closed by the watermark (or, before any, by the event)
    long closed = closedMinute();
    st.closedThrough =
        closed == Long.MIN_VALUE ? firstMinute - lateness - 1 : Math.min(closed, firstMinute - 1);
    // the silent minutes between the account's first event and this key's are zero minutes
    foldZeros(st, st.calls, st.historyStart, firstMinute - ringSize);
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
    forEachSeries(st, s -> foldZeros(st, s, scopeStart, to));
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
      Series s = errorSeries(st, e.errorCode(), m);
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
    long to = Math.min(st.watermark, watermarkMinute);
    long from = Math.max(fromMinute, st.closedThrough + 1);
    if (from > to) {
      return;
    }
    Tuning tuning = tuning(st.key);
    forEachSeries(
        st,
        s -> {
          for (long c = from; c <= to && !s.episodeOpen(); c++) {
            int count = s.ring[s.slot(c)];
            if (count >= tuning.minCount && count > 0) {
              if (count >= threshold(st, s, c)) {
                start(st, s, c, count, Math.min(watermarkMillis, (c + 1) * MINUTE_MS - 1));
              }
            }
          }
        });
  }

  /**
   * Reports the minutes of the key's open insights that are still open (their counts can still
   * grow) to the series listener, so the picture of an open insight is current. Drivers call it
   * once per tick of stream time for the keys with an open insight; the minute's final count is
   * reported again when it closes, up to the minute whose closing would end the insight.
   */
  public void reportOpenMinutes(ApiState st) {
    if (series == InsightSeriesListener.NONE) {
      return;
    }
    forEachSeries(
        st,
        s -> {
          if (s.episodeOpen()) {
            // not past the minute that would end it: every minute reported is closed (and
            // reported again with its final count) before the End, so the final picture does not
            // depend on when stream time ticked
            long last = Math.min(st.watermark, s.epLastUnusual + quiet);
            for (long c = Math.max(st.closedThrough + 1, s.epStart); c <= last; c++) {
              reportMinute(st, s, c, s.ring[s.slot(c)], baseline(st, s, c));
            }
          }
        });
  }

  /** End of a bounded input: every minute up to the key's newest is closed. */
  public void onEndOfInput(ApiState st, long lastMinute) {
    long target = Math.max(lastMinute, st.watermark);
    if (target > st.closedThrough) {
      closeThrough(st, target);
    }
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
    forEachSeries(st, s -> fold(st, s, foldFrom, foldTo, oldWatermark));
    st.watermark = newWatermark;
  }

  /** Moves minutes {@code [from, to]} out of the ring into hour buckets. */
  private void fold(ApiState st, Series s, long from, long to, long oldWatermark) {
    long ringEnd = Math.min(to, oldWatermark);
    for (long c = from; c <= ringEnd; c++) {
      int slot = s.slot(c);
      if (c >= st.historyStart) {
        int count = s.ring[slot];
        ensureHour(s, Math.floorDiv(c, 60));
        if ((s.ringFlags[slot] & Series.FLAG_EXCLUDED) == 0) {
          int h = s.hourSlot(Math.floorDiv(c, 60));
          s.hourN[h]++;
          s.hourS[h] += count;
          s.hourQ[h] += (long) count * count;
        }
      }
      s.ring[slot] = 0;
      s.ringFlags[slot] = 0;
    }
    foldZeros(st, s, Math.max(from, oldWatermark + 1), to);
  }

  /** Adds the zero minutes {@code [from, to]} to the hour buckets in closed form. */
  private void foldZeros(ApiState st, Series s, long from, long to) {
    from = Math.max(from, st.historyStart);
    // minutes older than the buckets can hold would be evicted at once
    from = Math.max(from, (Math.floorDiv(to, 60) - hours + 1) * 60);
    if (to < from) {
      return;
    }
    long h = Math.floorDiv(from, 60);
    long last = Math.floorDiv(to, 60);
    ensureHour(s, last);
    for (; h <= last; h++) {
      long a = Math.max(from, h * 60);
      long b = Math.min(to, h * 60 + 59);
      s.hourN[s.hourSlot(h)] += (byte) (b - a + 1);
    }
  }

  private void ensureHour(Series s, long hour) {
    if (s.lastHour == Series.NONE || hour - s.lastHour >= hours) {
      java.util.Arrays.fill(s.hourN, (byte) 0);
      java.util.Arrays.fill(s.hourS, 0);
      java.util.Arrays.fill(s.hourQ, 0);
      s.lastHour = hour;
      return;
    }
    for (long h = s.lastHour + 1; h <= hour; h++) {
      int slot = s.hourSlot(h);
      s.hourN[slot] = 0;
      s.hourS[slot] = 0;
      s.hourQ[slot] = 0;
    }
    if (hour > s.lastHour) {
      s.lastHour = hour;
    }
  }

  private void closeThrough(ApiState st, long newClosed) {
    long from = st.closedThrough + 1;
    st.closedThrough = newClosed;
    forEachSeries(st, s -> closeRange(st, s, from, newClosed));
  }

  /** Closes minutes {@code [from, to]} of one series: episode bookkeeping and exclusion flags. */
  private void closeRange(ApiState st, Series s, long from, long to) {
    long ringEnd = Math.min(to, st.watermark);
    long c = from;
    for (; c <= ringEnd; c++) {
      closeMinute(st, s, c, s.ring[s.slot(c)]);
    }
    // minutes after the watermark are silent: only an open episode cares about them
    if (c <= to && s.episodeOpen()) {
      long endAt = s.epLastUnusual + quiet;
      if (series != InsightSeriesListener.NONE) {
        for (long q = Math.max(c, s.epStart); q <= Math.min(to, endAt); q++) {
          reportMinute(st, s, q, 0, baseline(st, s, q));
        }
      }
      if (endAt <= to) {
        end(st, s, Math.max(endAt, c));
      }
    }
  }

  private void closeMinute(ApiState st, Series s, long c, int count) {
    int slot = s.slot(c);
    s.ringFlags[slot] = 0;
    if (!s.episodeOpen()) {
      return;
    }
    Baseline b = baseline(st, s, c);
    if (c < s.epStart) {
      // a minute before the Start closes after it: when it is unusual and close enough to be the
      // same activity, its counts arrived after those of the minute that proved the insight, and
      // the episode (not its identity) starts there; otherwise it is the picture's "before"
      if (s.epFirst == Series.NONE
          && c >= s.epStart - quiet
          && count > 0
          && count >= unusual(st, b)) {
        s.epFirst = c;
      }
      if (s.epFirst == Series.NONE) {
        if (series != InsightSeriesListener.NONE) {
          reportMinute(st, s, c, count, b); // its final count
        }
        return;
      }
    }
    if (series != InsightSeriesListener.NONE) {
      reportMinute(st, s, c, count, b);
    }
    boolean stays = count > 0 && count >= stayThreshold(st, b);
    s.epPending += count;
    if (stays) {
      s.epSumThroughLast += s.epPending;
      s.epPending = 0;
      s.epLastUnusual = Math.max(s.epLastUnusual, c);
      if (c - s.episodeFirst() < maxFrozen) {
        s.ringFlags[slot] = Series.FLAG_EXCLUDED;
      }
    } else if (c > s.epLastUnusual && c - s.epLastUnusual >= quiet) {
      end(st, s, c);
      restartFromOpenMinutes(st, s, c);
    }
  }

  /** After an End, an open minute may already be unusual: it starts the next insight. */
  private void restartFromOpenMinutes(ApiState st, Series s, long closedMinute) {
    // minutes beyond the watermark are judged when it reaches them (decide)
    long last =
        Math.min(st.watermark, watermarkMinute == Long.MIN_VALUE ? st.watermark : watermarkMinute);
    for (long m = closedMinute + 1; m <= last; m++) {
      int count = s.ring[s.slot(m)];
      if (count > 0) {
        if (count >= threshold(st, s, m)) {
          start(st, s, m, count, m * MINUTE_MS);
          return;
        }
      }
    }
  }

  private void forEachSeries(ApiState st, java.util.function.Consumer<Series> f) {
    f.accept(st.calls);
    for (int i = 0; i < st.errors.size(); i++) {
      f.accept(st.errors.get(i));
    }
  }

  // ---------------------------------------------------------------- counting and starting

  private void count(ApiState st, Series s, long m, CompactEvent e) {
    int slot = s.slot(m);
    int count = ++s.ring[slot];
    if (m > s.lastSeenMinute) {
      s.lastSeenMinute = m;
    }
    attribute(s, m, e);
    if (s.episodeOpen()) {
      return; // part of the open insight, or before it: either way not a new one
    }
    if (count < tuning(st.key).minCount) {
      return; // below every threshold: no baseline needed (most events of most keys)
    }
    if (watermarkMinute != Long.MIN_VALUE && m > watermarkMinute) {
      return; // its baseline is not final yet: judged by decide() when the watermark reaches it
    }
    if (count >= threshold(st, s, m)) {
      start(st, s, m, count, e.eventTimeMillis());
    }
  }

  private void attribute(Series s, long m, CompactEvent e) {
    TopValues[] target;
    if (s.episodeOpen() && m >= s.epStart) {
      target = s.episode;
    } else {
      long block = Math.floorDiv(m, attributionBlock);
      if (block > s.recentBlock) {
        rotateBlocks(s, block);
      }
      if (block == s.recentBlock) {
        target = s.recent;
      } else if (block == s.olderBlock) {
        target = s.older;
      } else {
        decayBaselineSketch(s, m);
        target = s.baseline;
      }
    }
    target[Series.ARN].add(orNone(e.userArn()), 1);
    target[Series.AGENT].add(orNone(e.userAgent()), 1);
    if (target.length > Series.ERROR) {
      target[Series.ERROR].add(e.errorCode() == null ? "null" : e.errorCode(), 1);
    }
  }

  private static String orNone(String v) {
    return v == null ? "null" : v;
  }

  /**
   * A new newest block: blocks that fell behind it are closed (a block spans the lateness horizon),
   * so their callers join the baseline.
   */
  private void rotateBlocks(Series s, long block) {
    if (s.recentBlock != Series.NONE && block == s.recentBlock + 1) {
      foldIntoBaseline(s, s.older, s.olderBlock);
      for (int a = 0; a < s.recent.length; a++) {
        s.older[a].copyFrom(s.recent[a]);
        s.recent[a].clear();
      }
      s.olderBlock = s.recentBlock;
    } else {
      foldIntoBaseline(s, s.older, s.olderBlock);
      foldIntoBaseline(s, s.recent, s.recentBlock);
      s.olderBlock = Series.NONE;
    }
    s.recentBlock = block;
  }

  private void foldIntoBaseline(Series s, TopValues[] sketches, long block) {
    if (block == Series.NONE || sketches[0].isEmpty()) {
      return;
    }
    decayBaselineSketch(s, (block + 1) * attributionBlock - 1);
    for (int a = 0; a < sketches.length; a++) {
      s.baseline[a].addAll(sketches[a]);
      sketches[a].clear();
    }
  }

  private void decayBaselineSketch(Series s, long minute) {
    if (s.baselineSketchMinute == Series.NONE) {
      s.baselineSketchMinute = minute;
      return;
    }
    if (minute > s.baselineSketchMinute) {
      double f = Math.pow(baselineDecayPerMinute, minute - s.baselineSketchMinute);
      for (TopValues t : s.baseline) {
        t.scale(f);
      }
      s.baselineSketchMinute = minute;
    }
  }

  private Series errorSeries(ApiState st, String code, long m) {
    for (int i = 0; i < st.errors.size(); i++) {
      Series s = st.errors.get(i);
      if (s.errorCode.equals(code)) {
        return s;
      }
    }
    if (st.errors.size() >= config.maxErrorCodesPerKey()) {
      // evict the least recently seen series without an open insight
      int victim = -1;
      for (int i = 0; i < st.errors.size(); i++) {
        Series s = st.errors.get(i);
        if (!s.episodeOpen()
            && (victim < 0 || s.lastSeenMinute < st.errors.get(victim).lastSeenMinute)) {
          victim = i;
        }
      }
      if (victim < 0) {
        return null;
      }
      st.errors.remove(victim);
      counters.errorSeriesEvicted++;
    }
    Series s = new Series(code, ringSize, hours);
    foldZeros(st, s, st.historyStart, st.watermark - ringSize);
    st.errors.add(s);
    return s;
  }

  private long threshold(ApiState st, Series s, long m) {
    if (s.thresholdMinute == m) {
      return s.threshold;
    }
    Baseline b = baseline(st, s, m);
    long t = unusual(st, b);
    s.thresholdMinute = m;
    s.threshold = t;
    s.thresholdBaseline = b;
    return t;
  }

  /** The smallest unusual count under baseline {@code b}; {@code MAX_VALUE} in warm-up. */
  private long unusual(ApiState st, Baseline b) {
    if (b.minutes() < Math.max(1, minBaseline)) {
      return Long.MAX_VALUE; // warm-up: the account and region are too new
    }
    Tuning tuning = tuning(st.key);
    return CountThreshold.smallestUnusual(
        b.expected(), b.variance(), tuning.alpha, tuning.minCount, tuning.minRatio);
  }

  /** The lower count that keeps an open insight going (hysteresis). */
  private long stayThreshold(ApiState st, Baseline b) {
    Tuning tuning = tuning(st.key);
    double h = config.hysteresis();
    return CountThreshold.smallestUnusual(
        b.expected(),
        b.variance(),
        Math.pow(tuning.alpha, h),
        Math.max(1, (long) Math.ceil(tuning.minCount * h)),
        1 + (tuning.minRatio - 1) * h);
  }

  private void start(ApiState st, Series s, long m, long count, long decidedAtMillis) {
    long threshold = threshold(st, s, m);
    Baseline b = s.thresholdBaseline;
    s.epStart = m;
    s.epFirst = Series.NONE;
    s.epId = null;
    s.epLastUnusual = m;
    s.epPending = 0;
    s.epSumThroughLast = 0;
    s.epBaselineAverage = b.average();
    s.epBaselineMinutes = b.minutes();
    s.epExpected = b.expected();
    s.epThreshold = threshold;
    // the tail of the count that proves the minute (its threshold), the same however far the
    // minute's count had got when it was judged
    s.epPValue = CountTail.upperTail(threshold, b.expected(), b.variance());
    s.epModel = b.model();
    s.epSeasonal = b.seasonal();
    // the callers of the minute's block so far are the insight's, not the baseline's
    long block = Math.floorDiv(m, attributionBlock);
    TopValues[] seed = block == s.recentBlock ? s.recent : block == s.olderBlock ? s.older : null;
    for (int a = 0; a < s.episode.length; a++) {
      s.episode[a].clear();
      if (seed != null) {
        s.episode[a].copyFrom(seed[a]);
        seed[a].clear();
      }
    }
    counters.starts++;
    out.accept(insight(st, s, InsightState.START, m, count, 1, s.epPValue, decidedAtMillis, 1.0));
    if (series != InsightSeriesListener.NONE) {
      // the picture before the Start: the minutes still in the ring
      long from = Math.max(st.watermark - ringSize + 1, st.historyStart);
      for (long c = from; c < m; c++) {
        reportMinute(st, s, c, s.ring[s.slot(c)], baseline(st, s, c));
      }
      series.minute(episodeId(st, s), m, count, b.expected(), reported(threshold));
      for (long c = m + 1; c <= st.watermark; c++) {
        reportMinute(st, s, c, s.ring[s.slot(c)], baseline(st, s, c));
      }
    }
  }

  private void reportMinute(ApiState st, Series s, long minute, long count, Baseline b) {
    series.minute(episodeId(st, s), minute, count, b.expected(), reported(unusual(st, b)));
  }

  private static long reported(long threshold) {
    return threshold == Long.MAX_VALUE ? InsightSeriesListener.NO_THRESHOLD : threshold;
  }

  /** The sharedEventID of the series' open episode, computed once per episode. */
  private String episodeId(ApiState st, Series s) {
    if (s.epId == null) {
      ApiKey k = st.key;
      s.epId =
          InsightIds.sharedEventId(
              k.accountId(),
              k.region(),
              k.eventSource(),
              k.eventName(),
              s.errorCode == null ? InsightType.API_CALL_RATE : InsightType.API_ERROR_RATE,
              s.errorCode,
              s.epStart * MINUTE_MS);
    }
    return s.epId;
  }

  private void end(ApiState st, Series s, long decidedMinute) {
    long duration = s.epLastUnusual - s.episodeFirst() + 1;
    double average = (double) s.epSumThroughLast / duration;
    counters.ends++;
    out.accept(
        insight(
            st,
            s,
            InsightState.END,
            s.epLastUnusual + 1,
            average,
            duration,
            s.epPValue,
            decidedMinute * MINUTE_MS,
            1.0 / duration));
    s.epStart = Series.NONE;
    s.epFirst = Series.NONE;
    s.epId = null;
    for (TopValues t : s.episode) {
      t.clear();
    }
    s.invalidateThreshold();
  }

  private InsightEvent insight(
      ApiState st,
      Series s,
      InsightState state,
      long eventMinute,
      double insightAverage,
      long duration,
      double pValue,
      long decidedAtMillis,
      double perMinute) {
    ApiKey k = st.key;
    InsightType type = s.errorCode == null ? InsightType.API_CALL_RATE : InsightType.API_ERROR_RATE;
    String shared = episodeId(st, s);
    List<Attribution> attributions = new ArrayList<>(3);
    String[] names = {
      Attribution.USER_IDENTITY_ARN, Attribution.USER_AGENT, Attribution.ERROR_CODE
    };
    for (int a = 0; a < s.episode.length; a++) {
      double total = s.baseline[a].total();
      List<ValueAverage> base =
          total > 0 ? s.baseline[a].top(s.epBaselineAverage / total) : List.of();
      attributions.add(new Attribution(names[a], s.episode[a].top(perMinute), base));
    }
    DecisionDetails details =
        config.details()
            ? new DecisionDetails(
                pValue,
                s.epExpected,
                s.epThreshold,
                Baseline.modelName(s.epModel),
                Baseline.seasonalName(s.epSeasonal),
                k.accountId(),
                k.region(),
                decidedAtMillis)
            : null;
    return new InsightEvent(
        eventMinute * MINUTE_MS,
        k.region(),
        InsightIds.eventId(shared, state),
        k.accountId(),
        shared,
        state,
        k.eventSource(),
        k.eventName(),
        type,
        s.errorCode,
        s.epBaselineAverage,
        insightAverage,
        duration,
        s.epBaselineMinutes,
        attributions,
        details);
  }

  // ---------------------------------------------------------------- reports

  /**
   * What this key's state says now: the baseline of its newest minute per series, the minutes still
   * counted exactly and the usual callers. Reads {@code st} only; a {@code Detector} is not
   * thread-safe, so callers outside the stream thread use their own instance.
   */
  public BaselineReport describe(ApiState st) {
    List<BaselineReport.SeriesReport> out = new ArrayList<>(1 + st.errors.size());
    forEachSeries(st, s -> out.add(describe(st, s)));
    return new BaselineReport(st.key, st.watermark, st.historyStart, List.copyOf(out));
  }

  private BaselineReport.SeriesReport describe(ApiState st, Series s) {
    long m = st.watermark;
    Baseline b = baseline(st, s, m);
    List<BaselineReport.MinuteCount> recent = new ArrayList<>(ringSize);
    for (long c = Math.max(m - ringSize + 1, st.historyStart); c <= m; c++) {
      recent.add(new BaselineReport.MinuteCount(c, s.ring[s.slot(c)], c <= st.closedThrough));
    }
    String[] names = {
      Attribution.USER_IDENTITY_ARN, Attribution.USER_AGENT, Attribution.ERROR_CODE
    };
    List<BaselineReport.AttributeValues> top = new ArrayList<>(s.baseline.length);
    for (int a = 0; a < s.baseline.length; a++) {
      // the recent blocks are not in the baseline sketch yet: fold copies in for the report
      TopValues all = new TopValues();
      all.addAll(s.baseline[a]);
      all.addAll(s.older[a]);
      all.addAll(s.recent[a]);
      double total = all.total();
      top.add(
          new BaselineReport.AttributeValues(
              names[a], total > 0 ? all.top(b.average() / total) : List.of()));
    }
    return new BaselineReport.SeriesReport(
        s.errorCode,
        b.average(),
        b.minutes(),
        b.expected(),
        b.variance(),
        Baseline.modelName(b.model()),
        Baseline.seasonalName(b.seasonal()),
        reported(unusual(st, b)),
        List.copyOf(recent),
        List.copyOf(top),
        s.episodeOpen() ? episodeId(st, s) : null,
        s.episodeOpen() ? s.epStart : Long.MIN_VALUE);
  }

  // ---------------------------------------------------------------- the baseline

  /**
   * The baseline for testing minute {@code m}: the closed minutes from the start of the window to
   * {@code m - lateness - 1}, minutes inside insights left out, zero minutes included.
   */
  Baseline baseline(ApiState st, Series s, long m) {
    long cut = m - lateness - 1;
    long cutHour = Math.floorDiv(cut, 60);
    long windowStart = Math.max(st.historyStart, (cutHour - windowHours + 1) * 60);
    java.util.Arrays.fill(cellS, 0);
    java.util.Arrays.fill(cellN, 0);
    java.util.Arrays.fill(cellQ, 0);
    long foldedThrough = st.watermark - ringSize;
    if (cut >= windowStart) {
      // 1. hour buckets: every folded minute of the window
      if (s.lastHour != Series.NONE) {
        long firstHour = Math.max(Math.floorDiv(windowStart, 60), s.lastHour - hours + 1);
        long lastHour = Math.min(cutHour, s.lastHour);
        for (long h = firstHour; h <= lastHour; h++) {
          int slot = s.hourSlot(h);
          int cell = cell(h);
          cellN[cell] += s.hourN[slot] & 0xff;
          cellS[cell] += s.hourS[slot];
          cellQ[cell] += s.hourQ[slot];
        }
      }
      // 2. closed minutes still in the ring
      long ringFrom = Math.max(foldedThrough + 1, windowStart);
      long ringTo = Math.min(cut, st.watermark);
      for (long c = ringFrom; c <= ringTo; c++) {
        int slot = s.slot(c);
        if ((s.ringFlags[slot] & Series.FLAG_EXCLUDED) == 0) {
          int cell = cell(Math.floorDiv(c, 60));
          long count = s.ring[slot];
          cellN[cell]++;
          cellS[cell] += count;
          cellQ[cell] += count * count;
        }
      }
      // 3. silent minutes after the key's newest (closed by stream time)
      for (long c = Math.max(st.watermark + 1, windowStart); c <= cut; c++) {
        cellN[cell(Math.floorDiv(c, 60))]++;
      }
    }
    return model(cellS, cellN, cellQ, m);
  }

  private static int cell(long hour) {
    int hourOfDay = (int) Math.floorMod(hour, 24L);
    return hourOfDay * 2 + (weekend(Math.floorDiv(hour, 24)) ? 1 : 0);
  }

  /** Saturday or Sunday; epoch day 0 (1970-01-01) was a Thursday. */
  private static boolean weekend(long epochDay) {
    return Math.floorMod(epochDay + 3, 7L) >= 5;
  }

  private Baseline model(long[] cs, long[] cn, long[] cq, long m) {
    long n = 0;
    long sum = 0;
    long sq = 0;
    long[] dayTypeN = new long[2];
    long[] dayTypeS = new long[2];
    for (int c = 0; c < 48; c++) {
      n += cn[c];
      sum += cs[c];
      sq += cq[c];
      dayTypeN[c & 1] += cn[c];
      dayTypeS[c & 1] += cs[c];
    }
    if (n == 0) {
      return new Baseline(0, 0, 0, 0, Baseline.POISSON, Baseline.FLAT);
    }
    double mean = (double) sum / n;
    byte seasonal = Baseline.FLAT;
    if (config.seasonality() && n >= 2 * 1440 && sum > 0) {
      seasonal =
          dayTypeN[0] >= 1440 && dayTypeN[1] >= 1440
              ? Baseline.HOUR_OF_DAY_AND_DAY_TYPE
              : Baseline.HOUR_OF_DAY;
    }
    double expected;
    double residual;
    if (seasonal == Baseline.FLAT) {
      expected = mean;
      residual = Math.max(0, (double) sq / n - mean * mean);
    } else {
      double[] cellMean = new double[48];
      for (int c = 0; c < 48; c++) {
        cellMean[c] = cellExpectation(cs, cn, dayTypeS, dayTypeN, mean, c, seasonal);
      }
      double r = 0;
      for (int c = 0; c < 48; c++) {
        double l = cellMean[c];
        r += cq[c] - 2 * l * cs[c] + cn[c] * l * l;
      }
      residual = Math.max(0, r / n);
      long hour = Math.floorDiv(m, 60);
      expected = cellMean[cell(hour)];
    }
    // a key that never had a call still has a rate: below one call over its history
    double floor = 0.5 / n;
    double lambda = Math.max(expected, floor);
    double dispersion = mean > 0 ? Math.max(1.0, residual / mean) : 1.0;
    byte model = dispersion > 1.0 + 1e-9 ? Baseline.NEGATIVE_BINOMIAL : Baseline.POISSON;
    return new Baseline(mean, n, lambda, lambda * dispersion, model, seasonal);
  }

  private static double cellExpectation(
      long[] cs, long[] cn, long[] dayTypeS, long[] dayTypeN, double mean, int c, byte seasonal) {
    int hourOfDay = c >> 1;
    long hs = cs[hourOfDay * 2] + cs[hourOfDay * 2 + 1];
    long hn = cn[hourOfDay * 2] + cn[hourOfDay * 2 + 1];
    double hourMean = (hs + HOUR_PRIOR_MINUTES * mean) / (hn + HOUR_PRIOR_MINUTES);
    if (seasonal != Baseline.HOUR_OF_DAY_AND_DAY_TYPE) {
      return hourMean;
    }
    int dayType = c & 1;
    double dayTypeRatio =
        ((dayTypeS[dayType] + DAY_TYPE_PRIOR_MINUTES * mean)
                / (dayTypeN[dayType] + DAY_TYPE_PRIOR_MINUTES))
            / mean;
    double prior = hourMean * dayTypeRatio;
    return (cs[c] + HOUR_PRIOR_MINUTES * prior) / (cn[c] + HOUR_PRIOR_MINUTES);
  }

  // ---------------------------------------------------------------- per-API tuning

  private Tuning tuning(ApiKey key) {
    for (ApiOverride o : config.overrides()) {
      if (o.pattern().matches(key.eventSource(), key.eventName())) {
        return new Tuning(
            alpha(
                o.falseInsightsPerKeyPerDay() != null
                    ? o.falseInsightsPerKeyPerDay()
                    : config.falseInsightsPerKeyPerDay()),
            o.minCount() != null ? o.minCount() : config.minCount(),
            o.minRatio() != null ? o.minRatio() : config.minRatio());
      }
    }
    return defaultTuning;
  }

  private static double alpha(double falseInsightsPerKeyPerDay) {
    return dev.trailinsights.config.Sensitivity.alphaFor(falseInsightsPerKeyPerDay);
  }

  private record Tuning(double alpha, long minCount, double minRatio) {}
}
