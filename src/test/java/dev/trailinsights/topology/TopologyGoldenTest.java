package dev.trailinsights.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.testkit.Golden;
import dev.trailinsights.workload.OutputFormat;
import dev.trailinsights.workload.WorkloadGenerator;
import dev.trailinsights.workload.WorkloadParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole topology in a {@link TopologyTestDriver} fed a generated workload (late and repeated
 * records, anomalies of both insight types) writes exactly the insights and history records
 * recorded in {@code src/test/resources/golden/}: a refactoring of the detection core must not
 * change one byte of either topic.
 */
class TopologyGoldenTest {
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  @TempDir Path stateDir;

  @Test
  void shouldWriteExactlyTheRecordedInsightsAndHistory() throws IOException {
    List<byte[]> records = new ArrayList<>();
    new WorkloadGenerator(new WorkloadParams(3, 77, 1, 1, 50, 0.2, 6, OutputFormat.JSONL, START))
        .forEachRecord(1, (delivery, record) -> records.add(record));
    DetectorConfig config =
        DetectorConfig.builder()
            .trailStart(new TrailStart(TrailStart.Mode.AT, START))
            .minBaseline(Duration.ofHours(6))
            .build();
    TopologyOptions topics = TopologyOptions.defaults();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "golden-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);

    ByteArrayOutputStream insights = new ByteArrayOutputStream();
    ByteArrayOutputStream history = new ByteArrayOutputStream();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            InsightsTopology.build(topics, config, new ParseCounters(), new LiveDetectors()),
            p,
            START.plus(Duration.ofDays(4)))) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      TestInputTopic<byte[], byte[]> input =
          driver.createInputTopic(topics.inputTopic(), bytes, bytes);
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic(
              topics.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> hist =
          driver.createOutputTopic(
              topics.historyTopic(), new StringDeserializer(), new ByteArrayDeserializer());
      long offset = 0;
      // timestamps at the workload's start: the driver's single stream time must not run ahead
      // of event times (see InsightsTopologyTest)
      for (byte[] r : records) {
        input.pipeInput(null, r, START.toEpochMilli() + (offset++ % 1000));
        drain(out, insights);
        drain(hist, history);
      }
    }

    String written = insights.toString(StandardCharsets.UTF_8);
    assertThat(written).contains("ApiCallRateInsight", "ApiErrorRateInsight");
    assertThat(history.size()).isGreaterThan(insights.size());
    Golden.assertMatches("topology-insights.txt", insights.toByteArray());
    Golden.assertMatches("topology-history.txt", history.toByteArray());
  }

  /** Each record as {@code key TAB value}, the value as text when it is UTF-8, else base64. */
  private static void drain(TestOutputTopic<String, byte[]> topic, ByteArrayOutputStream to) {
    for (TestRecord<String, byte[]> r : topic.readRecordsToList()) {
      StringBuilder line = new StringBuilder().append(r.key()).append('\t');
      byte[] v = r.value();
      if (v == null) {
        line.append("null");
      } else if (isText(v)) {
        line.append("text:").append(new String(v, StandardCharsets.UTF_8));
      } else {
        line.append("base64:").append(Base64.getEncoder().encodeToString(v));
      }
      line.append('\t').append(r.timestamp()).append('\n');
      to.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static boolean isText(byte[] v) {
    String s = new String(v, StandardCharsets.UTF_8);
    if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), v)) {
      return false;
    }
    return s.chars().noneMatch(c -> c < 0x20 || c == 0xfffd);
  }
}
