package dev.trailinsights.config;

/**
 * The one knob: how many false insights per API key per day the user accepts on normal traffic. The
 * detector turns it into a per-minute tail probability ({@link #alpha()}).
 */
public enum Sensitivity {
  /** About one false insight per 10,000 API keys per day. */
  LOW(1e-4),
  /** About one false insight per 1,000 API keys per day (default). */
  MEDIUM(1e-3),
  /** About one false insight per 100 API keys per day. */
  HIGH(1e-2);

  private final double falseInsightsPerKeyPerDay;

  Sensitivity(double falseInsightsPerKeyPerDay) {
    this.falseInsightsPerKeyPerDay = falseInsightsPerKeyPerDay;
  }

  public double falseInsightsPerKeyPerDay() {
    return falseInsightsPerKeyPerDay;
  }

  /** Per-minute tail probability that gives this rate of false insights on a key. */
  public double alpha() {
    return alphaFor(falseInsightsPerKeyPerDay);
  }

  /** Per-minute tail probability for a target false-insight rate per key per day. */
  public static double alphaFor(double falseInsightsPerKeyPerDay) {
    return falseInsightsPerKeyPerDay / 1440.0;
  }
}
