package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorSettings;
import dev.trailinsights.config.Settings;
import dev.trailinsights.insight.InsightEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A pattern a user writes means the same in detection's {@code selection.allow} and in a {@code
 * forward} route's {@code event-name}: one dialect, documented once in the README ("Patterns").
 */
class PatternDialectTest {
  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Create*       | CreateAccessKey  | true",
        "Create*       | DeleteAccessKey  | false",
        "*AccessKey    | CreateAccessKey  | true",
        "Get?bject     | GetObject        | true",
        "Get?bject     | GetObbject       | false",
        "Get?Object    | GetObject        | false",
        "?             | A                | true",
        "*Key          | Key              | true",
        "List.*        | ListBuckets      | false",
        "List.*        | List.Buckets     | true",
        "[A-Z]*        | CreateUser       | false",
        "create*       | CreateUser       | false",
        "CreateUser    | CreateUser       | true",
        "CreateUser    | CreateUsers      | false",
      })
  void shouldMatchTheSameNamesInDetectionAndForwarding(
      String pattern, String eventName, boolean expected) {
    boolean detection =
        DetectorSettings.toConfig(
                Settings.load(
                    null,
                    Map.of(),
                    Map.of("selection.allow", "iam.amazonaws.com:" + pattern),
                    DetectorSettings.all()))
            .allow()
            .get(0)
            .matches("iam.amazonaws.com", eventName);

    String yaml =
        """
        destinations:
          a: {type: alertmanager, url: "http://a:9093"}
        routes:
          - {match: {event-name: "%s"}, destinations: [a]}
        """
            .formatted(pattern);
    boolean forwarding =
        !ForwardConfig.parse(yaml, name -> null, null)
            .router()
            .destinationsFor(named(eventName))
            .isEmpty();

    assertThat(detection).isEqualTo(expected);
    assertThat(forwarding).isEqualTo(expected);
  }

  private static InsightEvent named(String eventName) {
    InsightEvent e = Insights.start("x", T);
    return new InsightEvent(
        e.eventTimeMillis(),
        e.awsRegion(),
        e.eventId(),
        e.recipientAccountId(),
        e.sharedEventId(),
        e.state(),
        e.eventSource(),
        eventName,
        e.insightType(),
        e.errorCode(),
        e.baselineAverage(),
        e.insightAverage(),
        e.insightDuration(),
        e.baselineDuration(),
        e.attributions(),
        e.details());
  }
}
