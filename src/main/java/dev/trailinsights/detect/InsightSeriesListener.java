package dev.trailinsights.detect;

/**
 * Receives the per-minute picture of each insight as the detector decides it, so that it can be
 * drawn long after the minutes have left the detector's state: the minutes before the Start still
 * in the ring, every minute closed while the insight is open, and the quiet minutes that end it.
 *
 * <p>A minute can be reported more than once (first with the running count when the insight starts,
 * later with its final count when it closes): the last report of a minute wins.
 */
@FunctionalInterface
public interface InsightSeriesListener {
  /** Threshold reported while the account and region are still warming up. */
  long NO_THRESHOLD = -1;

  /** Ignores every minute. */
  InsightSeriesListener NONE = (id, minute, count, expected, threshold) -> {};

  /**
   * One minute of one insight's series.
   *
   * @param sharedEventId the insight
   * @param epochMinute the minute, minutes since the epoch
   * @param count calls (call-rate insight) or calls failing with the error code (error-rate)
   * @param expected the baseline's expected count for that minute
   * @param threshold the smallest count that would be unusual in that minute, or {@link
   *     #NO_THRESHOLD}
   */
  void minute(String sharedEventId, long epochMinute, long count, double expected, long threshold);
}
