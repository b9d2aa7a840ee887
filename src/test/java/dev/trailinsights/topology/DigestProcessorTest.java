package dev.trailinsights.topology;

import static dev.trailinsights.topology.TestTraffic.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.DigestCounters;
import dev.trailinsights.integrity.DigestSigner;
import dev.trailinsights.integrity.Keys;
import dev.trailinsights.integrity.TestKeys;
import dev.trailinsights.integrity.Verifier;
import dev.trailinsights.integrity.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest node in the whole topology, on the test driver's wall clock. */
class DigestProcessorTest {
  private static final TopologyOptions TOPICS = TopologyOptions.defaults();
  private static final KeyPair KEY = TestKeys.generate("Ed25519");

  @TempDir Path stateDir;

  @Test
  void shouldListEveryInsightsRecordsExactBytesAndGiveEmptyIntervalsADigest() {
    DigestCounters counters = new DigestCounters();
    DigestConfig digests =
        new DigestConfig(
            "digests",
            Duration.ofHours(1),
            DigestSigner.fromPem(TestKeys.privatePem(KEY), "key"),
            counters);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "digest-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            InsightsTopology.build(
                TOPICS,
                TestTraffic.config(),
                new ParseCounters(),
                new LiveDetectors(),
                LatencyRecorder.NONE,
                digests),
            p,
            TestTraffic.WALL_CLOCK)) {
      var input =
          driver.createInputTopic(
              TOPICS.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> insights =
          driver.createOutputTopic(
              TOPICS.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> digestTopic =
          driver.createOutputTopic(
              "digests", new StringDeserializer(), new ByteArrayDeserializer());
      long t = TestTraffic.BASE;
      for (String r : TestTraffic.burst().records) {
        input.pipeInput(utf8(TestTraffic.SCOPE), utf8(r), t++);
      }
      List<TestRecord<String, byte[]>> written = insights.readRecordsToList();
      assertThat(written).hasSize(2);
      assertThat(digestTopic.isEmpty()).isTrue();

      driver.advanceWallClockTime(Duration.ofHours(1));
      driver.advanceWallClockTime(Duration.ofHours(1));
      List<TestRecord<String, byte[]>> out = digestTopic.readRecordsToList();
      assertThat(out).hasSize(2);
      Digest first = Digest.parse(out.get(0).value());
      Digest second = Digest.parse(out.get(1).value());
      assertThat(out.get(0).key()).isEqualTo("digest-test/0_0").isEqualTo(first.chainId());
      assertThat(first.sequence()).isZero();
      assertThat(first.records())
          .containsExactly(
              new Digest.Entry(
                  InsightJson.parse(written.get(0).value()).eventId(),
                  Keys.sha256Hex(written.get(0).value())),
              new Digest.Entry(
                  InsightJson.parse(written.get(1).value()).eventId(),
                  Keys.sha256Hex(written.get(1).value())));
      assertThat(first.intervalEnd().toEpochMilli() % 3_600_000L).isZero();
      assertThat(second.records()).isEmpty();
      assertThat(second.previousSignature()).isEqualTo(first.signature());
      assertThat(second.intervalStart()).isEqualTo(first.intervalEnd());
      assertThat(counters.digests()).isEqualTo(2);
      assertThat(counters.covered()).isEqualTo(2);

      List<Verifier.Insight> read = new ArrayList<>();
      for (TestRecord<String, byte[]> r : written) {
        var chain = r.headers().lastHeader(DigestConfig.CHAIN_HEADER);
        assertThat(new String(chain.value(), StandardCharsets.UTF_8)).isEqualTo("digest-test/0_0");
        read.add(
            new Verifier.Insight(
                "out-0",
                read.size(),
                InsightJson.parse(r.value()).eventId(),
                Keys.sha256Hex(r.value()),
                "digest-test/0_0"));
      }
      List<Verifier.DigestInput> ins = new ArrayList<>();
      for (TestRecord<String, byte[]> r : out) {
        ins.add(new Verifier.DigestInput("digests-0", ins.size(), r.value()));
      }
      VerifyReport report = new Verifier(List.of(KEY.getPublic())).verify(read, ins);
      assertThat(report.problems()).isEmpty();
      assertThat(report.validInsights()).isEqualTo(2);
    }
  }

  @Test
  void shouldLookForBoundariesOftenEnoughButNotTooOften() {
    assertThat(DigestProcessor.tick(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(10));
    assertThat(DigestProcessor.tick(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(100));
  }
}
