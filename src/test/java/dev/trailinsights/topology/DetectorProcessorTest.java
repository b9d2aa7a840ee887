package dev.trailinsights.topology;

import static dev.trailinsights.topology.TestTraffic.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector node alone, with in-memory stores and its punctuator driven by hand. */
class DetectorProcessorTest {
  private static final String KEY = "111122223333|eu-west-1|ec2.amazonaws.com|RunInstances";
  private static final long MINUTE = 60_000L;

  @TempDir Path stateDir;

  private MockProcessorContext<String, byte[]> context;
  private final TopologyConfig topics = TopologyConfig.defaults();
  private final LiveDetectors live = new LiveDetectors();
  private long ids;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(p, new TaskId(1, 0), stateDir.toFile());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.API_STATE_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.HISTORY_STORE), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.OPEN_INSIGHTS_STORE),
                Serdes.String(),
                Serdes.Long())
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.SEEN_IDS_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build());
  }

  private void add(StateStore store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private DetectorProcessor started() {
    DetectorProcessor p = new DetectorProcessor(TestTraffic.config(), topics, live);
    p.init(context);
    return p;
  }

  /** {@code n} calls in minute {@code t} of {@link #KEY}, as the repartition topic carries them. */
  private List<Record<String, CompactEvent>> calls(int t, int n) {
    List<Record<String, CompactEvent>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long ms = BASE + t * MINUTE + i * 1000L;
      out.add(
          new Record<>(
              KEY,
              new CompactEvent(ms, true, false, null, TestTraffic.MALLORY, "curl/8", ++ids),
              ms));
    }
    return out;
  }

  private List<InsightEvent> forwarded() {
    List<InsightEvent> out = new ArrayList<>();
    for (MockProcessorContext.CapturedForward<? extends String, ? extends byte[]> f :
        context.forwarded()) {
      InsightEvent e = InsightJson.parse(f.record().value());
      assertThat(f.record().key()).isEqualTo(e.sharedEventId());
      out.add(e);
    }
    return out;
  }

  private KeyValueStore<String, Long> openInsights() {
    return context.getStateStore(Names.OPEN_INSIGHTS_STORE);
  }

  @Test
  void shouldScheduleAStreamTimePunctuation() {
    started();

    List<CapturedPunctuator> scheduled = context.scheduledPunctuators();
    assertThat(scheduled).hasSize(1);
    assertThat(scheduled.get(0).getType()).isEqualTo(PunctuationType.STREAM_TIME);
    assertThat(scheduled.get(0).getInterval()).isEqualTo(topics.punctuateEvery());
    assertThat(live.tasks()).isEqualTo(1);
  }

  @Test
  void shouldEndTheInsightOfASilentKeyOnlyOnceStreamTimeHasPassedItsQuietMinutes() {
    DetectorProcessor p = started();
    calls(20, 25).forEach(p::process);
    calls(21, 25).forEach(p::process);
    assertThat(forwarded()).extracting(InsightEvent::state).containsExactly(InsightState.START);
    assertThat(openInsights().get(KEY)).isNotNull();
    context.resetForwards();
    CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

    // last unusual minute 21 + 5 quiet minutes = 26, closed at stream time 26 + 2 (lateness) + 1
    punctuator.getPunctuator().punctuate(BASE + 28 * MINUTE + 59_999L);
    assertThat(forwarded()).isEmpty();
    punctuator.getPunctuator().punctuate(BASE + 29 * MINUTE);

    List<InsightEvent> ended = forwarded();
    assertThat(ended).extracting(InsightEvent::state).containsExactly(InsightState.END);
    assertThat(ended.get(0).eventTimeMillis()).isEqualTo(BASE + 22 * MINUTE);
    assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(BASE + 29 * MINUTE);
    assertThat(openInsights().get(KEY)).isNull();
  }

  @Test
  void shouldCarryOnFromTheStoresAfterReinitialisation() {
    List<Record<String, CompactEvent>> traffic = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      traffic.addAll(calls(t, t >= 20 && t < 23 ? 22 : 2));
    }
    DetectorProcessor first = started();
    traffic.subList(0, traffic.size() / 2).forEach(first::process);
    first.close();
    // a revived task: a new node instance over the same stores
    DetectorProcessor second = started();
    traffic.subList(traffic.size() / 2, traffic.size()).forEach(second::process);
    List<InsightEvent> resumed = forwarded();

    setUp();
    DetectorProcessor uninterrupted = started();
    traffic.forEach(uninterrupted::process);

    assertThat(resumed)
        .extracting(InsightEvent::state)
        .containsExactly(InsightState.START, InsightState.END);
    assertThat(resumed).isEqualTo(forwarded());
  }

  @Test
  void shouldIgnoreRecordsWithoutKeyOrValue() {
    DetectorProcessor p = started();

    p.process(new Record<>(null, calls(1, 1).get(0).value(), BASE + MINUTE));
    p.process(new Record<>(KEY, null, BASE + MINUTE));

    assertThat(context.forwarded()).isEmpty();
    KeyValueStore<String, byte[]> states = context.getStateStore(Names.API_STATE_STORE);
    assertThat(states.approximateNumEntries()).isZero();
  }
}
