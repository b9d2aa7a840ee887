package dev.trailinsights.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.KafkaFixture;
import dev.trailinsights.topology.TopologyDocs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live topology on a real broker writes exactly what the offline detector (the engine of {@code
 * replay}) finds in the same records: several API keys over four {@code account|region} scopes on a
 * four-partition input, a call-rate burst, an error-rate burst, an API that goes silent, late and
 * repeated deliveries, three envelopes.
 */
class EndToEndIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path stateDir;

  @Test
  void shouldWriteExactlyTheInsightsTheOfflineDetectorFindsInTheSameRecords() throws Exception {
    long base = TrailScenario.recentBase(5);
    TrailScenario scenario = TrailScenario.generate(base, 42);
    DetectorConfig config = TrailScenario.detection(base);
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);
    assertThat(
            IntStream.range(0, TrailScenario.SCOPES)
                .map(
                    s ->
                        BuiltInPartitioner.partitionForKey(
                            TrailScenario.scope(s).getBytes(UTF_8), 4))
                .distinct())
        .hasSize(4);
    LiveRun run = new LiveRun(kafka, 4, config);

    try (InsightsApp app = run.app(stateDir, Map.of())) {
      long t0 = System.nanoTime();
      app.start();
      run.produce(scenario.all());
      long t1 = System.nanoTime();
      run.awaitDrained(Duration.ofSeconds(120));
      System.out.printf(
          "TIMING produce %.1f s, drain %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);

      // byte for byte: a backlog's minutes are judged as they close (README, Determinism)
      assertThat(OfflineReference.sorted(run.output(expected.size()))).isEqualTo(expected);
      assertThat(run.deadLetters(0)).isEmpty();
      assertThat(app.parseCounters().records()).isEqualTo(scenario.records() + 4);
      assertInternalTopicsAsDocumented(run, config);
    }
  }

  /** The internal topics Kafka Streams created carry the configuration topology-docs promises. */
  private static void assertInternalTopicsAsDocumented(LiveRun run, DetectorConfig config)
      throws Exception {
    Map<String, Map<String, String>> promised = TopologyDocs.internalTopicConfigs(config);
    List<ConfigResource> resources = new ArrayList<>();
    for (String suffix : promised.keySet()) {
      resources.add(
          new ConfigResource(ConfigResource.Type.TOPIC, run.applicationId() + "-" + suffix));
    }
    Map<ConfigResource, Config> actual =
        kafka.adminClient().describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    for (ConfigResource r : resources) {
      String suffix = r.name().substring(run.applicationId().length() + 1);
      promised
          .get(suffix)
          .forEach(
              (key, value) ->
                  assertThat(actual.get(r).get(key).value())
                      .as(r.name() + " " + key)
                      .isEqualTo(value));
    }
  }
}
