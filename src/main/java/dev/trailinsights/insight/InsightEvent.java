package dev.trailinsights.insight;

import java.util.List;

/**
 * One Insights event (a Start or an End), holding exactly what the AWS record carries plus
 * trail-insights' optional {@link DecisionDetails}. Serialised by {@link InsightJson}.
 *
 * @param eventTimeMillis whole minute, epoch milliseconds: the first unusual minute on a Start, the
 *     minute the episode ended on an End
 * @param errorCode for {@link InsightType#API_ERROR_RATE}: the error code of the series; null for
 *     call-rate insights
 * @param insightDuration minutes of the episode (1 on a Start)
 * @param baselineDuration minutes of baseline behind the decision
 * @param details optional explanation; null to leave {@code trailInsights} out
 */
public record InsightEvent(
    long eventTimeMillis,
    String awsRegion,
    String eventId,
    String recipientAccountId,
    String sharedEventId,
    InsightState state,
    String eventSource,
    String eventName,
    InsightType insightType,
    String errorCode,
    double baselineAverage,
    double insightAverage,
    long insightDuration,
    long baselineDuration,
    List<Attribution> attributions,
    DecisionDetails details) {

  public InsightEvent {
    attributions = List.copyOf(attributions);
    if (eventTimeMillis % 60_000L != 0) {
      throw new IllegalArgumentException("eventTime must be a whole minute: " + eventTimeMillis);
    }
  }
}
