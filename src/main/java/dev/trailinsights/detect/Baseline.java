package dev.trailinsights.detect;

/**
 * The baseline behind the decision on one minute, computed from the closed minutes before it.
 *
 * @param average mean count per minute over the baseline window, zero minutes included (what AWS
 *     reports as {@code baseline.average})
 * @param minutes minutes of history behind it ({@code baselineDuration})
 * @param expected expected count for the minute tested (seasonal when the profile is active)
 * @param variance variance of that count under the model
 * @param model {@link #POISSON} or {@link #NEGATIVE_BINOMIAL}
 * @param seasonal {@link #FLAT}, {@link #HOUR_OF_DAY} or {@link #HOUR_OF_DAY_AND_DAY_TYPE}
 */
record Baseline(
    double average, long minutes, double expected, double variance, byte model, byte seasonal) {
  static final byte POISSON = 0;
  static final byte NEGATIVE_BINOMIAL = 1;
  static final byte FLAT = 0;
  static final byte HOUR_OF_DAY = 1;
  static final byte HOUR_OF_DAY_AND_DAY_TYPE = 2;

  static String modelName(byte model) {
    return model == NEGATIVE_BINOMIAL ? "negative-binomial" : "poisson";
  }

  static String seasonalName(byte seasonal) {
    return switch (seasonal) {
      case HOUR_OF_DAY -> "hour-of-day";
      case HOUR_OF_DAY_AND_DAY_TYPE -> "hour-of-day+day-type";
      default -> "none";
    };
  }
}
