package dev.trailinsights.detect;

import dev.trailinsights.insight.ValueAverage;
import java.util.List;

/**
 * What the detector knows of one API key now: for its call-rate series and each error-code series,
 * the baseline the next minute is tested against, the recent per-minute counts and the usual values
 * of its attributes. Built by {@link Detector#describe(ApiState)}.
 *
 * @param key the API key
 * @param newestMinute newest minute seen for the key, epoch minutes
 * @param historyStart first minute of history of its account and region, epoch minutes
 * @param series the call-rate series first, then one per tracked error code
 */
public record BaselineReport(
    ApiKey key, long newestMinute, long historyStart, List<SeriesReport> series) {

  /**
   * One series of the key.
   *
   * @param errorCode null for the call-rate series
   * @param average mean count per minute over the baseline window
   * @param minutes minutes of history behind the baseline
   * @param expected expected count for the newest minute (seasonal when the profile is active)
   * @param variance variance of that count under the model
   * @param model {@code poisson} or {@code negative-binomial}
   * @param seasonal {@code none}, {@code hour-of-day} or {@code hour-of-day+day-type}
   * @param threshold smallest unusual count for the newest minute, or {@link
   *     InsightSeriesListener#NO_THRESHOLD} while warming up
   * @param recent per-minute counts still held exactly, oldest first
   * @param topValues usual values per attribute ({@code userIdentityArn}, {@code userAgent} and,
   *     for the call-rate series, {@code errorCode}), as averages per minute
   * @param openInsight the open insight's sharedEventID, or null
   * @param openSinceMinute the open insight's first minute, or {@code Long.MIN_VALUE}
   */
  public record SeriesReport(
      String errorCode,
      double average,
      long minutes,
      double expected,
      double variance,
      String model,
      String seasonal,
      long threshold,
      List<MinuteCount> recent,
      List<AttributeValues> topValues,
      String openInsight,
      long openSinceMinute) {}

  /**
   * The count of one minute.
   *
   * @param minute epoch minutes
   * @param count events counted
   * @param closed whether the minute is beyond the lateness horizon (its count is final)
   */
  public record MinuteCount(long minute, int count, boolean closed) {}

  /**
   * The heaviest values of one attribute.
   *
   * @param attribute {@code userIdentityArn}, {@code userAgent} or {@code errorCode}
   * @param values heaviest first, at most five
   */
  public record AttributeValues(String attribute, List<ValueAverage> values) {}
}
