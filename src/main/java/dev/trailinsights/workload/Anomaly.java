package dev.trailinsights.workload;

import dev.trailinsights.insight.InsightType;

/**
 * One injected anomaly: extra calls by one actor on one key during whole minutes {@code
 * [startMinute, startMinute + minutes)}.
 *
 * @param id label id, {@code a01}, {@code a02}, ...
 * @param kind what it imitates
 * @param key the account, region and API it hits
 * @param insightType the insight a detector should raise
 * @param errorCode the error code of the series for error-rate anomalies, else null
 * @param startMinute first minute, epoch minutes
 * @param minutes length in minutes
 * @param callsPerMinute mean extra calls per minute by the actor
 * @param errorShare share of the actor's calls that fail with {@code errorCode}
 * @param actor who makes the calls
 * @param clear true for a strong anomaly, false for a modest one
 * @param expectedPerMinute the model's expected normal rate of the labelled series at the start
 */
record Anomaly(
    String id,
    AnomalyKind kind,
    KeyProfile key,
    InsightType insightType,
    String errorCode,
    long startMinute,
    int minutes,
    double callsPerMinute,
    double errorShare,
    Identity actor,
    boolean clear,
    double expectedPerMinute) {

  long endMinute() {
    return startMinute + minutes;
  }

  boolean activeAt(long epochMinute) {
    return epochMinute >= startMinute && epochMinute < startMinute + minutes;
  }

  /** Mean rate of the labelled series during the anomaly (extra calls or errors per minute). */
  double anomalyPerMinute() {
    return insightType == InsightType.API_ERROR_RATE ? callsPerMinute * errorShare : callsPerMinute;
  }
}
