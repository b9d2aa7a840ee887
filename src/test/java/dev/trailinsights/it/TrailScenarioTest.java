package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.trailinsights.cli.Main;
import dev.trailinsights.detect.OfflineDetector;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.RecordSink;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated traffic makes the insights the integration tests rely on, and no others. */
class TrailScenarioTest {
  private static final long BASE = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

  @Test
  void shouldMakeOneInsightPerBurstAndNoOther() {
    TrailScenario s = TrailScenario.generate(BASE, 1);

    List<InsightEvent> insights =
        OfflineReference.insights(TrailScenario.detection(BASE), OfflineReference.values(s.all()));

    assertThat(insights)
        .extracting(
            InsightEvent::recipientAccountId,
            InsightEvent::awsRegion,
            e -> e.eventSource() + ":" + e.eventName(),
            InsightEvent::insightType,
            InsightEvent::state)
        .containsExactlyInAnyOrder(
            tuple(
                "123456789012",
                "eu-west-1",
                TrailScenario.CALL_BURST_API,
                InsightType.API_CALL_RATE,
                InsightState.START),
            tuple(
                "123456789012",
                "eu-west-1",
                TrailScenario.CALL_BURST_API,
                InsightType.API_CALL_RATE,
                InsightState.END),
            tuple(
                "444455556666",
                "us-east-1",
                TrailScenario.ERROR_BURST_API,
                InsightType.API_ERROR_RATE,
                InsightState.START),
            tuple(
                "444455556666",
                "us-east-1",
                TrailScenario.ERROR_BURST_API,
                InsightType.API_ERROR_RATE,
                InsightState.END),
            tuple(
                "444455556666",
                "eu-west-1",
                TrailScenario.SILENT_API,
                InsightType.API_CALL_RATE,
                InsightState.START),
            tuple(
                "444455556666",
                "eu-west-1",
                TrailScenario.SILENT_API,
                InsightType.API_CALL_RATE,
                InsightState.END));
  }

  @Test
  void shouldBeExactlyWhatTheReplayCommandFindsInTheSameMessages(@TempDir Path dir)
      throws IOException {
    TrailScenario s = TrailScenario.generate(BASE, 1);
    Path trail = dir.resolve("trail.jsonl");
    Path out = dir.resolve("insights.jsonl");
    List<String> lines = new ArrayList<>();
    for (TrailScenario.Message m : s.all()) {
      lines.add(new String(m.value(), StandardCharsets.UTF_8));
    }
    Files.write(trail, lines, StandardCharsets.UTF_8);

    // the ticks close every minute, so ending the input adds nothing to what stream time decided
    int exit =
        Main.newCommandLine()
            .execute(
                "replay",
                "--trail-start",
                Instant.ofEpochMilli(BASE).toString(),
                "--min-baseline",
                "1h",
                "--output",
                out.toString(),
                trail.toString());

    assertThat(exit).isZero();
    List<String> replayed = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
    replayed.sort(null);
    assertThat(replayed)
        .isEqualTo(
            OfflineReference.json(TrailScenario.detection(BASE), OfflineReference.values(s.all())))
        .hasSize(6);
  }

  @Test
  void shouldDeliverSomeRecordsTwiceAndLateButNeverBeyondTheHorizon() {
    TrailScenario s = TrailScenario.generate(BASE, 1);
    OfflineDetector detector = new OfflineDetector(TrailScenario.detection(BASE), e -> {});
    CloudTrailParser parser = new CloudTrailParser(1 << 20);
    List<Long> delays = new ArrayList<>();
    long[] newest = {Long.MIN_VALUE};
    RecordSink sink =
        new RecordSink() {
          @Override
          public void record(CloudTrailRecord r) {
            newest[0] = Math.max(newest[0], r.eventTimeMillis());
            delays.add(newest[0] - r.eventTimeMillis());
            detector.accept(r);
          }

          @Override
          public void bad(BadRecord bad) {
            throw new AssertionError(bad.describe());
          }
        };
    for (TrailScenario.Message m : s.all()) {
      parser.parse(m.value(), 0, m.value().length, "scenario", sink);
    }

    assertThat(detector.records()).isEqualTo(s.records() + TrailScenario.SCOPES);
    assertThat(detector.counters().duplicates()).isGreaterThan(40);
    assertThat(detector.counters().late()).isZero();
    assertThat(delays).anyMatch(d -> d > 5 * 60_000L).allMatch(d -> d < 14 * 60_000L);
  }
}
