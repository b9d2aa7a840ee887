package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} in a child JVM killed with SIGKILL while the input is still coming (no shutdown hook,
 * no commit, no goodbye to the group), then started again on the same state directory, as an
 * orchestrator restarts a killed pod: the insights come out complete and each exactly once.
 */
class KilledInstanceIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path dir;

  @Test
  void shouldCompleteEveryInsightOnceAfterTheInstanceIsKilledMidStream() throws Exception {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 9);
    DetectorConfig config = TrailScenario.detection(base);
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);
    List<TrailScenario.Message> messages = scenario.messages();
    int cut1 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.CALL_BURST));
    int cut2 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.ERROR_BURST));
    LiveRun run = new LiveRun(kafka, 4, config);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("topics.input", run.topics().inputTopic());
    settings.put("topics.output", run.topics().outputTopic());
    settings.put("topics.dead-letter", run.topics().deadLetterTopic());
    settings.put("topics.history", run.topics().historyTopic());
    settings.put("detection.trail-start", Instant.ofEpochMilli(base).toString());
    settings.put("detection.min-baseline", "1h");
    settings.put("http.port", "0");
    settings.put("http.bind-address", "127.0.0.1");
    settings.put("streams.state-dir", dir.resolve("state").toString());
    // a killed member is noticed after the session timeout
    Map<String, String> env =
        Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    try (ChildRun first =
        ChildRun.start(
            kafka.bootstrapServers(),
            run.applicationId(),
            settings,
            env,
            List.of("-Xmx256m"),
            dir.resolve("first.log"))) {
      run.produce(messages.subList(0, cut1));
      LiveRun.await(
          () -> !first.alive() || anyInsight(run),
          Duration.ofSeconds(150),
          () -> "no insight from the first instance: " + first.output());
      assertThat(first.alive()).as(first.output()).isTrue();
      run.produce(messages.subList(cut1, cut2));
      Thread.sleep(300);
      first.kill();
      System.out.println("KilledInstanceIT: killed at " + run.progress());
    }
    run.produce(messages.subList(cut2, messages.size()));
    run.produce(scenario.ticks());

    try (ChildRun second =
        ChildRun.start(
            kafka.bootstrapServers(),
            run.applicationId(),
            settings,
            env,
            List.of("-Xmx256m"),
            dir.resolve("second.log"))) {
      run.awaitDrained(Duration.ofSeconds(180));
      List<byte[]> output = run.output(expected.size());
      // byte for byte: a backlog's minutes are judged as they close (README, Determinism)
      assertThat(OfflineReference.sorted(output)).as(second.output()).isEqualTo(expected);
      assertThat(output.stream().map(v -> InsightJson.parse(v).eventId()).distinct())
          .hasSize(expected.size());
      assertThat(second.alive()).isTrue();
    }
  }

  /** Whether an insight has been committed yet (not yet while a transaction is still open). */
  private static boolean anyInsight(LiveRun run) {
    try {
      return !kafka.consumeAll(run.topics().outputTopic(), 0, Duration.ofMillis(500)).isEmpty();
    } catch (AssertionError notCaughtUp) {
      return false;
    }
  }
}
