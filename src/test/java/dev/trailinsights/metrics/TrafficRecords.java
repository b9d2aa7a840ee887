package dev.trailinsights.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * CloudTrail records as JSON text: one write API called steadily for two days, then a burst that
 * starts a call-rate insight.
 */
final class TrafficRecords {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";

  private TrafficRecords() {}

  /** {@code perMinute} calls a minute for {@code history}, then {@code burst} in one minute. */
  static List<String> steadyThenBurst(Instant start, Duration history, int perMinute, int burst) {
    List<String> records = new ArrayList<>();
    long spacing = 60 / perMinute;
    for (long m = 0; m < history.toMinutes(); m++) {
      for (int k = 0; k < perMinute; k++) {
        records.add(record(start.plusSeconds(m * 60 + k * spacing), false));
      }
    }
    Instant burstStart = start.plus(history).plusSeconds(60);
    for (int k = 0; k < burst; k++) {
      records.add(record(burstStart.plusMillis(k * 1000L), false));
    }
    return records;
  }

  /** A record of the scenario's API; {@code readOnly} ones are skipped by the default selectors. */
  static String record(Instant time, boolean readOnly) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\","
        + "\"arn\":\"arn:aws:sts::"
        + ACCOUNT
        + ":assumed-role/deployer/ci\",\"accountId\":\""
        + ACCOUNT
        + "\"},\"eventTime\":\""
        + time
        + "\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\""
        + (readOnly ? "GetRole" : "CreateRole")
        + "\",\"awsRegion\":\""
        + REGION
        + "\",\"sourceIPAddress\":\"10.0.0.1\",\"userAgent\":\"aws-cli/2.15\","
        + "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\""
        + UUID.randomUUID()
        + "\",\"eventID\":\""
        + UUID.randomUUID()
        + "\",\"readOnly\":"
        + readOnly
        + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
        + "\"recipientAccountId\":\""
        + ACCOUNT
        + "\",\"eventCategory\":\"Management\"}";
  }
}
