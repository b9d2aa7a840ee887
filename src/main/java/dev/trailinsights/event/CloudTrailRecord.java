package dev.trailinsights.event;

/**
 * The fields of one CloudTrail record that rates and attributions need, nothing else.
 *
 * @param eventTimeMillis {@code eventTime} as epoch milliseconds (UTC)
 * @param eventSource service endpoint, e.g. {@code ec2.amazonaws.com}
 * @param eventName API action, e.g. {@code RunInstances}
 * @param awsRegion region the call went to; {@code ""} when absent
 * @param accountId {@code recipientAccountId}, else {@code userIdentity.accountId}; {@code ""} when
 *     both are absent
 * @param errorCode {@code errorCode}, or {@code null} for a successful call
 * @param access {@code readOnly} as a tri-state
 * @param category {@code eventCategory}, inferred from {@code managementEvent} when absent
 * @param eventType {@code eventType}, e.g. {@code AwsApiCall}; {@code ""} when absent
 * @param eventId {@code eventID}; {@code null} when absent
 * @param userArn {@code userIdentity.arn}; {@code null} when absent
 * @param userAgent {@code userAgent}; {@code null} when absent
 */
public record CloudTrailRecord(
    long eventTimeMillis,
    String eventSource,
    String eventName,
    String awsRegion,
    String accountId,
    String errorCode,
    Access access,
    EventCategory category,
    String eventType,
    String eventId,
    String userArn,
    String userAgent) {

  /** The {@code eventType} of Insights records, which are never analysed. */
  public static final String INSIGHT_EVENT_TYPE = "AwsCloudTrailInsight";

  /** True for Insights records: analysing them would feed the detector its own output. */
  public boolean isInsight() {
    return category == EventCategory.INSIGHT || INSIGHT_EVENT_TYPE.equals(eventType);
  }
}
