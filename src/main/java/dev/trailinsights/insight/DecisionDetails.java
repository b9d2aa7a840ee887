package dev.trailinsights.insight;

/**
 * trail-insights' own explanation of a decision, written under {@code insightDetails.trailInsights}
 * so AWS-shaped consumers are never affected.
 *
 * @param pValue tail probability of the deciding minute's count under the baseline model
 * @param expected expected calls (or errors) per minute for the deciding minute (seasonal if used)
 * @param threshold smallest count in that minute that would have been unusual
 * @param model {@code poisson} or {@code negative-binomial}
 * @param seasonal {@code none}, {@code hour-of-day} or {@code hour-of-day+day-type}
 * @param accountId the key's account, repeated for routing
 * @param region the key's region, repeated for routing
 * @param decidedAtMillis event time of the record whose arrival proved the minute unusual (Start),
 *     or of the last closed minute (End); epoch milliseconds
 */
public record DecisionDetails(
    double pValue,
    double expected,
    long threshold,
    String model,
    String seasonal,
    String accountId,
    String region,
    long decidedAtMillis) {}
