package dev.trailinsights.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadCommandIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path dir;

  private record Outcome(int exitCode, String err) {}

  private record Message(String key, String value, int partition) {}

  /** Messages expected, in the order the files are read (sorted paths). */
  private final List<Message> expected = new ArrayList<>();

  private String topic;

  @BeforeEach
  void createTopicName() {
    topic = kafka.uniqueTopic("cloudtrail-events");
  }

  private Outcome load(String... args) {
    LoadCommand command = new LoadCommand();
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    command.cluster.env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--topic", topic, "--set", "topics.partitions=3"));
    all.addAll(List.of(args));
    return new Outcome(cl.execute(all.toArray(String[]::new)), err.toString());
  }

  private List<Message> consume(int count) {
    List<Message> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.consumeAll(topic, count, Duration.ofSeconds(30))) {
      out.add(
          new Message(
              r.key() == null ? null : new String(r.key(), UTF_8),
              new String(r.value(), UTF_8),
              r.partition()));
    }
    return out;
  }

  private static String record(String account, String region, int n) {
    return Scenario.record(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(n), n)
        .replace(
            "\"recipientAccountId\":\"" + Scenario.ACCOUNT + "\"",
            "\"recipientAccountId\":\"" + account + "\"")
        .replace("\"awsRegion\":\"" + Scenario.REGION + "\"", "\"awsRegion\":\"" + region + "\"");
  }

  private void expect(String account, String region, String value) {
    expected.add(new Message(account == null ? null : account + "|" + region, value, -1));
  }

  /** A folder with every envelope: JSON lines, a pretty trail file, EventBridge, gzip. */
  private Path folder() throws IOException {
    Path a = Files.createDirectories(dir.resolve("trails/a"));
    Path b = Files.createDirectories(dir.resolve("trails/b"));

    String l1 = record("333", "ap-south-1", 1);
    String l2 = record("333", "ap-south-1", 2);
    String l3 =
        "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.iam\","
            + "\"account\":\"444\",\"region\":\"eu-north-1\",\"detail\":"
            + record("444", "eu-north-1", 3)
            + "}";
    Files.writeString(a.resolve("events.jsonl"), l1 + "\n" + l2 + "\n\n" + l3 + "\n");
    expect("333", "ap-south-1", l1);
    expect("333", "ap-south-1", l2);
    expect("444", "eu-north-1", l3);

    String r1 = record("111", "eu-west-1", 4).replace(",\"", ",\n      \"");
    String r2 = record("111", "eu-west-1", 5);
    String r3 = record("222", "us-east-1", 6);
    Files.writeString(
        a.resolve("trail.json"),
        "{\n  \"Records\" : [\n    " + r1 + ",\n    " + r2 + ",\n    " + r3 + "\n  ]\n}\n");
    expect("111", "eu-west-1", r1);
    expect("111", "eu-west-1", r2);
    expect("222", "us-east-1", r3);

    String event =
        "{\n  \"version\": \"0\",\n  \"detail-type\": \"AWS API Call via CloudTrail\",\n"
            + "  \"account\": \"555\",\n  \"region\": \"sa-east-1\",\n  \"detail\": "
            + record("555", "sa-east-1", 7)
            + "\n}";
    Files.writeString(b.resolve("eventbridge.json"), event + "\n");
    expect("555", "sa-east-1", event);

    String g1 = record("111", "eu-west-1", 8);
    String g2 = record("111", "eu-west-1", 9);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(("{\"Records\":[" + g1 + "," + g2 + "]}").getBytes(UTF_8));
    }
    Files.write(b.resolve("trail.json.gz"), gz.toByteArray());
    expect("111", "eu-west-1", g1);
    expect("111", "eu-west-1", g2);

    Files.writeString(b.resolve(".hidden.json"), record("999", "xx", 10));
    return dir.resolve("trails");
  }

  @Test
  void shouldLoadEveryEnvelopeOneMessagePerRecordKeyedByAccountAndRegionWhenAsked()
      throws IOException {
    Path trails = folder();

    Outcome o = load("--key", "account-region", trails.toString());

    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.err())
        .contains("created topic " + topic + " with 3 partitions")
        .contains("loaded 4 files into " + topic + ": 9 messages");
    List<Message> got = consume(expected.size());
    assertThat(got).hasSize(expected.size());
    assertThat(got)
        .extracting(m -> m.key() + " " + m.value())
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(m -> m.key() + " " + m.value()).toList());
    // one account and region: one partition, file order
    Map<String, List<Message>> byKey =
        got.stream()
            .collect(Collectors.groupingBy(Message::key, LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Message>> e : byKey.entrySet()) {
      assertThat(e.getValue())
          .extracting(Message::partition)
          .containsOnly(e.getValue().get(0).partition());
      assertThat(e.getValue())
          .extracting(Message::value)
          .containsExactlyElementsOf(
              expected.stream()
                  .filter(m -> m.key().equals(e.getKey()))
                  .map(Message::value)
                  .toList());
    }
  }

  @Test
  void shouldSendDamagedJsonForDeadLetteringLoadTheRestAndExitOne() throws IOException {
    String good = record("111", "eu-west-1", 1);
    Path broken =
        Files.writeString(
            dir.resolve("broken.json"), "{\"Records\": [ {\"eventName\": ]}, " + good + "]}");
    Path file = Files.writeString(dir.resolve("good.jsonl"), good + "\n" + good + "\n");

    Outcome o = load(broken.toString(), file.toString());

    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err().lines().filter(l -> l.contains("broken.json")).toList())
        .singleElement()
        .asString()
        .startsWith("trail-insights: " + broken + ": 1 spans of damaged JSON sent as they are");
    assertThat(o.err())
        .contains("loaded 2 files into " + topic + ": 4 messages")
        .contains("1 damaged spans sent to be dead-lettered");
    assertThat(consume(4))
        .extracting(Message::value)
        .containsExactly("{\"eventName\": ]}, ", good, good, good);
  }

  @Test
  void shouldSendWholeFilesWhenAskedKeyedByTheirFirstRecord() throws IOException {
    String content =
        "{\"Records\":["
            + record("111", "eu-west-1", 1)
            + ","
            + record("222", "us-east-1", 2)
            + "]}";
    Path file = Files.writeString(dir.resolve("trail.json"), content);

    Outcome o = load("--whole-files", "--key", "account-region", file.toString());

    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(consume(1))
        .extracting(Message::key, Message::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("111|eu-west-1", content));
  }

  @Test
  void shouldSpreadOneAccountAndRegionOverEveryPartitionWithoutKeysByDefault() throws IOException {
    // one account and region, 12 MB: dozens of 256 KiB batches, each sent to a partition of its own
    int count = 20_000;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append(record("111", "eu-west-1", i)).append('\n');
    }
    Path file = Files.writeString(dir.resolve("one-account.jsonl"), lines.toString());

    Outcome o = load(file.toString());

    assertThat(o.exitCode()).as(o.err()).isZero();
    List<Message> got = consume(count);
    assertThat(got).hasSize(count);
    assertThat(got).extracting(Message::key).containsOnlyNulls();
    assertThat(got).extracting(Message::partition).containsOnly(0, 1, 2).contains(0, 1, 2);
  }

  @Test
  void shouldLeaveKeysOutWithKeyNone() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("a.jsonl"), record("1", "r", 1) + "\n" + record("2", "r", 2) + "\n");

    Outcome o = load("--key", "none", file.toString());

    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(consume(2)).extracting(Message::key).containsOnlyNulls();
  }

  @Test
  void shouldFailInOneLineWhenTheTopicIsMissingAndCreationIsDisabled() throws IOException {
    Path file = Files.writeString(dir.resolve("a.jsonl"), record("1", "r", 1) + "\n");

    Outcome o = load("--set", "topics.create=false", file.toString());

    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err())
        .isEqualTo(
            "trail-insights: topic "
                + topic
                + " does not exist and topic creation is disabled (expected 3 partitions)"
                + System.lineSeparator());
  }
}
