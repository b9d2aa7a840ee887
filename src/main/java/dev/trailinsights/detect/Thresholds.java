package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.stats.CountTail;
import dev.trailinsights.stats.CountThreshold;

/**
 * Turns a baseline into thresholds: the smallest unusual count of a minute (none while the account
 * and region warm up), the lower count that keeps an open insight going (hysteresis), and the tail
 * probability reported for a Start. Caches one minute's threshold per series.
 */
final class Thresholds {
  private final DetectorConfig config;
  private final Baselines baselines;
  private final ApiTuning defaults;
  private final long minBaseline;
  private final double hysteresis;

  Thresholds(DetectorConfig config, Baselines baselines) {
    this.config = config;
    this.baselines = baselines;
    this.defaults = ApiTuning.defaults(config);
    this.minBaseline = config.minBaseline().toMinutes();
    this.hysteresis = config.hysteresis();
  }

  /** The tuning of {@code key}. */
  ApiTuning tuning(ApiKey key) {
    return ApiTuning.of(config, defaults, key);
  }

  /** The smallest unusual count of minute {@code m} of {@code s}, cached for that minute. */
  long threshold(ApiState st, Series s, long m) {
    if (s.thresholdMinute == m) {
      return s.threshold;
    }
    Baseline b = baselines.of(st, s, m);
    long t = unusual(st.key, b);
    s.thresholdMinute = m;
    s.threshold = t;
    s.thresholdBaseline = b;
    return t;
  }

  /** The smallest unusual count under baseline {@code b}; {@code MAX_VALUE} in warm-up. */
  long unusual(ApiKey key, Baseline b) {
    if (b.minutes() < Math.max(1, minBaseline)) {
      return Long.MAX_VALUE; // warm-up: the account and region are too new
    }
    ApiTuning tuning = tuning(key);
    return CountThreshold.smallestUnusual(
        b.expected(), b.variance(), tuning.alpha(), tuning.minCount(), tuning.minRatio());
  }

  /** The lower count that keeps an open insight going (hysteresis). */
  long stay(ApiKey key, Baseline b) {
    ApiTuning tuning = tuning(key);
    double h = hysteresis;
    return CountThreshold.smallestUnusual(
        b.expected(),
        b.variance(),
        Math.pow(tuning.alpha(), h),
        Math.max(1, (long) Math.ceil(tuning.minCount() * h)),
        1 + (tuning.minRatio() - 1) * h);
  }

  /** The tail probability of {@code threshold} under {@code b}: what proves a Start. */
  static double pValue(long threshold, Baseline b) {
    return CountTail.upperTail(threshold, b.expected(), b.variance());
  }

  /** A threshold as reported to the console and the series listener. */
  static long reported(long threshold) {
    return threshold == Long.MAX_VALUE ? InsightSeriesListener.NO_THRESHOLD : threshold;
  }
}
