package dev.trailinsights.detect;

/**
 * The baseline model: a pure function from the seasonal cells of a window of minutes (per hour of
 * day and day type: minutes, sum and sum of squares of their counts) to the {@link Baseline} of one
 * minute: flat or seasonal (hour of day, then also weekday versus weekend once both were seen for a
 * day), Poisson or, when the counts vary more than a Poisson would, negative binomial.
 *
 * <p>To change how the expected count and its variance are estimated, change this class and {@code
 * SeasonalModelTest}; the golden tests then show which outputs move.
 */
final class SeasonalModel {
  /** Seasonal cells: {@code hourOfDay * 2 + dayType}, day type 1 for Saturday and Sunday. */
  static final int CELLS = 48;

  /** Prior weight, in minutes, pulling a seasonal slot toward the global rate. */
  private static final double HOUR_PRIOR_MINUTES = 30;

  private static final double DAY_TYPE_PRIOR_MINUTES = 360;

  private final boolean seasonality;

  /**
   * @param seasonality whether a daily profile may be learnt ({@code detection.seasonality})
   */
  SeasonalModel(boolean seasonality) {
    this.seasonality = seasonality;
  }

  /** The cell of an hour (hours since the epoch). */
  static int cell(long hour) {
    int hourOfDay = (int) Math.floorMod(hour, 24L);
    return hourOfDay * 2 + (weekend(Math.floorDiv(hour, 24)) ? 1 : 0);
  }

  /** Saturday or Sunday; epoch day 0 (1970-01-01) was a Thursday. */
  private static boolean weekend(long epochDay) {
    return Math.floorMod(epochDay + 3, 7L) >= 5;
  }

  /**
   * The baseline of minute {@code m} from the cells of its window.
   *
   * @param cs per cell, the sum of the minutes' counts
   * @param cn per cell, the number of minutes
   * @param cq per cell, the sum of the squares of the minutes' counts
   * @param m the minute tested, epoch minutes (its cell gives the seasonal expectation)
   */
  Baseline fit(long[] cs, long[] cn, long[] cq, long m) {
    long n = 0;
    long sum = 0;
    long sq = 0;
    long[] dayTypeN = new long[2];
    long[] dayTypeS = new long[2];
    for (int c = 0; c < CELLS; c++) {
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
    if (seasonality && n >= 2 * 1440 && sum > 0) {
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
      double[] cellMean = new double[CELLS];
      for (int c = 0; c < CELLS; c++) {
        cellMean[c] = cellExpectation(cs, cn, dayTypeS, dayTypeN, mean, c, seasonal);
      }
      double r = 0;
      for (int c = 0; c < CELLS; c++) {
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
}
