package dev.trailinsights.stats;

/**
 * Tail probabilities of standardized residuals learned from the residuals themselves: a decayed
 * histogram on a log scale for the bulk, and beyond its upper {@code tailFraction} an exponential
 * tail whose scale is the mean excess over that point (peaks over threshold with a generalized
 * Pareto shape of 0), so that a residual larger than any seen so far still gets a finite, falling
 * probability instead of "never seen".
 *
 * <p>Each side (positive, negative) has its own tail: a series with upward spikes does not make
 * downward ones look normal. A small prior of {@code priorWeight} observations from a Laplace tail
 * (a unit exponential on each side) keeps the estimate sensible before there is data and when the
 * residuals are degenerate, as on a noise-free series. Memory and time per call are constant: a
 * fixed number of bins, decayed by scaling the increment rather than every bin.
 */
final class ResidualTail {

  static final double MIN_MAGNITUDE = 1e-4;
  private static final int DECADES = 12;
  private static final int BINS_PER_DECADE = 8;
  private static final int BINS = DECADES * BINS_PER_DECADE;
  private static final double LOG_MIN = Math.log10(MIN_MAGNITUDE);
  private static final double PRIOR_SCALE = 1.0;
  private static final double RESCALE_ABOVE = 1e150;

  private final double keep;
  private final double tailFraction;
  private final double priorWeight;
  private final double[][] weight = new double[2][BINS];
  private final double[][] weightedSum = new double[2][BINS];
  private double smallWeight;
  private double total;
  private double increment = 1.0;

  /**
   * @param horizon mean age of the residuals that count, in observations: each new one weighs
   *     {@code 1 / (1 - 1 / horizon)} times the previous
   * @param tailFraction fraction of all residuals, per side, above which the exponential tail
   *     replaces the histogram
   * @param priorWeight weight of the Laplace prior, in observations
   */
  ResidualTail(double horizon, double tailFraction, double priorWeight) {
    if (!(horizon > 1)) {
      throw new IllegalArgumentException("horizon must be > 1, got " + horizon);
    }
    if (!(tailFraction > 0 && tailFraction < 0.5)) {
      throw new IllegalArgumentException("tailFraction must be in (0, 0.5), got " + tailFraction);
    }
    if (!(priorWeight > 0)) {
      throw new IllegalArgumentException("priorWeight must be > 0, got " + priorWeight);
    }
    this.keep = 1.0 - 1.0 / horizon;
    this.tailFraction = tailFraction;
    this.priorWeight = priorWeight;
  }

  /** Effective number of residuals seen, after decay. */
  double observations() {
    return total / increment;
  }

  /** Learns one residual. */
  void add(double z) {
    if (!Double.isFinite(z)) {
      throw new IllegalArgumentException("residual must be finite, got " + z);
    }
    increment /= keep;
    double m = Math.abs(z);
    if (m < MIN_MAGNITUDE) {
      smallWeight += increment;
    } else {
      int side = z > 0 ? 1 : 0;
      int b = bin(m);
      weight[side][b] += increment;
      weightedSum[side][b] += increment * m;
    }
    total += increment;
    if (increment > RESCALE_ABOVE) {
      rescale();
    }
  }

  /**
   * {@code P(Z >= z)} for {@code z > 0}, {@code P(Z <= z)} for {@code z < 0}, 0.5 for 0.
   *
   * @param z a standardized residual (infinite allowed: gives 0)
   */
  double tail(double z) {
    if (Double.isNaN(z)) {
      throw new IllegalArgumentException("residual must not be NaN");
    }
    if (z == 0) {
      return 0.5;
    }
    double m = Math.abs(z);
    double prior = 0.5 * Math.exp(-m / PRIOR_SCALE);
    double n = observations();
    if (n <= 0) {
      return prior;
    }
    double empirical = total > 0 ? sideTail(z > 0 ? 1 : 0, m) : 0;
    return (empirical * n + prior * priorWeight) / (n + priorWeight);
  }

  private double sideTail(int side, double m) {
    double[] w = weight[side];
    // Threshold u: the lower edge of the bin where the cumulative weight from the top first
    // reaches tailFraction of all residuals; the whole side when it holds less than that.
    double needed = tailFraction * total;
    double above = 0;
    int ub = 0;
    boolean found = false;
    for (int b = BINS - 1; b >= 0; b--) {
      above += w[b];
      if (above >= needed) {
        ub = b;
        found = true;
        break;
      }
    }
    double u = found ? lowerEdge(ub) : MIN_MAGNITUDE;
    if (m <= u) {
      return empiricalTail(side, m);
    }
    double excess = 0;
    double excessWeight = 0;
    for (int b = ub; b < BINS; b++) {
      excess += weightedSum[side][b] - w[b] * u;
      excessWeight += w[b];
    }
    double tailAtU = excessWeight / total;
    if (tailAtU <= 0) {
      return 0;
    }
    double count = excessWeight / increment;
    double scale = (excess / increment + priorWeight * PRIOR_SCALE) / (count + priorWeight);
    return tailAtU * Math.exp(-(m - u) / scale);
  }

  /** Weight at or above m on one side, interpolated within m's bin on the log scale. */
  private double empiricalTail(int side, double m) {
    double[] w = weight[side];
    if (m < MIN_MAGNITUDE) {
      double sideWeight = 0;
      for (double x : w) {
        sideWeight += x;
      }
      return (sideWeight + 0.5 * smallWeight) / total;
    }
    int b = bin(m);
    double sum = 0;
    for (int i = b + 1; i < BINS; i++) {
      sum += w[i];
    }
    double position = (Math.log10(m) - LOG_MIN) * BINS_PER_DECADE - b;
    double fractionAbove = 1.0 - Math.max(0, Math.min(1, position));
    sum += w[b] * fractionAbove;
    return sum / total;
  }

  private static int bin(double m) {
    int b = (int) Math.floor((Math.log10(m) - LOG_MIN) * BINS_PER_DECADE);
    return Math.max(0, Math.min(BINS - 1, b));
  }

  private static double lowerEdge(int b) {
    return Math.pow(10, LOG_MIN + (double) b / BINS_PER_DECADE);
  }

  private void rescale() {
    double f = 1.0 / increment;
    for (int side = 0; side < 2; side++) {
      for (int b = 0; b < BINS; b++) {
        weight[side][b] *= f;
        weightedSum[side][b] *= f;
      }
    }
    smallWeight *= f;
    total *= f;
    increment = 1.0;
  }
}
