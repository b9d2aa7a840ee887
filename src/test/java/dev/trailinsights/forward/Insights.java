package dev.trailinsights.forward;

import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.time.Instant;
import java.util.List;

/** Insights events for forwarder tests. */
final class Insights {
  static final String ACCOUNT = "123456789012";
  static final String SHARED = "7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7";

  private Insights() {}

  static InsightEvent start(String eventId, Instant at) {
    return new InsightEvent(
        at.toEpochMilli(),
        "eu-west-1",
        eventId,
        ACCOUNT,
        SHARED,
        InsightState.START,
        "iam.amazonaws.com",
        "CreateAccessKey",
        InsightType.API_CALL_RATE,
        null,
        0.0123,
        42.0,
        1,
        10080,
        List.of(
            new Attribution(
                Attribution.USER_IDENTITY_ARN,
                List.of(
                    new ValueAverage("arn:aws:iam::123456789012:role/ci-bot", 41.0),
                    new ValueAverage("arn:aws:iam::123456789012:user/alice", 1.0)),
                List.of(new ValueAverage("arn:aws:iam::123456789012:user/alice", 0.0123))),
            new Attribution(
                Attribution.USER_AGENT,
                List.of(new ValueAverage("aws-cli/2.15.0", 42.0)),
                List.of(new ValueAverage("console.amazonaws.com", 0.0123)))),
        null);
  }

  static InsightEvent end(String eventId, Instant at, long minutes) {
    InsightEvent s = start(eventId, at);
    return new InsightEvent(
        s.eventTimeMillis(),
        s.awsRegion(),
        eventId,
        s.recipientAccountId(),
        s.sharedEventId(),
        InsightState.END,
        s.eventSource(),
        s.eventName(),
        s.insightType(),
        null,
        0.0123,
        27.4,
        minutes,
        10080,
        s.attributions(),
        null);
  }

  static InsightEvent errorRate(String eventId, Instant at, String code) {
    InsightEvent s = start(eventId, at);
    return new InsightEvent(
        s.eventTimeMillis(),
        s.awsRegion(),
        eventId,
        s.recipientAccountId(),
        s.sharedEventId(),
        InsightState.START,
        "ec2.amazonaws.com",
        "RunInstances",
        InsightType.API_ERROR_RATE,
        code,
        0.5,
        12.0,
        1,
        10080,
        List.of(
            new Attribution(
                Attribution.ERROR_CODE, List.of(new ValueAverage(code, 12.0)), List.of())),
        null);
  }

  /** A Start whose attribution values and names try to inject markup. */
  static InsightEvent hostile(String eventId, Instant at) {
    return new InsightEvent(
        at.toEpochMilli(),
        "eu-west-1",
        eventId,
        ACCOUNT,
        SHARED,
        InsightState.START,
        "iam.amazonaws.com",
        "Create<script>alert(1)</script>",
        InsightType.API_CALL_RATE,
        null,
        1,
        20,
        1,
        10080,
        List.of(
            new Attribution(
                Attribution.USER_IDENTITY_ARN,
                List.of(
                    new ValueAverage("arn:aws:iam::1:user/<https://evil.example|click me>", 10),
                    new ValueAverage("arn:aws:iam::1:user/a&b`c*d_[x](https://evil.example)", 5),
                    new ValueAverage("<!channel> @here", 5)),
                List.of()),
            new Attribution(
                Attribution.USER_AGENT,
                List.of(new ValueAverage("<script>alert('x')</script>\nsecond line", 20)),
                List.of())),
        null);
  }

  static DestinationSpec spec(String name, DestinationType type, String url) {
    return new DestinationSpec(
        name,
        type,
        new Secret(url, "test"),
        type == DestinationType.WEBHOOK ? new Secret("s3cret-key", "test") : null,
        "https://console.aws.amazon.com/cloudtrailv2/home?region={region}#/insights",
        6000,
        100,
        1440,
        null,
        null);
  }
}
