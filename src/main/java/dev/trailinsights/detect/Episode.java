package dev.trailinsights.detect;

/**
 * Holds one series' open insight (episode), if any: its first minutes, the running sums the End
 * reports and the baseline figures frozen at its Start.
 */
final class Episode {
  static final long NONE = Long.MIN_VALUE;

  /** The minute that proved the insight (its Start); {@link #NONE} when no insight is open. */
  long start = NONE;

  /**
   * The first minute of the episode when unusual minutes before its Start closed after the Start
   * was emitted (they arrived later than the minute that proved it); {@link #NONE} otherwise. The
   * episode keeps the Start's identity and the End's figures cover the minutes from here.
   */
  long first = NONE;

  long lastUnusual;
  long pending;
  long sumThroughLast;
  double baselineAverage;
  long baselineMinutes;
  double expected;
  long threshold;
  double pValue;
  byte model;
  byte seasonal;

  // not persisted: the sharedEventID, recomputed after a restore
  transient String id;

  boolean open() {
    return start != NONE;
  }

  /** The episode's first minute: its Start, or an earlier unusual minute that closed after it. */
  long firstMinute() {
    return first != NONE ? first : start;
  }

  /**
   * Opens the episode at minute {@code m}, proved by a count of {@code threshold} under {@code b}.
   */
  void begin(long m, Baseline b, long threshold, double pValue) {
    start = m;
    first = NONE;
    id = null;
    lastUnusual = m;
    pending = 0;
    sumThroughLast = 0;
    baselineAverage = b.average();
    baselineMinutes = b.minutes();
    expected = b.expected();
    this.threshold = threshold;
    this.pValue = pValue;
    model = b.model();
    seasonal = b.seasonal();
  }

  void close() {
    start = NONE;
    first = NONE;
    id = null;
  }
}
