package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.it.TrailScenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Small CloudTrail traffic for topology tests: one account and region, records as JSON strings in
 * delivery order, and the detector settings that make a short history enough (two minutes of
 * lateness, ten minutes of warm-up from a fixed trail start).
 */
final class TestTraffic {
  /** Monday 2026-03-02 00:00 UTC: the trail start and minute 0. */
  static final long BASE = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

  /** Wall clock of the test driver: a day after the traffic, so no record is in the future. */
  static final Instant WALL_CLOCK = Instant.ofEpochMilli(BASE).plus(Duration.ofDays(1));

  static final String ACCOUNT = "111122223333";
  static final String REGION = "eu-west-1";
  static final String SCOPE = ACCOUNT + "|" + REGION;
  static final String API = "ec2.amazonaws.com:RunInstances";
  static final String OTHER_API = "s3.amazonaws.com:PutBucketPolicy";
  static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  static final String MALLORY = "arn:aws:iam::111122223333:user/mallory";

  final List<String> records = new ArrayList<>();
  private long ids;

  static DetectorConfig config() {
    return DetectorConfig.builder()
        .trailStart(new TrailStart(TrailStart.Mode.AT, Instant.ofEpochMilli(BASE)))
        .lateness(Duration.ofMinutes(2))
        .minBaseline(Duration.ofMinutes(10))
        // the wall clock is a day after the traffic: judged on arrival, as at the live edge
        .liveEdge(Duration.ofDays(7))
        .build();
  }

  /** {@code n} successful calls of {@code api} by {@code arn}, spread over minute {@code t}. */
  TestTraffic calls(int t, int n, String api, String arn) {
    return add(t, n, api, arn, null);
  }

  /** {@code n} calls failing with {@code code}. */
  TestTraffic errors(int t, int n, String api, String arn, String code) {
    return add(t, n, api, arn, code);
  }

  TestTraffic add(int t, int n, String api, String arn, String code) {
    for (int i = 0; i < n; i++) {
      long ms = BASE + t * 60_000L + (n == 1 ? 30_000L : 59L * i / (n - 1) * 1000L);
      records.add(record(ms, api, arn, code, "id-" + t + "-" + (ids++)));
    }
    return this;
  }

  /**
   * Two calls a minute of {@link #API} for 40 minutes, with a burst of 20 more by another caller in
   * minutes 20 to 22: a Start in minute 20 and an End once five quiet minutes have closed.
   */
  static TestTraffic burst() {
    TestTraffic t = new TestTraffic();
    for (int m = 0; m < 40; m++) {
      t.calls(m, 2, API, ALICE);
      if (m >= 20 && m < 23) {
        t.calls(m, 20, API, MALLORY);
      }
    }
    return t;
  }

  static String record(long ms, String api, String arn, String code, String id) {
    return TrailScenario.cloudTrailRecord(
        ms, ACCOUNT, REGION, api, arn, "aws-cli/2.15.0", code, false, id);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The records as one {@code {"Records":[...]}} file. */
  static String file(List<String> records) {
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  /** A record wrapped as an EventBridge event. */
  static String eventBridge(String record) {
    return "{\"version\":\"0\",\"id\":\"8d3f0d5e-1b2c-4d5e-8f70-000000000001\","
        + "\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"account\":\""
        + ACCOUNT
        + "\",\"time\":\"2026-03-02T00:00:00Z\",\"region\":\""
        + REGION
        + "\",\"resources\":[],\"detail\":"
        + record
        + "}";
  }
}
