package dev.trailinsights.detect;

import dev.trailinsights.config.ApiOverride;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.Sensitivity;

/**
 * The per-API tuning of the thresholds: the global settings, or those of the first {@code
 * overrides} entry whose pattern matches the API.
 *
 * @param alpha tail probability per minute below which a count is unusual
 * @param minCount fewest events in a minute that can start an insight
 * @param minRatio smallest ratio of count to expected count that can start an insight
 */
record ApiTuning(double alpha, long minCount, double minRatio) {

  /** The global tuning of {@code config}. */
  static ApiTuning defaults(DetectorConfig config) {
    return new ApiTuning(
        alpha(config.falseInsightsPerKeyPerDay()), config.minCount(), config.minRatio());
  }

  /** The tuning of {@code key}: its first matching override's, else {@code defaults}. */
  static ApiTuning of(DetectorConfig config, ApiTuning defaults, ApiKey key) {
    for (ApiOverride o : config.overrides()) {
      if (o.pattern().matches(key.eventSource(), key.eventName())) {
        return new ApiTuning(
            alpha(
                o.falseInsightsPerKeyPerDay() != null
                    ? o.falseInsightsPerKeyPerDay()
                    : config.falseInsightsPerKeyPerDay()),
            o.minCount() != null ? o.minCount() : config.minCount(),
            o.minRatio() != null ? o.minRatio() : config.minRatio());
      }
    }
    return defaults;
  }

  private static double alpha(double falseInsightsPerKeyPerDay) {
    return Sensitivity.alphaFor(falseInsightsPerKeyPerDay);
  }
}
