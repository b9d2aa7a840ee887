package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live topology on input that carries no keys and whose partitions are read at very different
 * speeds: one partition's whole share of a two-hour backlog is read before the other partitions
 * have any record (it runs the whole backlog ahead of them), one partition never has a record (it
 * must not hold event time back for ever), and the records of every account are spread over all the
 * others. Nothing is late, and the insights are those of the offline detector on the same records,
 * byte for byte (the backlog is hours behind the clock, so its minutes are judged as they close).
 */
class SkewedInputIT {
  private static final int PARTITIONS = 6;
  private static final int AHEAD = 0;
  private static final int IDLE = PARTITIONS - 1;

  /**
   * Long enough that the partitions still waiting for their records do not count as idle while
   * partition 0 is read alone; partition 5 goes idle after it.
   */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path stateDir;

  /** The scenario's messages spread over partitions 0 to 4, round robin, each keeping its order. */
  private static List<List<TrailScenario.Message>> spread(TrailScenario scenario) {
    List<List<TrailScenario.Message>> parts = new ArrayList<>();
    for (int p = 0; p < IDLE; p++) {
      parts.add(new ArrayList<>());
    }
    List<TrailScenario.Message> all = scenario.all();
    for (int i = 0; i < all.size(); i++) {
      parts.get(i % IDLE).add(all.get(i));
    }
    return parts;
  }

  private static void awaitRead(InsightsApp app, long messages) {
    LiveRun.await(
        () -> app.parseCounters().messages() >= messages,
        Duration.ofSeconds(15),
        () -> "partition 0 not read: " + app.parseCounters().messages() + " of " + messages);
  }

  private static void awaitRead(InsightsApp a, InsightsApp b, long messages) {
    LiveRun.await(
        () -> a.parseCounters().messages() + b.parseCounters().messages() >= messages,
        Duration.ofSeconds(15),
        () -> "input not read: " + (a.parseCounters().messages() + b.parseCounters().messages()));
  }

  @Test
  void shouldLoseNothingAndMatchTheOfflineDetectorWhenOnePartitionRunsHoursAhead()
      throws Exception {
    long base = TrailScenario.recentBase(5);
    TrailScenario scenario = TrailScenario.generate(base, 42);
    DetectorConfig config = TrailScenario.detection(base);
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);
    List<List<TrailScenario.Message>> parts = spread(scenario);
    LiveRun run = new LiveRun(kafka, PARTITIONS, config, IDLE_TIMEOUT);

    try (InsightsApp app =
        run.app(stateDir, Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2"))) {
      app.start();
      LiveRun.awaitRunning(app, Duration.ofSeconds(60));
      // partition 0's share of the whole backlog, read while the others have nothing yet: every
      // event waits, none is judged or closed
      run.produceUnkeyed(AHEAD, parts.get(AHEAD));
      awaitRead(app, parts.get(AHEAD).size());
      // the detector tasks take them from the repartition topic a moment after they were read
      LiveRun.await(
          () -> app.liveDetectors().deferredEvents() > 0,
          Duration.ofSeconds(30),
          () -> "no event waits for the watermark");
      assertThat(run.output(0)).isEmpty();
      for (int p = 1; p < IDLE; p++) {
        run.produceUnkeyed(p, parts.get(p));
      }
      run.awaitDrained(Duration.ofSeconds(120));

      List<byte[]> live = run.output(expected.size());
      assertThat(app.liveDetectors().total(c -> c.late())).isZero();
      assertThat(app.parseCounters().records()).isEqualTo(scenario.records() + 4);
      assertThat(live).hasSameSizeAs(expected);
      // byte for byte: a backlog's minutes are judged as they close, on all of their events
      assertThat(OfflineReference.sorted(live)).isEqualTo(expected);
      assertThat(run.deadLetters(0)).isEmpty();
    }
  }

  @Test
  void shouldGiveTheSameInsightsWhenOneOfTwoInstancesStopsMidBacklog() throws Exception {
    long base = TrailScenario.recentBase(5);
    TrailScenario scenario = TrailScenario.generate(base, 7);
    DetectorConfig config = TrailScenario.detection(base);
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    List<List<TrailScenario.Message>> parts = spread(scenario);
    LiveRun run = new LiveRun(kafka, PARTITIONS, config, IDLE_TIMEOUT);

    try (InsightsApp a = run.app(stateDir.resolve("a"), Map.of());
        InsightsApp b = run.app(stateDir.resolve("b"), Map.of())) {
      a.start();
      b.start();
      LiveRun.awaitRunning(a, Duration.ofSeconds(60));
      LiveRun.awaitRunning(b, Duration.ofSeconds(60));
      run.produceUnkeyed(AHEAD, parts.get(AHEAD));
      long read = parts.get(AHEAD).size();
      awaitRead(a, b, read);
      for (int p = 1; p < IDLE; p++) {
        List<TrailScenario.Message> share = parts.get(p);
        run.produceUnkeyed(p, share.subList(0, share.size() / 2));
        read += share.size() / 2;
      }
      awaitRead(a, b, read);
      // mid-backlog, well within the idleness timeout: its tasks move to a with their changelogs
      b.close();
      for (int p = 1; p < IDLE; p++) {
        List<TrailScenario.Message> share = parts.get(p);
        run.produceUnkeyed(p, share.subList(share.size() / 2, share.size()));
      }
      run.awaitDrained(Duration.ofSeconds(180));

      List<byte[]> live = run.output(expected.size());
      assertThat(a.liveDetectors().total(c -> c.late()) + b.liveDetectors().total(c -> c.late()))
          .isZero();
      // byte for byte: a backlog's minutes are judged as they close, on all of their events
      assertThat(OfflineReference.sorted(live)).isEqualTo(expected);
    }
  }
}
