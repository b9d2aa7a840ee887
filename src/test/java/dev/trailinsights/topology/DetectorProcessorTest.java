package dev.trailinsights.topology;

import static dev.trailinsights.topology.TestTraffic.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.history.HistoryKeys;
import dev.trailinsights.history.InsightSummary;
import dev.trailinsights.history.SeriesPoint;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
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
  private static final long BASE_MINUTE = BASE / MINUTE;

  @TempDir Path stateDir;

  private MockProcessorContext<String, DetectorOutput> context;
  private final TopologyOptions topics = TopologyOptions.defaults();
  private final LiveDetectors live = new LiveDetectors();
  private long ids;
  private int partitions = 1;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(p, new TaskId(1, 0), stateDir.toFile());
    context.setCurrentSystemTimeMs(TestTraffic.WALL_CLOCK.toEpochMilli());
    stateStore =
        new WriteBehindStore<>(
            Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(Names.API_STATE_STORE),
                    Serdes.String(),
                    Serdes.ByteArray())
                .withLoggingDisabled()
                .build());
    add(stateStore);
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.WARM_UP_STARTS_STORE),
                Serdes.String(),
                Serdes.Long())
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
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.PENDING_STORE), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.PROGRESS_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build());
    add(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.DEFERRED_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build());
  }

  private WriteBehindStore<byte[]> stateStore;

  /** What Kafka Streams does before it commits the task. */
  private void commit() {
    stateStore.flushCache();
  }

  private void add(StateStore store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private DetectorProcessor started() {
    return started(TestTraffic.config());
  }

  private DetectorProcessor started(dev.trailinsights.config.DetectorConfig config) {
    DetectorProcessor p = new DetectorProcessor(config, topics, live, LatencyRecorder.NONE);
    p.init(context);
    return p;
  }

  /** Minutes 0 to 39 of 300 keys, 2 calls a minute, one of them bursting in minutes 20 to 22. */
  private List<Record<String, Routed>> manyKeys() {
    List<Record<String, Routed>> out = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      for (int k = 0; k < 300; k++) {
        String key = "111122223333|eu-west-1|svc" + k + ".amazonaws.com|Call";
        int n = k == 7 && t >= 20 && t < 23 ? 25 : 2;
        for (int i = 0; i < n; i++) {
          long ms = BASE + t * MINUTE + i * 1000L;
          out.add(
              new Record<>(
                  key,
                  new Routed.Event(
                      new CompactEvent(ms, true, false, null, TestTraffic.MALLORY, "c", ++ids)),
                  ms));
        }
      }
      out.add(progress(BASE + t * MINUTE + 59_000L));
    }
    return out;
  }

  @Test
  void shouldDecideTheSameWithADecodedStateCacheFarSmallerThanTheKeys() {
    List<Record<String, Routed>> traffic = manyKeys();
    DetectorProcessor small = started(TestTraffic.config().toBuilder().stateCacheMib(1).build());
    traffic.forEach(small::process);
    List<InsightEvent> fromSmall = forwarded();
    assertThat(fromSmall).isNotEmpty();

    setUp();
    DetectorProcessor large = started();
    traffic.forEach(large::process);

    assertThat(fromSmall).isEqualTo(forwarded());
  }

  /** {@code n} calls in minute {@code t} of {@link #KEY}, as the repartition topic carries them. */
  private List<Record<String, Routed>> calls(int t, int n) {
    List<Record<String, Routed>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long ms = BASE + t * MINUTE + i * 1000L;
      out.add(
          new Record<>(
              KEY,
              new Routed.Event(
                  new CompactEvent(ms, true, false, null, TestTraffic.MALLORY, "curl/8", ++ids)),
              ms));
    }
    return out;
  }

  /** Input partition {@code partition} of {@code of} has been read up to {@code ms}. */
  private static Record<String, Routed> progress(int partition, int of, long ms) {
    return new Record<>("", new Routed.Progress(partition, of, ms, false), ms);
  }

  /** The only input partition has been read up to {@code ms}. */
  private Record<String, Routed> progress(long ms) {
    return progress(0, partitions, ms);
  }

  /** {@code n} calls in minute {@code t}, then the input's progress to the last of them. */
  private void minute(DetectorProcessor p, int t, int n) {
    calls(t, n).forEach(p::process);
    p.process(progress(BASE + t * MINUTE + Math.max(0, n - 1) * 1000L));
  }

  private List<InsightEvent> forwarded() {
    List<InsightEvent> out = new ArrayList<>();
    for (Record<String, DetectorOutput> r : insightRecords()) {
      InsightEvent e = InsightJson.parse(r.value().value());
      assertThat(r.key()).isEqualTo(e.sharedEventId());
      out.add(e);
    }
    return out;
  }

  private List<Record<String, DetectorOutput>> insightRecords() {
    List<Record<String, DetectorOutput>> out = new ArrayList<>();
    for (MockProcessorContext.CapturedForward<? extends String, ? extends DetectorOutput> f :
        context.forwarded()) {
      if (!f.record().value().history()) {
        out.add(new Record<>(f.record().key(), f.record().value(), f.record().timestamp()));
      }
    }
    return out;
  }

  /** The history records forwarded, newest value per key, in key order. */
  private java.util.TreeMap<String, byte[]> history() {
    java.util.TreeMap<String, byte[]> out = new java.util.TreeMap<>();
    for (MockProcessorContext.CapturedForward<? extends String, ? extends DetectorOutput> f :
        context.forwarded()) {
      if (f.record().value().history()) {
        out.put(f.record().key(), f.record().value().value());
      }
    }
    return out;
  }

  private KeyValueStore<String, Long> openInsights() {
    return context.getStateStore(Names.OPEN_INSIGHTS_STORE);
  }

  @Test
  void shouldRegisterItsDriverAndScheduleNothing() {
    started();

    assertThat(context.scheduledPunctuators()).isEmpty();
    assertThat(live.tasks()).isEqualTo(1);
  }

  @Test
  void shouldEndTheInsightOfASilentKeyOnlyOnceTheWatermarkHasPassedItsQuietMinutes() {
    DetectorProcessor p = started();
    minute(p, 20, 25);
    minute(p, 21, 25);
    assertThat(forwarded()).extracting(InsightEvent::state).containsExactly(InsightState.START);
    assertThat(openInsights().get(KEY)).isNotNull();
    context.resetForwards();

    // last unusual minute 21 + 5 quiet minutes = 26, closed at watermark 26 + 2 (lateness) + 1
    p.process(progress(BASE + 28 * MINUTE + 59_999L));
    assertThat(forwarded()).isEmpty();
    p.process(progress(BASE + 29 * MINUTE));

    List<InsightEvent> ended = forwarded();
    assertThat(ended).extracting(InsightEvent::state).containsExactly(InsightState.END);
    assertThat(ended.get(0).eventTimeMillis()).isEqualTo(BASE + 22 * MINUTE);
    assertThat(insightRecords().get(0).timestamp()).isEqualTo(BASE + 29 * MINUTE);
    assertThat(openInsights().get(KEY)).isNull();
  }

  @Test
  void shouldRecordTheHistoryOfAnInsightFromBeforeItsStartToItsEnd() {
    DetectorProcessor p = started();
    for (int t = 0; t < 20; t++) {
      minute(p, t, 2);
    }
    minute(p, 20, 25);
    minute(p, 21, 25);
    String id = forwarded().get(0).sharedEventId();
    p.process(progress(BASE + 29 * MINUTE));

    java.util.TreeMap<String, byte[]> h = history();
    assertThat(InsightJson.parse(h.get(HistoryKeys.start(id))).state())
        .isEqualTo(InsightState.START);
    assertThat(InsightJson.parse(h.get(HistoryKeys.end(id))).state()).isEqualTo(InsightState.END);
    InsightSummary summary = InsightSummary.parse(h.get(HistoryKeys.index(BASE_MINUTE + 20, id)));
    assertThat(summary.open()).isFalse();
    assertThat(summary.startMinute()).isEqualTo(BASE_MINUTE + 20);
    assertThat(summary.endMinute()).isEqualTo(BASE_MINUTE + 22);
    java.util.Map<Long, SeriesPoint> points = new java.util.TreeMap<>();
    h.subMap(HistoryKeys.points(id), HistoryKeys.after(HistoryKeys.points(id)))
        .forEach(
            (k, v) -> {
              long m = HistoryKeys.minuteOfPoint(k);
              points.put(m - BASE_MINUTE, SeriesPoint.parse(m, v));
            });
    // the minutes before the Start still in the ring, the insight, and the quiet minutes to the End
    assertThat(points.keySet()).contains(15L, 19L, 20L, 21L, 22L, 26L);
    assertThat(points.get(19L).count()).isEqualTo(2);
    assertThat(points.get(20L).count()).isEqualTo(25);
    assertThat(points.get(21L).count()).isEqualTo(25);
    assertThat(points.get(22L).count()).isZero();
    assertThat(points.get(20L).expected()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(points.get(20L).threshold()).isBetween(3L, 25L);
  }

  @Test
  void shouldWriteAChangedStateOnceWhenTheTaskCommitsNotOnEveryEvent() {
    DetectorProcessor p = started();
    p.process(progress(BASE));
    calls(0, 5).forEach(p::process);
    String key = calls(0, 1).get(0).key();

    assertThat(stateStore.inner().get(key)).isNull();
    commit();
    byte[] written = stateStore.inner().get(key);
    assertThat(written).isNotNull();
    commit();
    assertThat(stateStore.inner().get(key)).isSameAs(written);
  }

  @Test
  void shouldCarryOnFromTheStoresAfterReinitialisation() {
    List<Record<String, Routed>> traffic = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      traffic.addAll(calls(t, t >= 20 && t < 23 ? 22 : 2));
      traffic.add(progress(BASE + t * MINUTE));
    }
    DetectorProcessor first = started();
    traffic.subList(0, traffic.size() / 2).forEach(first::process);
    commit();
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
  void shouldHoldBackAnEventFarAheadOfTheSlowestInputAndCountItWhenTheWatermarkComesClose() {
    DetectorProcessor p = started();
    p.process(progress(0, 2, BASE));
    p.process(progress(1, 2, BASE));
    // partition 1 is 30 minutes ahead: more than the lateness (2) and the open minutes allow
    calls(30, 3).forEach(p::process);
    commit();
    assertThat(stateStore.inner().get(KEY)).isNull();
    assertThat(live.deferredEvents()).isEqualTo(3);

    p.process(progress(1, 2, BASE + 30 * MINUTE));
    commit();
    // partition 0 still holds the watermark at minute 0
    assertThat(stateStore.inner().get(KEY)).isNull();
    p.process(progress(0, 2, BASE + 27 * MINUTE));
    commit();

    assertThat(stateStore.inner().get(KEY)).isNotNull();
    assertThat(live.deferredEvents()).isZero();
    assertThat(live.total(c -> c.counted())).isEqualTo(3);
    assertThat(live.total(c -> c.late())).isZero();
  }

  @Test
  void shouldJudgeAMinuteReadAheadOfTheSlowestInputWhenTheWatermarkReachesIt() {
    DetectorProcessor p = started();
    for (int t = 0; t < 20; t++) {
      calls(t, 2).forEach(p::process);
      p.process(progress(0, 2, BASE + t * MINUTE));
      p.process(progress(1, 2, BASE + t * MINUTE));
    }
    // a burst in minute 20 read from partition 0 while partition 1 is still in minute 19
    calls(20, 25).forEach(p::process);
    p.process(progress(0, 2, BASE + 20 * MINUTE + 30_000L));
    assertThat(forwarded()).isEmpty();

    p.process(progress(1, 2, BASE + 20 * MINUTE));

    List<InsightEvent> started = forwarded();
    assertThat(started).extracting(InsightEvent::state).containsExactly(InsightState.START);
    assertThat(started.get(0).eventTimeMillis()).isEqualTo(BASE + 20 * MINUTE);
    // judged once partition 1 reached the minute, on all of the minute read by then
    assertThat(started.get(0).insightAverage()).isEqualTo(25.0);
    assertThat(started.get(0).details().threshold()).isLessThan(25L);
  }

  @Test
  void shouldLeaveAnIdleInputOutOfTheWatermark() {
    DetectorProcessor p = started();
    p.process(new Record<>("", new Routed.Progress(1, 2, Long.MIN_VALUE, true), BASE));
    minute(p, 20, 25); // partition 0 of 2

    assertThat(forwarded()).extracting(InsightEvent::state).containsExactly(InsightState.START);
    assertThat(live.oldestWatermarkMillis()).isEqualTo(BASE + 20 * MINUTE + 24_000L);
  }

  @Test
  void shouldIgnoreRecordsWithoutKeyOrValue() {
    DetectorProcessor p = started();

    p.process(new Record<>(null, calls(1, 1).get(0).value(), BASE + MINUTE));
    p.process(new Record<>(KEY, null, BASE + MINUTE));

    assertThat(context.forwarded()).isEmpty();
    commit();
    assertThat(stateStore.inner().approximateNumEntries()).isZero();
  }
}
