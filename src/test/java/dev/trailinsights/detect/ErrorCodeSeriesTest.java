package dev.trailinsights.detect;

import static dev.trailinsights.detect.Traffic.ATTACKER_ARN;
import static dev.trailinsights.detect.Traffic.NORMAL_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Which error codes of an API keep their own series when more codes arrive than it may track. */
class ErrorCodeSeriesTest {
  private static final String API = "ec2.amazonaws.com:RunInstances";
  private static final int DAY = 1440;

  private static final DetectorConfig CONFIG =
      DetectorConfig.builder().minBaseline(Duration.ofHours(12)).maxErrorCodesPerKey(4).build();

  /**
   * A day of calls failing with four established codes (busiest first), then a burst of ten new
   * codes within ten minutes.
   */
  private static Traffic establishedThenBurstOfNewCodes() {
    Traffic t = new Traffic();
    for (long m = 0; m < DAY; m++) {
      t.calls(m, 2, API, NORMAL_ARN);
      if (m % 5 == 0) {
        t.errors(m, 1, API, NORMAL_ARN, "Client.InstanceLimitExceeded");
      }
      if (m % 20 == 0) {
        t.errors(m, 1, API, NORMAL_ARN, "Client.UnauthorizedOperation");
      }
      if (m % 60 == 0) {
        t.errors(m, 1, API, NORMAL_ARN, "Server.InsufficientInstanceCapacity");
      }
      if (m % 300 == 0) {
        t.errors(m, 1, API, NORMAL_ARN, "Client.InvalidParameterValue");
      }
    }
    for (int i = 0; i < 10; i++) {
      t.errors(DAY + i, 1, API, ATTACKER_ARN, "Client.Probe" + i);
    }
    t.calls(DAY + 30, 2, API, NORMAL_ARN);
    t.records.sort(Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    return t;
  }

  private static List<String> trackedCodes(Traffic.Result r) {
    ApiState st =
        StreamSupport.stream(r.detector().states().spliterator(), false).findFirst().orElseThrow();
    return st.errors.stream().map(s -> s.errorCode).toList();
  }

  @Test
  void shouldKeepTheBusiestEstablishedCodesThroughABurstOfNewOnes() {
    Traffic.Result r = establishedThenBurstOfNewCodes().run(CONFIG);

    // the quietest established code made room once; then the newcomers replaced each other
    assertThat(trackedCodes(r))
        .containsExactly(
            "Client.InstanceLimitExceeded",
            "Client.UnauthorizedOperation",
            "Server.InsufficientInstanceCapacity",
            "Client.Probe9");
    assertThat(r.detector().counters().errorSeriesEvicted()).isEqualTo(10);
    assertThat(r.detector().counters().errorSeriesFull()).isZero();
  }

  @Test
  void shouldStillJudgeAnEstablishedCodeAgainstItsHistoryAfterTheBurst() {
    Traffic t = establishedThenBurstOfNewCodes();
    t.errors(DAY + 40, 30, API, ATTACKER_ARN, "Client.UnauthorizedOperation");
    t.calls(DAY + 80, 2, API, NORMAL_ARN);
    t.records.sort(Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));

    Traffic.Result r = t.run(CONFIG);

    List<InsightEvent> errors = r.starts(InsightType.API_ERROR_RATE);
    assertThat(errors).extracting(InsightEvent::errorCode).contains("Client.UnauthorizedOperation");
    InsightEvent start =
        errors.stream()
            .filter(e -> e.errorCode().equals("Client.UnauthorizedOperation"))
            .findFirst()
            .orElseThrow();
    // a day of its errors behind it (one every 20 minutes), not a series born in the burst
    assertThat(start.baselineAverage()).isGreaterThan(0.04);
    assertThat(start.baselineDuration()).isGreaterThanOrEqualTo(DAY);
  }

  @Test
  void shouldNotEvictASeriesWithAnOpenInsight() {
    Traffic t = new Traffic();
    for (long m = 0; m < DAY; m++) {
      t.calls(m, 2, API, NORMAL_ARN);
    }
    // four codes at once: the first bursts (an open insight), the three others are single errors
    t.errors(DAY, 40, API, ATTACKER_ARN, "AccessDenied");
    for (int i = 0; i < 8; i++) {
      t.errors(DAY + 1, 1, API, ATTACKER_ARN, "Client.Probe" + i);
    }
    t.records.sort(Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));

    Traffic.Result r = t.run(CONFIG.toBuilder().maxErrorCodesPerKey(2).build());

    assertThat(r.starts(InsightType.API_ERROR_RATE))
        .extracting(InsightEvent::errorCode)
        .containsExactly("AccessDenied");
    assertThat(trackedCodes(r)).startsWith("AccessDenied");
  }
}
