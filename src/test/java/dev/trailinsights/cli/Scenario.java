package dev.trailinsights.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * CloudTrail records of a simple scenario, built as JSON text: one write API called steadily, then
 * a burst. Enough history (two days by default) for a baseline, so the burst starts an insight.
 */
final class Scenario {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  static final String EVENT_SOURCE = "iam.amazonaws.com";
  static final String EVENT_NAME = "CreateRole";

  private Scenario() {}

  /**
   * {@code perMinute} calls every minute for {@code history}, then {@code burst} calls within one
   * minute; in event-time order.
   */
  static List<String> steadyThenBurst(Instant start, Duration history, int perMinute, int burst) {
    List<String> records = new ArrayList<>();
    long minutes = history.toMinutes();
    long spacing = 60 / perMinute;
    for (long m = 0; m < minutes; m++) {
      for (int k = 0; k < perMinute; k++) {
        records.add(record(start.plusSeconds(m * 60 + k * spacing), records.size()));
      }
    }
    Instant burstStart = start.plus(history).plusSeconds(60);
    for (int k = 0; k < burst; k++) {
      records.add(record(burstStart.plusMillis(k * 1000L), records.size()));
    }
    return records;
  }

  /** One write-management record of the scenario's API. */
  static String record(Instant time, int n) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\","
        + "\"arn\":\"arn:aws:sts::"
        + ACCOUNT
        + ":assumed-role/deployer/ci\",\"accountId\":\""
        + ACCOUNT
        + "\"},\"eventTime\":\""
        + time
        + "\",\"eventSource\":\""
        + EVENT_SOURCE
        + "\",\"eventName\":\""
        + EVENT_NAME
        + "\",\"awsRegion\":\""
        + REGION
        + "\",\"sourceIPAddress\":\"10.0.0.1\",\"userAgent\":\"aws-cli/2.15\","
        + "\"requestParameters\":{\"roleName\":\"role-"
        + n
        + "\"},\"responseElements\":null,\"requestID\":\""
        + UUID.randomUUID()
        + "\",\"eventID\":\""
        + UUID.randomUUID()
        + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
        + "\"recipientAccountId\":\""
        + ACCOUNT
        + "\",\"eventCategory\":\"Management\"}";
  }
}
