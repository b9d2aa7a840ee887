package dev.trailinsights.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.history.HistoryKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global history store follows its topic and forgets insights past the retention. */
class HistoryStoreUpdaterTest {
  private static final long DAY = 24 * 60;
  private static final long START = TestTraffic.BASE / 60_000L;

  @TempDir Path stateDir;

  private TopologyTestDriver driver(Duration retention) {
    TopologyOptions d = TopologyOptions.defaults();
    TopologyOptions topics =
        new TopologyOptions(
            d.inputTopic(),
            d.outputTopic(),
            d.deadLetterTopic(),
            false,
            d.idleTimeout(),
            d.historyTopic(),
            retention,
            1);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "history-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new TopologyTestDriver(
        InsightsTopology.build(
            topics, DetectorConfig.builder().build(), new ParseCounters(), new LiveDetectors()),
        p,
        TestTraffic.WALL_CLOCK);
  }

  private static void insight(TestInputTopic<String, byte[]> in, String id, long startMinute) {
    byte[] v = "{}".getBytes(StandardCharsets.UTF_8);
    in.pipeInput(HistoryKeys.start(id), v);
    in.pipeInput(HistoryKeys.end(id), v);
    in.pipeInput(HistoryKeys.point(id, startMinute), v);
    in.pipeInput(HistoryKeys.point(id, startMinute + 1), v);
    in.pipeInput(HistoryKeys.index(startMinute, id), v);
  }

  private static List<String> keys(KeyValueStore<String, byte[]> store) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        out.add(kv.key);
      }
    }
    return out;
  }

  @Test
  void shouldForgetInsightsThatStartedMoreThanTheRetentionBeforeTheNewest() {
    try (TopologyTestDriver driver = driver(Duration.ofDays(30))) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              TopologyOptions.DEFAULT_HISTORY, new StringSerializer(), new ByteArraySerializer());
      KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Names.INSIGHT_HISTORY_STORE);
      insight(in, "old", START);
      insight(in, "kept", START + 10 * DAY);
      assertThat(keys(store)).hasSize(10);

      insight(in, "new", START + 31 * DAY);

      assertThat(keys(store))
          .hasSize(10)
          .noneMatch(k -> k.contains("old"))
          .anyMatch(k -> k.contains("kept"))
          .anyMatch(k -> k.contains("new"));
    }
  }

  @Test
  void shouldDeleteAKeyOnATombstone() {
    try (TopologyTestDriver driver = driver(Duration.ofDays(90))) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              TopologyOptions.DEFAULT_HISTORY, new StringSerializer(), new ByteArraySerializer());
      KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Names.INSIGHT_HISTORY_STORE);
      insight(in, "a", START);

      in.pipeInput(HistoryKeys.end("a"), null);

      assertThat(store.get(HistoryKeys.end("a"))).isNull();
      assertThat(store.get(HistoryKeys.start("a"))).isNotNull();
    }
  }

  @Test
  void shouldOrderIndexKeysNewestFirstAndReadThemBack() {
    String older = HistoryKeys.index(START, "x");
    String newer = HistoryKeys.index(START + 1, "y");

    assertThat(newer).isLessThan(older);
    assertThat(HistoryKeys.startOfIndex(older)).isEqualTo(START);
    assertThat(HistoryKeys.idOfIndex(newer)).isEqualTo("y");
    assertThat(HistoryKeys.minuteOfPoint(HistoryKeys.point("x", START))).isEqualTo(START);
    assertThat(HistoryKeys.indexFrom(START)).isLessThan(older);
    assertThat(HistoryKeys.indexFrom(START - 1)).isGreaterThan(older);
  }
}
