package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances share a four-partition input; one stops without leaving the group, as a crashed
 * instance would, while the input is still coming. The other takes its tasks over once the group
 * notices (session timeout), restores their state from the changelogs, and the insights come out
 * complete and unique.
 */
class FailoverIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final Map<String, String> FAST_FAILURE_DETECTION =
      Map.of(
          StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000",
          StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");

  @TempDir Path survivorState;
  @TempDir Path victimState;

  @Test
  void shouldCompleteEveryInsightOnceWhenAnInstanceFails() {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 9);
    DetectorConfig config = TrailScenario.detection(base);
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);
    List<TrailScenario.Message> messages = scenario.messages();
    int cut1 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.CALL_BURST));
    int cut2 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.ERROR_BURST));
    LiveRun run = new LiveRun(kafka, 4, config);

    try (InsightsApp survivor = run.app(survivorState, FAST_FAILURE_DETECTION);
        InsightsApp victim = run.app(victimState, FAST_FAILURE_DETECTION)) {
      survivor.start();
      victim.start();
      LiveRun.await(
          () -> detectorTasks(survivor).size() == 2 && detectorTasks(victim).size() == 2,
          Duration.ofSeconds(60),
          () ->
              "detector tasks not shared: "
                  + detectorTasks(survivor)
                  + " / "
                  + detectorTasks(victim));
      Set<String> victimTasks = detectorTasks(victim);

      run.produce(messages.subList(0, cut1));
      assertThat(run.output(1)).isNotEmpty();
      run.produce(messages.subList(cut1, cut2));
      // gone without a word to the group, as after a crash
      victim.streams().close(new KafkaStreams.CloseOptions().leaveGroup(false));
      System.out.println("FailoverIT: " + victimTasks + " stopped at " + run.progress());
      run.produce(messages.subList(cut2, messages.size()));
      run.produce(scenario.ticks());

      LiveRun.await(
          () -> detectorTasks(survivor).containsAll(victimTasks),
          Duration.ofSeconds(60),
          () -> "survivor did not take over " + victimTasks);
      run.awaitDrained(Duration.ofSeconds(120));

      List<byte[]> output = run.output(expected.size());
      // byte for byte: a backlog's minutes are judged as they close (README, Determinism)
      assertThat(OfflineReference.sorted(output)).isEqualTo(expected);
      assertThat(output.stream().map(v -> InsightJson.parse(v).eventId()).distinct())
          .hasSize(expected.size());
      assertThat(detectorTasks(survivor)).hasSize(4);
    }
  }

  /** Active tasks of the detector sub-topology (1_*) on an instance. */
  private static Set<String> detectorTasks(InsightsApp app) {
    Set<String> tasks = new TreeSet<>();
    if (app.streams().state() != KafkaStreams.State.RUNNING) {
      return tasks;
    }
    for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
      t.activeTasks().stream()
          .filter(task -> task.taskId().subtopology() == 1)
          .forEach(task -> tasks.add(task.taskId().toString()));
    }
    return tasks;
  }
}
