package dev.trailinsights.topology;

import static dev.trailinsights.topology.TestTraffic.ALICE;
import static dev.trailinsights.topology.TestTraffic.API;
import static dev.trailinsights.topology.TestTraffic.BASE;
import static dev.trailinsights.topology.TestTraffic.MALLORY;
import static dev.trailinsights.topology.TestTraffic.OTHER_API;
import static dev.trailinsights.topology.TestTraffic.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.event.BadReason;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.it.OfflineReference;
import dev.trailinsights.it.TrailScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole topology in a {@link TopologyTestDriver}, with explicit timestamps. */
class InsightsTopologyTest {
  private static final TopologyOptions TOPICS = TopologyOptions.defaults();
  private static final String APP_ID = "topology-test";

  @TempDir Path stateDir;

  private final List<Harness> harnesses = new ArrayList<>();

  @AfterEach
  void close() {
    harnesses.forEach(Harness::close);
  }

  /** A driver running the topology, with its input and output topics. */
  final class Harness {
    final ParseCounters parse = new ParseCounters();
    final LiveDetectors live = new LiveDetectors();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<String, byte[]> insights;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private long offset;

    Harness(DetectorConfig config) {
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("s" + harnesses.size()).toString());
      p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
      driver =
          new TopologyTestDriver(
              InsightsTopology.build(TOPICS, config, parse, live), p, TestTraffic.WALL_CLOCK);
      ByteArraySerializer bytes = new ByteArraySerializer();
      input = driver.createInputTopic(TOPICS.inputTopic(), bytes, bytes);
      insights =
          driver.createOutputTopic(
              TOPICS.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer());
      deadLetters =
          driver.createOutputTopic(
              TOPICS.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      harnesses.add(this);
    }

    Harness() {
      this(TestTraffic.config());
    }

    /**
     * One message, timestamped at the trail start. The test driver runs every sub-topology in one
     * task with one stream time, so input timestamps must not run ahead of event times; deployed,
     * the detector's stream time comes from the repartition topic (event times) alone.
     */
    Harness send(byte[] key, byte[] value) {
      input.pipeInput(key, value, BASE + (offset++ % 1000));
      return this;
    }

    Harness send(String value) {
      return send(utf8(TestTraffic.SCOPE), utf8(value));
    }

    Harness sendEach(List<String> values) {
      values.forEach(this::send);
      return this;
    }

    List<InsightEvent> insights() {
      List<InsightEvent> out = new ArrayList<>();
      for (TestRecord<String, byte[]> r : insights.readRecordsToList()) {
        InsightEvent e = InsightJson.parse(r.value());
        assertThat(r.key()).isEqualTo(e.sharedEventId());
        out.add(e);
      }
      return out;
    }

    long counted() {
      long n = 0;
      for (DetectionCounters c : live.counters()) {
        n += c.counted();
      }
      return n;
    }

    long late() {
      long n = 0;
      for (DetectionCounters c : live.counters()) {
        n += c.late();
      }
      return n;
    }

    long duplicates() {
      long n = 0;
      for (DetectionCounters c : live.counters()) {
        n += c.duplicates();
      }
      return n;
    }

    void close() {
      driver.close();
    }
  }

  private static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static List<String> json(List<InsightEvent> events) {
    return events.stream()
        .map(e -> new String(InsightJson.toBytes(e), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void shouldMakeTheSameInsightsFromEveryEnvelope() {
    List<String> records = TestTraffic.burst().records;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < records.size(); i += 7) {
      files.add(TestTraffic.file(records.subList(i, Math.min(records.size(), i + 7))));
    }

    List<InsightEvent> bare = new Harness().sendEach(records).insights();
    List<InsightEvent> trailFiles = new Harness().sendEach(files).insights();
    List<InsightEvent> eventBridge =
        new Harness().sendEach(records.stream().map(TestTraffic::eventBridge).toList()).insights();

    assertThat(bare)
        .extracting(InsightEvent::state)
        .containsExactly(InsightState.START, InsightState.END);
    assertThat(eventBridge).isEqualTo(bare);
    // a file's records are judged together once it has been read: the Start's snapshot differs
    assertThat(OfflineReference.exactPart(json(trailFiles)))
        .isEqualTo(OfflineReference.exactPart(json(bare)));
  }

  @Test
  void shouldSendMessageWithBadRecordsToDeadLettersWholeWhileItsGoodRecordsCount() {
    Harness h = new Harness();
    String good = TestTraffic.record(BASE + 60_000L, API, ALICE, null, "good-1");
    String alsoGood = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "good-2");
    String missingName = good.replace("\"eventName\":\"RunInstances\",", "");
    String file = TestTraffic.file(List.of(good, missingName, alsoGood));
    byte[] key = utf8("original-key");

    h.send(utf8("first"), utf8(TestTraffic.record(BASE, API, ALICE, null, "before")));
    h.send(key, utf8(file));

    List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
    assertThat(dead).hasSize(1);
    TestRecord<byte[], byte[]> d = dead.get(0);
    assertThat(d.key()).isEqualTo(key);
    assertThat(d.value()).isEqualTo(utf8(file));
    assertThat(header(d.headers(), DeadLetters.REASON)).isEqualTo(BadReason.MISSING_FIELD.label());
    assertThat(header(d.headers(), DeadLetters.DETAIL)).contains("eventName");
    assertThat(header(d.headers(), DeadLetters.BAD_RECORDS)).isEqualTo("1");
    assertThat(header(d.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(TOPICS.inputTopic());
    assertThat(header(d.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(d.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(h.counted()).isEqualTo(3);
    assertThat(h.parse.deadLetters()).isEqualTo(1);
    assertThat(h.parse.badRecords(BadReason.MISSING_FIELD)).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterEventTimesKafkaCannotCarry() {
    Harness h = new Harness();
    long wall = TestTraffic.WALL_CLOCK.toEpochMilli();
    String soon = TestTraffic.record(wall + 50 * 60_000L, API, ALICE, null, "soon");
    String farAhead = TestTraffic.record(wall + 2 * 3_600_000L, API, ALICE, null, "ahead");
    String before1970 =
        TestTraffic.record(BASE, API, ALICE, null, "old")
            .replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":\"1969-12-31T23:59:00Z\"");

    h.send(soon).send(farAhead).send(TestTraffic.file(List.of(before1970, soon)));

    List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
    assertThat(dead)
        .extracting(TestRecord::value)
        .containsExactly(utf8(farAhead), utf8(TestTraffic.file(List.of(before1970, soon))));
    assertThat(dead)
        .allSatisfy(
            d ->
                assertThat(header(d.headers(), DeadLetters.REASON))
                    .isEqualTo(BadReason.BAD_TIMESTAMP.label()));
    assertThat(header(dead.get(0).headers(), DeadLetters.DETAIL)).contains("ahead of the clock");
    assertThat(header(dead.get(1).headers(), DeadLetters.DETAIL)).contains("before 1970");
    // a record ahead of the clock but within bounds is kept; alone, it does not move the input's
    // progress, so it waits until the input gets there instead of making the events after it late
    assertThat(h.counted()).isZero();
    assertThat(h.live.deferredEvents()).isEqualTo(2);
    assertThat(h.late()).isZero();
  }

  @Test
  void shouldSendEmptyMessagesToDeadLetters() {
    Harness h = new Harness();

    h.send(utf8("k1"), new byte[0]);
    h.send(utf8("k2"), null);

    List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .allSatisfy(d -> assertThat(header(d.headers(), DeadLetters.REASON)).isEqualTo("empty"));
    assertThat(dead.get(0).value()).isEmpty();
    assertThat(dead.get(1).value()).isNull();
    assertThat(h.parse.messages()).isEqualTo(2);
    assertThat(h.counted()).isZero();
  }

  @Test
  void shouldNeverAnalyseInsightsRecords() {
    List<InsightEvent> insights = new Harness().sendEach(TestTraffic.burst().records).insights();
    Harness h = new Harness();

    for (InsightEvent e : insights) {
      h.send(new String(InsightJson.toBytes(e), StandardCharsets.UTF_8));
      h.send(new String(InsightJson.toEventBridgeBytes(e), StandardCharsets.UTF_8));
    }

    assertThat(h.parse.insightRecords()).isEqualTo(2L * insights.size());
    assertThat(h.parse.records()).isZero();
    assertThat(h.deadLetters.isEmpty()).isTrue();
    assertThat(h.insights.isEmpty()).isTrue();
    assertThat(h.counted()).isZero();
  }

  @Test
  void shouldKeyInsightsBySharedEventId() {
    Harness h = new Harness().sendEach(TestTraffic.burst().records);

    List<TestRecord<String, byte[]>> out = h.insights.readRecordsToList();

    assertThat(out).hasSize(2);
    for (TestRecord<String, byte[]> r : out) {
      assertThat(r.key()).isEqualTo(InsightJson.parse(r.value()).sharedEventId());
    }
    assertThat(out.get(0).key()).isEqualTo(out.get(1).key());
  }

  @Test
  void shouldEndTheInsightOfAKeyThatWentSilentOnStreamTime() {
    TestTraffic t = new TestTraffic();
    for (int m = 0; m < 40; m++) {
      t.calls(m, 2, OTHER_API, ALICE);
      if (m >= 20 && m < 22) {
        t.calls(m, 25, API, MALLORY); // the API is seen only in these two minutes
      }
    }
    Harness h = new Harness().sendEach(t.records);

    List<InsightEvent> out = h.insights();

    assertThat(out).extracting(InsightEvent::eventName).containsOnly("RunInstances");
    assertThat(out)
        .extracting(InsightEvent::state)
        .containsExactly(InsightState.START, InsightState.END);
    // last unusual minute 21, five quiet minutes, closed after two minutes of lateness
    assertThat(out.get(1).eventTimeMillis()).isEqualTo(BASE + 22 * 60_000L);
    assertThat(
            h.driver
                .<String, Long>getKeyValueStore(Names.OPEN_INSIGHTS_STORE)
                .approximateNumEntries())
        .isZero();
  }

  @Test
  void shouldCountARepeatedEventOnce() {
    List<String> once = TestTraffic.burst().records;
    List<String> twice = new ArrayList<>();
    for (int i = 0; i < once.size(); i++) {
      twice.add(once.get(i));
      if (i % 3 == 0) {
        twice.add(once.get(i)); // at once
      }
      if (i >= 5 && i % 5 == 0) {
        twice.add(once.get(i - 5)); // a few records later
      }
    }
    Harness single = new Harness().sendEach(once);
    Harness repeated = new Harness().sendEach(twice);

    assertThat(repeated.insights()).isEqualTo(single.insights()).hasSize(2);
    assertThat(repeated.counted()).isEqualTo(single.counted()).isEqualTo(once.size());
    // a repeat delivered after its minute closed is dropped as late instead
    assertThat(repeated.duplicates() + repeated.late()).isEqualTo(twice.size() - once.size());
    assertThat(repeated.duplicates()).isGreaterThan(once.size() / 3);
  }

  @Test
  void shouldSendCompactEventsThroughTheRepartitionTopic() {
    Harness h = new Harness();
    String json =
        TestTraffic.record(BASE + 90_000L, API, MALLORY, "Client.UnauthorizedOperation", "id-7");

    h.send(json);

    TestOutputTopic<String, byte[]> repartition =
        h.driver.createOutputTopic(
            APP_ID + "-" + Names.REPARTITION + "-repartition",
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TestRecord<String, byte[]>> crossed = repartition.readRecordsToList();
    // the account's first minute, the event, the input partition's progress
    assertThat(crossed).hasSize(3);
    assertThat(RoutedSerde.decode(crossed.get(0).value()))
        .isEqualTo(new Routed.ScopeStart("111122223333|eu-west-1", (BASE + 90_000L) / 60_000L));
    assertThat(RoutedSerde.decode(crossed.get(2).value()))
        .isEqualTo(new Routed.Progress(0, 1, BASE + 90_000L, false));
    TestRecord<String, byte[]> r = crossed.get(1);
    assertThat(r.key()).isEqualTo("111122223333|eu-west-1|ec2.amazonaws.com|RunInstances");
    assertThat(r.timestamp()).isEqualTo(BASE + 90_000L);
    assertThat(utf8(json).length).isGreaterThan(1000);
    assertThat(r.value().length).isLessThan(utf8(json).length / 5);
    CompactEvent e = CompactEventSerde.decode(r.value());
    assertThat(e.eventTimeMillis()).isEqualTo(BASE + 90_000L);
    assertThat(e.errorCode()).isEqualTo("Client.UnauthorizedOperation");
    assertThat(e.userArn()).isEqualTo(MALLORY);
    assertThat(e.countsForCallRate()).isTrue();
    assertThat(e.countsForErrorRate()).isTrue();
  }

  @Test
  void shouldMatchTheOfflineDetectorOnAGeneratedMultiKeyScenario() {
    TrailScenario s = TrailScenario.generate(BASE, 11);
    DetectorConfig config = TrailScenario.detection(BASE);
    Harness h = new Harness(config);

    for (TrailScenario.Message m : s.all()) {
      h.send(m.key(), m.value());
    }
    List<byte[]> live = new ArrayList<>();
    h.insights.readRecordsToList().forEach(r -> live.add(r.value()));

    List<String> offline = OfflineReference.json(config, OfflineReference.values(s.all()));
    assertThat(offline).hasSize(6);
    // whole trail files per message: a minute is judged when the file has been read, so only
    // what does not depend on the order of arrival is compared (README, Determinism)
    assertThat(OfflineReference.exactPart(OfflineReference.sorted(live)))
        .isEqualTo(OfflineReference.exactPart(offline));
    assertThat(h.deadLetters.isEmpty()).isTrue();
  }
}
