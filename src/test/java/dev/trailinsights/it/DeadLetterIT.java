package dev.trailinsights.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.BadReason;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.KafkaFixture;
import dev.trailinsights.topology.DeadLetters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed messages interleaved with good traffic on a real broker: each lands in the dead-letter
 * topic with its original key and bytes and headers saying why and where it came from, and the
 * insights of the good records are exactly those of a run without the bad ones.
 */
class DeadLetterIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final int MAX_RECORD_BYTES = 8192;

  @TempDir Path stateDir;

  /** A malformed message, the reason it should be rejected with, and how many bad records. */
  private record Bad(String name, byte[] value, String reason, int badRecords) {}

  @Test
  void shouldDeadLetterEveryMalformedMessageWithItsBytesAndLeaveTheInsightsUnchanged() {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 7);
    DetectorConfig config =
        TrailScenario.detection(base).toBuilder().maxRecordBytes(MAX_RECORD_BYTES).build();
    List<String> expected = OfflineReference.json(config, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);

    String good = scenarioRecord(scenario);
    List<Bad> corpus = corpus(good);
    List<TrailScenario.Message> input = new ArrayList<>(scenario.messages());
    Map<String, Bad> byValue = new HashMap<>();
    Random random = new Random(3);
    for (Bad bad : corpus) {
      // a random scope, at a random place in the traffic
      int at = random.nextInt(input.size());
      input.add(at, new TrailScenario.Message(TrailScenario.scope(random.nextInt(4)), bad.value));
      byValue.put(Arrays.toString(bad.value), bad);
    }
    // a trail file whose good record counts although the file goes to the dead letters
    int i = indexOfBareRecord(input);
    TrailScenario.Message original = input.get(i);
    String file =
        "{\"Records\":["
            + new String(original.value(), UTF_8)
            + ",{\"eventTime\":\"2026-03-02T00:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\"}]}";
    input.set(i, new TrailScenario.Message(original.scope(), file.getBytes(UTF_8)));
    Bad mixed = new Bad("file with one bad record", file.getBytes(UTF_8), "missing-field", 1);
    byValue.put(Arrays.toString(mixed.value), mixed);
    input.addAll(scenario.ticks());

    LiveRun run = new LiveRun(kafka, 4, config);
    try (InsightsApp app = run.app(stateDir, Map.of())) {
      app.start();
      run.produce(input);
      run.awaitDrained(Duration.ofSeconds(120));

      assertThat(app.liveDetectors().total(c -> c.late())).as("late events").isZero();
      // byte for byte: a backlog's minutes are judged as they close (README, Determinism)
      assertThat(OfflineReference.sorted(run.output(expected.size()))).isEqualTo(expected);
      List<ConsumerRecord<byte[], byte[]>> dead = run.deadLetters(byValue.size());
      assertThat(dead).hasSize(byValue.size());
      Map<String, ConsumerRecord<byte[], byte[]>> inputByValue = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r :
          kafka.consumeAll(run.topics().inputTopic(), input.size(), Duration.ofSeconds(30))) {
        inputByValue.put(Arrays.toString(r.value()), r);
      }
      for (ConsumerRecord<byte[], byte[]> d : dead) {
        Bad bad = byValue.get(Arrays.toString(d.value()));
        assertThat(bad).as("dead letter is a message that was sent").isNotNull();
        ConsumerRecord<byte[], byte[]> source = inputByValue.get(Arrays.toString(d.value()));
        assertThat(d.key()).as(bad.name).isEqualTo(source.key());
        assertThat(header(d.headers(), DeadLetters.REASON)).as(bad.name).isEqualTo(bad.reason);
        assertThat(header(d.headers(), DeadLetters.DETAIL))
            .as(bad.name)
            .isNotBlank()
            .doesNotContain("SECRET");
        assertThat(header(d.headers(), DeadLetters.BAD_RECORDS))
            .as(bad.name)
            .isEqualTo(Integer.toString(bad.badRecords));
        assertThat(header(d.headers(), DeadLetters.SOURCE_TOPIC))
            .isEqualTo(run.topics().inputTopic());
        assertThat(header(d.headers(), DeadLetters.SOURCE_PARTITION))
            .isEqualTo(Integer.toString(source.partition()));
        assertThat(header(d.headers(), DeadLetters.SOURCE_OFFSET))
            .isEqualTo(Long.toString(source.offset()));
      }
      assertThat(app.parseCounters().deadLetters()).isEqualTo(byValue.size());
    }
  }

  /** One of the scenario's bare records, as text. */
  private static String scenarioRecord(TrailScenario s) {
    return new String(s.messages().get(indexOfBareRecord(s.messages())).value(), UTF_8);
  }

  private static int indexOfBareRecord(List<TrailScenario.Message> messages) {
    for (int i = messages.size() / 2; i < messages.size(); i++) {
      String v = new String(messages.get(i).value(), UTF_8);
      if (v.startsWith("{\"eventVersion\"") && v.contains("DescribeInstances")) {
        return i;
      }
    }
    throw new IllegalStateException("no bare record");
  }

  private static List<Bad> corpus(String good) {
    List<Bad> c = new ArrayList<>();
    c.add(bad("not JSON", "SECRET this is not JSON", BadReason.NOT_JSON));
    c.add(
        bad(
            "binary",
            new String(new byte[] {0, 1, 2, (byte) 0xff, 'S'}, UTF_8),
            BadReason.NOT_JSON));
    c.add(bad("array at the root", "[\"SECRET\",1,2]", BadReason.NOT_JSON));
    c.add(bad("truncated", good.substring(0, good.length() / 2), BadReason.TRUNCATED));
    c.add(
        bad(
            "no eventTime",
            good.replaceFirst("\"eventTime\":\"[^\"]*\",", ""),
            BadReason.MISSING_FIELD));
    c.add(
        bad(
            "no eventSource",
            good.replaceFirst("\"eventSource\":\"[^\"]*\",", ""),
            BadReason.MISSING_FIELD));
    c.add(
        bad(
            "no eventName",
            good.replaceFirst("\"eventName\":\"[^\"]*\",", ""),
            BadReason.MISSING_FIELD));
    c.add(
        bad(
            "bad timestamp",
            good.replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":\"yesterday SECRET\""),
            BadReason.BAD_TIMESTAMP));
    c.add(
        bad(
            "eventName is an object",
            good.replaceFirst("\"eventName\":\"[^\"]*\"", "\"eventName\":{\"SECRET\":1}"),
            BadReason.BAD_FIELD));
    c.add(
        bad(
            "eventTime is a number",
            good.replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":1772409600"),
            BadReason.BAD_FIELD));
    c.add(
        bad(
            "oversize",
            good.replace(
                "\"requestParameters\":{",
                "\"requestParameters\":{\"SECRET\":\"" + "x".repeat(2 * MAX_RECORD_BYTES) + "\","),
            BadReason.TOO_LARGE));
    c.add(new Bad("empty", new byte[0], "empty", 1));
    c.add(new Bad("no value", null, "empty", 1));
    c.add(
        bad(
            "eventTime far in the future",
            good.replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":\"2099-01-01T00:00:00Z\"")
                .replace("DescribeInstances", "TerminateInstances")
                .replace("\"readOnly\":true", "\"readOnly\":false"),
            BadReason.BAD_TIMESTAMP));
    return c;
  }

  private static Bad bad(String name, String value, BadReason reason) {
    return new Bad(name, value.getBytes(UTF_8), reason.label(), 1);
  }

  private static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), UTF_8);
  }
}
