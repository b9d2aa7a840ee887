package dev.trailinsights.stats;

/**
 * Finds the dominant period of a regularly sampled series from its autocorrelation: the lag of the
 * strongest prominent correlation peak, preferring the fundamental over its multiples.
 *
 * <p>The correlation at lag {@code k} is Pearson's coefficient between {@code x[0..n-k)} and {@code
 * x[k..n)}, so it is not biased towards short lags as the textbook estimator (divided by {@code n})
 * is; a daily rhythm shows at lag 288 of a 5-minute series with only a little more than two days of
 * data. A smooth series correlates strongly with itself at small lags, which is not a rhythm: a
 * peak counts only if it rises well above the lowest correlation at shorter lags. Cost {@code O(n *
 * maxLag)}, once.
 */
public final class PeriodDetector {

  /** Peaks within this fraction of the best one count as the same rhythm: the shortest wins. */
  static final double HARMONIC_TOLERANCE = 0.9;

  /** How far a peak must rise above the lowest correlation at any shorter lag. */
  static final double MIN_PROMINENCE = 0.2;

  private PeriodDetector() {}

  /**
   * The dominant period of {@code values[0..length)} in samples, or 0 when there is none.
   *
   * @param values the series, regularly spaced
   * @param length how many leading values to use
   * @param maxLag longest period considered; capped at {@code length / 2} so that at least two
   *     cycles are seen
   * @param minCorrelation smallest autocorrelation at the period for it to count, in {@code (0, 1]}
   * @return the period, {@code >= 2}, or 0 when no peak reaches {@code minCorrelation}
   * @throws IllegalArgumentException if an argument is out of range or a value is not finite
   */
  public static int detect(double[] values, int length, int maxLag, double minCorrelation) {
    if (length < 0 || length > values.length) {
      throw new IllegalArgumentException("length must be in [0, " + values.length + "]");
    }
    if (!(minCorrelation > 0 && minCorrelation <= 1)) {
      throw new IllegalArgumentException("minCorrelation must be in (0, 1], got " + minCorrelation);
    }
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite");
      }
    }
    int lags = Math.min(maxLag, length / 2);
    if (lags < 3) {
      return 0;
    }
    // r[k] for k in [1, lags + 1]: one lag past the last so that the last one can be a peak.
    int top = Math.min(lags + 1, length - 2);
    double[] r = new double[top + 1];
    r[0] = 1.0;
    for (int k = 1; k <= top; k++) {
      r[k] = correlation(values, length, k);
    }
    // A peak counts only if it rises well above the lowest correlation at shorter lags: wiggles on
    // the slow decay of a smooth series are not a rhythm.
    double[] lowestBefore = new double[top + 1];
    lowestBefore[1] = r[1];
    for (int k = 2; k <= top; k++) {
      lowestBefore[k] = Math.min(lowestBefore[k - 1], r[k - 1]);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int k = 2; k <= lags && k < top; k++) {
      if (isPeak(r, k, lowestBefore)) {
        best = Math.max(best, r[k]);
      }
    }
    if (best < minCorrelation) {
      return 0;
    }
    for (int k = 2; k <= lags && k < top; k++) {
      if (isPeak(r, k, lowestBefore) && r[k] >= HARMONIC_TOLERANCE * best) {
        return k;
      }
    }
    return 0;
  }

  private static boolean isPeak(double[] r, int k, double[] lowestBefore) {
    return r[k] > r[k - 1] && r[k] >= r[k + 1] && r[k] - lowestBefore[k] >= MIN_PROMINENCE;
  }

  /** Pearson correlation of x[0..n-k) with x[k..n); 0 when either part is constant. */
  private static double correlation(double[] x, int n, int k) {
    int m = n - k;
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < m; i++) {
      meanA += x[i];
      meanB += x[i + k];
    }
    meanA /= m;
    meanB /= m;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < m; i++) {
      double a = x[i] - meanA;
      double b = x[i + k] - meanB;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    if (saa <= 0 || sbb <= 0) {
      return 0;
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
