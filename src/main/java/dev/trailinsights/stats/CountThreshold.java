package dev.trailinsights.stats;

/**
 * The smallest count that is unusual for a baseline: what the detector compares a minute's running
 * count against, so that the tail itself is evaluated once per baseline change rather than once per
 * event.
 */
public final class CountThreshold {

  /** Counts at or above this are not searched: the answer is then {@link Long#MAX_VALUE}. */
  static final long SEARCH_LIMIT = 1_000_000_000_000L;

  private CountThreshold() {}

  /**
   * Smallest integer count {@code c} with {@code c >= minCount}, {@code c >= ceil(minRatio * mean)}
   * and {@code CountTail.upperTail(c, mean, variance) <= alpha}.
   *
   * <p>The tail is non-increasing in {@code c}, so the search doubles a step from the lower bound
   * until the tail falls to {@code alpha}, then bisects: {@code O(log)} tail evaluations whatever
   * the mean.
   *
   * @param mean expected count, finite and {@code >= 0}
   * @param variance variance of the count, finite and {@code >= 0}
   * @param alpha tail probability at or below which a count is unusual, in {@code (0, 1)}
   * @param minCount smallest count ever reported unusual, {@code >= 0}
   * @param minRatio smallest ratio of count to mean ever reported unusual, finite and {@code >= 0}
   * @return the threshold count, or {@link Long#MAX_VALUE} if none is below {@code 1e12}
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static long smallestUnusual(
      double mean, double variance, double alpha, long minCount, double minRatio) {
    if (!(alpha > 0.0 && alpha < 1.0)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
    if (minCount < 0) {
      throw new IllegalArgumentException("minCount must be >= 0, got " + minCount);
    }
    if (!(minRatio >= 0.0) || Double.isInfinite(minRatio)) {
      throw new IllegalArgumentException("minRatio must be finite and >= 0, got " + minRatio);
    }
    // upperTail checks mean and variance; call it once up front so bad moments fail even when the
    // bounds alone would decide the answer.
    CountTail.upperTail(0, mean, variance);

    double ratioBound = Math.ceil(minRatio * mean);
    if (ratioBound >= SEARCH_LIMIT || minCount >= SEARCH_LIMIT) {
      return Long.MAX_VALUE;
    }
    long lo = Math.max(minCount, (long) ratioBound);
    if (unusual(lo, mean, variance, alpha)) {
      return lo;
    }
    // Exponential search: the first step is about one standard deviation, so a large mean does not
    // cost a long walk of single steps.
    long step = Math.max(1L, (long) Math.ceil(Math.sqrt(Math.max(variance, mean))));
    long bad = lo;
    long good;
    while (true) {
      long candidate = bad + step;
      if (candidate >= SEARCH_LIMIT) {
        if (unusual(SEARCH_LIMIT, mean, variance, alpha)) {
          good = SEARCH_LIMIT;
          break;
        }
        return Long.MAX_VALUE;
      }
      if (unusual(candidate, mean, variance, alpha)) {
        good = candidate;
        break;
      }
      bad = candidate;
      step = step <= SEARCH_LIMIT / 2 ? step * 2 : SEARCH_LIMIT;
    }
    // Invariant: bad is not unusual, good is.
    while (good - bad > 1) {
      long mid = bad + (good - bad) / 2;
      if (unusual(mid, mean, variance, alpha)) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return good >= SEARCH_LIMIT ? Long.MAX_VALUE : good;
  }

  private static boolean unusual(long c, double mean, double variance, double alpha) {
    return CountTail.upperTail(c, mean, variance) <= alpha;
  }
}
