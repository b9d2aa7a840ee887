package dev.trailinsights.workload;

import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.InsightType;
import java.time.Instant;

/**
 * One labelled anomaly of {@code labels.json}: the series a detector should flag, when, and who
 * caused it.
 *
 * @param id {@code a01}, {@code a02}, ...
 * @param kind an {@link AnomalyKind#label()}
 * @param accountId account of the key
 * @param region region of the key
 * @param eventSource API's service endpoint
 * @param eventName API action
 * @param insightType the insight expected
 * @param errorCode the error-rate series' code; null for call-rate labels
 * @param start first anomalous minute
 * @param end end of the last anomalous minute (exclusive)
 * @param selection the event class whose selection sees the anomalous calls
 * @param strength {@code modest} or {@code clear}
 * @param baselinePerMinute mean normal rate of the series from the start of the traffic to the
 *     anomaly, zero minutes included (NaN when unknown)
 * @param expectedPerMinute expected normal rate of the series in the anomaly's first minute, daily
 *     rhythm included (NaN when unknown)
 * @param anomalyPerMinute mean extra rate of the series during the anomaly
 * @param userIdentityArn the actor's ARN, for checking attributions
 * @param userAgent the actor's client
 * @param sourceIPAddress the actor's address
 */
public record Label(
    String id,
    String kind,
    String accountId,
    String region,
    String eventSource,
    String eventName,
    InsightType insightType,
    String errorCode,
    Instant start,
    Instant end,
    EventClass selection,
    String strength,
    double baselinePerMinute,
    double expectedPerMinute,
    double anomalyPerMinute,
    String userIdentityArn,
    String userAgent,
    String sourceIPAddress) {

  public Label {
    if (insightType == InsightType.API_ERROR_RATE && (errorCode == null || errorCode.isEmpty())) {
      throw new IllegalArgumentException("label " + id + ": error-rate label without errorCode");
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("label " + id + ": end must be after start");
    }
  }

  /** {@code account|region|eventSource|eventName}. */
  public String key() {
    return accountId + "|" + region + "|" + eventSource + "|" + eventName;
  }
}
