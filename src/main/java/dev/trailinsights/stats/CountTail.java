package dev.trailinsights.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Upper tail probabilities {@code P(X >= x)} of per-minute counts.
 *
 * <p>A count with a given mean and variance is modelled as Poisson when it is not overdispersed
 * (variance at most the mean) and as a negative binomial with the same mean and variance when it
 * is. Both tails come from regularized special functions, so they stay accurate far into the tail
 * (a probability of {@code 1e-30} is computed, not rounded to zero) and cost a bounded number of
 * continued-fraction or series steps rather than a sum over counts.
 */
public final class CountTail {

  /** Relative excess of variance over mean below which a count is treated as Poisson. */
  static final double POISSON_TOLERANCE = 1e-9;

  private CountTail() {}

  /**
   * {@code P(X >= x)} for a count with this mean and variance: Poisson when {@code variance <= mean
   * * (1 + 1e-9)}, otherwise negative binomial with that mean and variance.
   *
   * @param x the observed count; {@code x <= 0} gives 1
   * @param mean expected count, finite and {@code >= 0}; 0 gives 1 for {@code x <= 0}, else 0
   * @param variance variance of the count, finite and {@code >= 0}
   * @return the upper tail probability in {@code [0, 1]}
   * @throws IllegalArgumentException if mean or variance is negative, NaN or infinite
   */
  public static double upperTail(long x, double mean, double variance) {
    checkMoment("mean", mean);
    checkMoment("variance", variance);
    if (x <= 0) {
      return 1.0;
    }
    if (mean == 0.0) {
      return 0.0;
    }
    if (variance <= mean * (1.0 + POISSON_TOLERANCE)) {
      return poisson(x, mean);
    }
    return negBinomial(x, mean, variance);
  }

  /**
   * {@code P(X >= x)} for a Poisson count with this mean: the regularized lower incomplete gamma
   * function {@code P(x, mean)}.
   *
   * @param x the observed count; {@code x <= 0} gives 1
   * @param mean expected count, finite and {@code >= 0}
   * @return the upper tail probability in {@code [0, 1]}
   * @throws IllegalArgumentException if mean is negative, NaN or infinite
   */
  public static double poissonUpperTail(long x, double mean) {
    checkMoment("mean", mean);
    if (x <= 0) {
      return 1.0;
    }
    if (mean == 0.0) {
      return 0.0;
    }
    return poisson(x, mean);
  }

  /**
   * {@code P(X >= x)} for a negative binomial count with this mean and variance, {@code variance >
   * mean}: with success probability {@code p = mean / variance} and size {@code r = mean^2 /
   * (variance - mean)}, the tail is the regularized incomplete beta function {@code I(1 - p; x,
   * r)}.
   *
   * @param x the observed count; {@code x <= 0} gives 1
   * @param mean expected count, finite and {@code >= 0}
   * @param variance variance of the count, finite and strictly greater than the mean unless the
   *     mean is 0
   * @return the upper tail probability in {@code [0, 1]}
   * @throws IllegalArgumentException if an argument is negative, NaN or infinite, or the variance
   *     does not exceed a positive mean
   */
  public static double negBinomialUpperTail(long x, double mean, double variance) {
    checkMoment("mean", mean);
    checkMoment("variance", variance);
    if (mean > 0.0 && !(variance > mean)) {
      throw new IllegalArgumentException(
          "negative binomial needs variance > mean, got mean "
              + mean
              + " and variance "
              + variance);
    }
    if (x <= 0) {
      return 1.0;
    }
    if (mean == 0.0) {
      return 0.0;
    }
    return negBinomial(x, mean, variance);
  }

  private static double poisson(long x, double mean) {
    return clamp(Gamma.regularizedGammaP((double) x, mean));
  }

  private static double negBinomial(long x, double mean, double variance) {
    // q = 1 - p computed directly: 1 - mean/variance would cancel when variance is close to mean.
    double excess = variance - mean;
    double q = excess / variance;
    double r = mean * mean / excess;
    return clamp(Beta.regularizedBeta(q, (double) x, r));
  }

  private static double clamp(double p) {
    if (Double.isNaN(p)) {
      // Commons Math returns NaN when a continued fraction does not converge; only reachable
      // for arguments far beyond any count this project sees.
      throw new ArithmeticException("count tail did not converge");
    }
    return Math.min(1.0, Math.max(0.0, p));
  }

  private static void checkMoment(String name, double value) {
    if (!(value >= 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
  }
}
