package dev.trailinsights.detect;

/**
 * One per-minute count series of an API key: all selected calls, or the calls that failed with one
 * error code. It holds
 *
 * <ul>
 *   <li>a ring of the newest minutes (open minutes inside the lateness horizon and the closed
 *       minutes just behind them), exact counts per minute;
 *   <li>hour buckets over the baseline window: minutes counted, sum and sum of squares of the
 *       per-minute counts (integers, so the baseline of a minute is exact whatever order minutes
 *       were closed in);
 *   <li>the open episode (insight), if any;
 *   <li>attribution sketches for the baseline, the two newest blocks of minutes and the episode.
 * </ul>
 *
 * <p>The layout is owned by {@link Detector}; {@link ApiStateCodec} persists it.
 */
final class Series {
  static final long NONE = Long.MIN_VALUE;
  static final byte FLAG_EXCLUDED = 1;

  /** Attribute slots of the sketches. */
  static final int ARN = 0;

  static final int AGENT = 1;
  static final int ERROR = 2;

  /** The error code of an error-rate series; null for the call-rate series. */
  final String errorCode;

  final int[] ring;
  final byte[] ringFlags;
  final byte[] hourN;
  final long[] hourS;
  final long[] hourQ;

  /** Newest hour that has a bucket; buckets hold hours (lastHour - hours.length, lastHour]. */
  long lastHour = NONE;

  /** Newest minute this series saw an event (for eviction of idle error-code series). */
  long lastSeenMinute = NONE;

  // the open episode
  long epStart = NONE;

  /**
   * The first minute of the episode when unusual minutes before its Start closed after the Start
   * was emitted (they arrived later than the minute that proved it); {@link #NONE} otherwise. The
   * episode keeps the Start's identity and the End's figures cover the minutes from here.
   */
  long epFirst = NONE;

  long epLastUnusual;
  long epPending;
  long epSumThroughLast;
  double epBaselineAverage;
  long epBaselineMinutes;
  double epExpected;
  long epThreshold;
  double epPValue;
  byte epModel;
  byte epSeasonal;

  // attribution sketches: [attribute]
  final TopValues[] baseline;

  /**
   * Callers of the newest block of minutes, and of the block before it. A block spans the lateness
   * horizon, so every open minute is in one of the two: when a minute turns unusual, its block's
   * callers become the insight's instead of the baseline's, whatever order they came in.
   */
  final TopValues[] recent;

  final TopValues[] older;
  final TopValues[] episode;
  long recentBlock = NONE;
  long olderBlock = NONE;
  long baselineSketchMinute = NONE;

  // not persisted: the open episode's sharedEventID, recomputed after a restore
  transient String epId;

  // not persisted: the threshold of one minute, recomputed after a restore
  transient long thresholdMinute = NONE;
  transient long threshold;
  transient Baseline thresholdBaseline;

  Series(String errorCode, int ringSize, int hours) {
    this.errorCode = errorCode;
    this.ring = new int[ringSize];
    this.ringFlags = new byte[ringSize];
    this.hourN = new byte[hours];
    this.hourS = new long[hours];
    this.hourQ = new long[hours];
    int attributes = errorCode == null ? 3 : 2;
    this.baseline = sketches(attributes);
    this.recent = sketches(attributes);
    this.older = sketches(attributes);
    this.episode = sketches(attributes);
  }

  private static TopValues[] sketches(int n) {
    TopValues[] t = new TopValues[n];
    for (int i = 0; i < n; i++) {
      t[i] = new TopValues();
    }
    return t;
  }

  boolean episodeOpen() {
    return epStart != NONE;
  }

  /** The episode's first minute: its Start, or an earlier unusual minute that closed after it. */
  long episodeFirst() {
    return epFirst != NONE ? epFirst : epStart;
  }

  int slot(long minute) {
    return (int) Math.floorMod(minute, (long) ring.length);
  }

  int hourSlot(long hour) {
    return (int) Math.floorMod(hour, (long) hourN.length);
  }

  void invalidateThreshold() {
    thresholdMinute = NONE;
    thresholdBaseline = null;
  }
}
