package dev.trailinsights.detect;

import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightIds;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;

/** Builds the Insights events (Start and End) of a series' episode, in AWS's format. */
final class InsightBuilder {
  private static final long MINUTE_MS = 60_000L;

  private final boolean details;

  /**
   * @param details whether events carry the decision's details ({@code output.details})
   */
  InsightBuilder(boolean details) {
    this.details = details;
  }

  /** The sharedEventID of the series' open episode, computed once per episode. */
  static String episodeId(ApiKey k, Series s) {
    Episode ep = s.episode;
    if (ep.id == null) {
      ep.id =
          InsightIds.sharedEventId(
              k.accountId(),
              k.region(),
              k.eventSource(),
              k.eventName(),
              type(s),
              s.errorCode,
              ep.start * MINUTE_MS);
    }
    return ep.id;
  }

  private static InsightType type(Series s) {
    return s.errorCode == null ? InsightType.API_CALL_RATE : InsightType.API_ERROR_RATE;
  }

  /**
   * One Insights event of the open episode of {@code s}.
   *
   * @param eventMinute the event's time, epoch minutes
   * @param insightAverage the insight's average count per minute
   * @param duration the insight's minutes
   * @param decidedAtMillis when the decision was made, event time
   * @param perMinute the weight of one attributed event in the insight's averages
   */
  InsightEvent insight(
      ApiKey k,
      Series s,
      InsightState state,
      long eventMinute,
      double insightAverage,
      long duration,
      long decidedAtMillis,
      double perMinute) {
    Episode ep = s.episode;
    String shared = episodeId(k, s);
    DecisionDetails d =
        details
            ? new DecisionDetails(
                ep.pValue,
                ep.expected,
                ep.threshold,
                Baseline.modelName(ep.model),
                Baseline.seasonalName(ep.seasonal),
                k.accountId(),
                k.region(),
                decidedAtMillis)
            : null;
    return new InsightEvent(
        eventMinute * MINUTE_MS,
        k.region(),
        InsightIds.eventId(shared, state),
        k.accountId(),
        shared,
        state,
        k.eventSource(),
        k.eventName(),
        type(s),
        s.errorCode,
        ep.baselineAverage,
        insightAverage,
        duration,
        ep.baselineMinutes,
        s.sketches.attributions(perMinute, ep.baselineAverage),
        d);
  }
}
