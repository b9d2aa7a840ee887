package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.Access;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventCategory;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds CloudTrail traffic minute by minute for detector tests, and collects the insights. */
final class Traffic {
  /** Monday 2026-03-02 00:00 UTC. */
  static final long BASE = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

  static final String ACCOUNT = "111122223333";
  static final String REGION = "eu-west-1";
  static final String NORMAL_ARN = "arn:aws:iam::111122223333:user/alice";
  static final String ATTACKER_ARN = "arn:aws:iam::111122223333:user/mallory";

  final List<CloudTrailRecord> records = new ArrayList<>();
  final Random random = new Random(7);
  private long ids;

  /**
   * {@code n} successful write calls of {@code api} spread over the seconds of minute {@code t}.
   */
  Traffic calls(long t, int n, String api, String arn) {
    return add(t, n, api, arn, null, Access.WRITE);
  }

  /** {@code n} calls of {@code api} failing with {@code code} in minute {@code t}. */
  Traffic errors(long t, int n, String api, String arn, String code) {
    return add(t, n, api, arn, code, Access.WRITE);
  }

  Traffic add(long t, int n, String api, String arn, String code, Access access) {
    for (int i = 0; i < n; i++) {
      long ms = BASE + t * 60_000L + (n == 1 ? 30_000L : (59_000L * i) / (n - 1));
      records.add(record(ms, api, arn, code, access, "id-" + (ids++)));
    }
    return this;
  }

  static CloudTrailRecord record(
      long ms, String api, String arn, String code, Access access, String id) {
    String[] parts = api.split(":");
    return new CloudTrailRecord(
        ms,
        parts[0],
        parts[1],
        REGION,
        ACCOUNT,
        code,
        access,
        EventCategory.MANAGEMENT,
        "AwsApiCall",
        id,
        arn,
        arn.equals(ATTACKER_ARN) ? "python-requests/2.31" : "aws-cli/2.15.0");
  }

  /** A Poisson draw (Knuth), for background load. */
  int poisson(double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** Runs every record through a fresh offline detector, in list order. */
  Result run(DetectorConfig config) {
    return run(config, records);
  }

  static Result run(DetectorConfig config, List<CloudTrailRecord> input) {
    return run(config, input, false);
  }

  /** As {@link #run(DetectorConfig)}, judging minutes on arrival as the live edge does. */
  Result runOnArrival(DetectorConfig config) {
    return runOnArrival(config, records);
  }

  static Result runOnArrival(DetectorConfig config, List<CloudTrailRecord> input) {
    return run(config, input, true);
  }

  private static Result run(DetectorConfig config, List<CloudTrailRecord> input, boolean live) {
    List<InsightEvent> out = new ArrayList<>();
    OfflineDetector d = new OfflineDetector(config, out::add);
    if (live) {
      d.judgingOnArrival();
    }
    input.forEach(d::accept);
    d.finish();
    return new Result(out, d);
  }

  record Result(List<InsightEvent> insights, OfflineDetector detector) {
    List<InsightEvent> starts() {
      return insights.stream().filter(i -> i.state() == InsightState.START).toList();
    }

    List<InsightEvent> ends() {
      return insights.stream().filter(i -> i.state() == InsightState.END).toList();
    }

    List<InsightEvent> starts(InsightType type) {
      return starts().stream().filter(i -> i.insightType() == type).toList();
    }
  }

  /** Minute index of an insight's eventTime. */
  static long minuteOf(InsightEvent e) {
    return (e.eventTimeMillis() - BASE) / 60_000L;
  }
}
