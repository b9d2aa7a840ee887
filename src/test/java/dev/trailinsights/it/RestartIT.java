package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance stopped mid-stream and replaced by a new one with the same application id, on the
 * same state directory or on an empty one (state then comes back from the changelog topics): the
 * output holds every insight exactly once, as the offline detector finds them.
 */
class RestartIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path first;
  @TempDir Path second;

  @ParameterizedTest(name = "fresh state directory: {0}")
  @ValueSource(booleans = {false, true})
  void shouldLoseNoInsightAndWriteNoneTwiceAcrossARestart(boolean freshStateDir) {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 5);
    DetectorConfig config = TrailScenario.detection(base);
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);
    List<TrailScenario.Message> messages = scenario.messages();
    // through the call-rate burst's Start; then through the error-rate burst's; then the rest
    int cut1 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.CALL_BURST));
    int cut2 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.ERROR_BURST));
    LiveRun run = new LiveRun(kafka, 4, config);

    try (InsightsApp app = run.app(first, Map.of())) {
      app.start();
      run.produce(messages.subList(0, cut1));
      assertThat(run.output(1)).isNotEmpty();
      run.produce(messages.subList(cut1, cut2));
      app.close(Duration.ofSeconds(30)); // while it works through the second part
      System.out.println("RestartIT: first instance stopped at " + run.progress());
    }
    run.produce(new ArrayList<>(messages.subList(cut2, messages.size())));
    run.produce(scenario.ticks());

    AtomicLong restored = new AtomicLong();
    try (InsightsApp app = run.app(freshStateDir ? second : first, Map.of())) {
      app.streams().setGlobalStateRestoreListener(counting(restored));
      app.start();
      run.awaitDrained(Duration.ofSeconds(120));

      List<byte[]> output = run.output(expected.size());
      // byte for byte: a backlog's minutes are judged as they close (README, Determinism)
      assertThat(OfflineReference.sorted(output)).isEqualTo(expected);
      assertThat(output.stream().map(v -> InsightJson.parse(v).eventId()).distinct())
          .hasSize(expected.size());
      System.out.println("RestartIT: records restored from changelogs: " + restored.get());
      if (freshStateDir) {
        assertThat(restored.get()).as("records restored from changelogs").isPositive();
      }
    }
  }

  private static StateRestoreListener counting(AtomicLong restored) {
    return new StateRestoreListener() {
      @Override
      public void onRestoreStart(TopicPartition tp, String store, long start, long end) {}

      @Override
      public void onBatchRestored(TopicPartition tp, String store, long end, long n) {
        restored.addAndGet(n);
      }

      @Override
      public void onRestoreEnd(TopicPartition tp, String store, long total) {}
    };
  }
}
