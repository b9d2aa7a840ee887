package dev.trailinsights.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ingest} against a real S3 API server (S3Proxy), a real SQS API server (ElasticMQ) and a
 * real KRaft broker, all in this JVM: every envelope, exactly once, bad objects, and a kill
 * mid-file.
 */
class IngestIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static AwsServers aws;
  private static final String BUCKET = "trail-bucket";
  private static final String PREFIX = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/01/";

  @BeforeAll
  static void startServers() throws Exception {
    aws = new AwsServers();
    aws.bucket(BUCKET);
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (aws != null) {
      aws.close();
    }
  }

  /** A CloudTrail record, compact JSON with a unique eventID. */
  static String record(String file, int n) {
    Instant t = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(n);
    return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\"},"
        + "\"eventTime\":\""
        + t
        + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
        + "\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.7\","
        + "\"eventID\":\""
        + file
        + "-"
        + n
        + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
        + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
  }

  static List<String> records(String file, int count) {
    List<String> r = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      r.add(record(file, i));
    }
    return r;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  static byte[] trailFile(List<String> records) {
    return gzip(("{\"Records\":[" + String.join(",", records) + "]}").getBytes(UTF_8));
  }

  static String s3Event(String bucket, String key) {
    return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
        + "\"awsRegion\":\"eu-west-1\",\"eventTime\":\"2026-03-01T00:05:00.000Z\","
        + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\","
        + "\"bucket\":{\"name\":\""
        + bucket
        + "\",\"arn\":\"arn:aws:s3:::"
        + bucket
        + "\"},\"object\":{\"key\":\""
        + key
        + "\",\"size\":100}}}]}";
  }

  static String sns(String message) {
    return "{\"Type\":\"Notification\",\"MessageId\":\"m-1\","
        + "\"TopicArn\":\"arn:aws:sns:eu-west-1:111122223333:trail\",\"Message\":\""
        + message.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"Timestamp\":\"2026-03-01T00:05:00.000Z\"}";
  }

  static String cloudTrailNotification(String bucket, String... keys) {
    return "{\"s3Bucket\":\""
        + bucket
        + "\",\"s3ObjectKey\":[\""
        + String.join("\",\"", keys)
        + "\"]}";
  }

  static String eventBridge(String bucket, String key) {
    return "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"Object Created\","
        + "\"source\":\"aws.s3\",\"account\":\"111122223333\",\"time\":\"2026-03-01T00:05:00Z\","
        + "\"region\":\"eu-west-1\",\"resources\":[\"arn:aws:s3:::"
        + bucket
        + "\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\""
        + bucket
        + "\"},\"object\":{\"key\":\""
        + key
        + "\",\"size\":100},\"reason\":\"PutObject\"}}";
  }

  private record Topics(String input, String deadLetter, String ledger) {}

  private static Topics topics() {
    return new Topics(
        kafka.uniqueTopic("cloudtrail-events"),
        kafka.uniqueTopic("cloudtrail-events-dlq"),
        kafka.uniqueTopic("ingested"));
  }

  static Map<String, String> flags(String queue, Topics t, String transactionalId) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("kafka.bootstrap-servers", kafka.bootstrapServers());
    f.put("ingest.queue-url", queue);
    f.put("ingest.region", AwsServers.REGION);
    f.put("ingest.s3-endpoint", aws.s3Endpoint.toString());
    f.put("ingest.sqs-endpoint", aws.sqsEndpoint.toString());
    f.put("ingest.visibility-timeout", "5s");
    f.put("ingest.wait-time", "1s");
    f.put("ingest.transactional-id", transactionalId);
    f.put("ingest.ledger-topic", t.ledger());
    f.put("topics.input", t.input());
    f.put("topics.dead-letter", t.deadLetter());
    f.put("topics.partitions", "3");
    return f;
  }

  static Ingestor ingestor(Map<String, String> flags, IngestMetrics metrics) {
    IngestConfig c = IngestConfig.from(RunSettings.load(null, Map.of(), flags, Map.of()));
    Ingestor in = new Ingestor(c, AwsClients.sqs(c), AwsClients.s3(c), metrics);
    in.start();
    return in;
  }

  static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), UTF_8)).toList();
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), UTF_8);
  }

  /** Every record in the topic, committed or not (what a read_uncommitted reader sees). */
  static long uncommittedCount(String topic) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      long n = 0;
      for (long end : consumer.endOffsets(parts).values()) {
        n += end;
      }
      return n;
    }
  }

  @Test
  void shouldWriteEveryRecordOfEveryEnvelopeExactlyOnce() throws Exception {
    Topics t = topics();
    String queue = aws.queue("envelopes");
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (String f : List.of("direct", "sns", "ct-a", "ct-b", "eventbridge", "raw-ct")) {
      String key = PREFIX + "111122223333_CloudTrail_eu-west-1_20260301T0005Z_" + f + ".json.gz";
      List<String> r = records(f, 50);
      files.put(key, r);
      aws.put(BUCKET, key, trailFile(r));
    }
    List<String> keys = new ArrayList<>(files.keySet());
    String digest =
        "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/03/01/"
            + "111122223333_CloudTrail-Digest_eu-west-1_trail_us-east-1_20260301T010000Z.json.gz";
    aws.put(BUCKET, digest, gzip("{\"awsAccountId\":\"111122223333\"}".getBytes(UTF_8)));

    aws.send(queue, s3Event(BUCKET, keys.get(0)));
    aws.send(queue, sns(s3Event(BUCKET, keys.get(1))));
    aws.send(queue, sns(cloudTrailNotification(BUCKET, keys.get(2), keys.get(3))));
    aws.send(queue, eventBridge(BUCKET, keys.get(4)));
    aws.send(queue, cloudTrailNotification(BUCKET, keys.get(5)));
    aws.send(queue, s3Event(BUCKET, digest));
    aws.send(queue, s3Event(BUCKET, keys.get(0))); // S3 sends a notification twice at times
    aws.send(queue, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}");
    aws.send(queue, "{\"hello\":\"world\"}");

    IngestMetrics metrics = new IngestMetrics();
    Map<String, String> flags = flags(queue, t, "ingest-envelopes");
    // longer than a loaded test machine may take for a first transaction
    flags.put("ingest.visibility-timeout", "30s");
    try (Ingestor in = ingestor(flags, metrics)) {
      await("the queue to be emptied", Duration.ofSeconds(60), () -> aws.depth(queue) == 0);
      assertThat(in.ready()).isTrue();
    }

    List<String> expected = files.values().stream().flatMap(List::stream).toList();
    List<ConsumerRecord<byte[], byte[]>> got =
        kafka.consumeAll(t.input(), expected.size(), Duration.ofSeconds(30));
    assertThat(values(got)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(got)
        .allSatisfy(
            r -> assertThat(new String(r.key(), UTF_8)).isEqualTo("111122223333|eu-west-1"));
    assertThat(metrics.files("ingested")).isEqualTo(6);
    assertThat(metrics.files("duplicate")).isEqualTo(1);
    assertThat(metrics.files("skipped-digest")).isEqualTo(1);
    assertThat(metrics.messages("ignored")).isEqualTo(1);
    assertThat(metrics.messages("unknown")).isEqualTo(1);
    assertThat(metrics.messages("done")).isEqualTo(7);

    List<ConsumerRecord<byte[], byte[]>> dead =
        kafka.consumeAll(t.deadLetter(), 1, Duration.ofSeconds(30));
    assertThat(dead)
        .hasSize(1)
        .allSatisfy(
            d -> {
              assertThat(new String(d.value(), UTF_8)).isEqualTo("{\"hello\":\"world\"}");
              assertThat(header(d, Ingestor.REASON)).isEqualTo("unknown-message");
            });

    // the ledger: a restarted ingest given the same notifications again writes nothing
    aws.send(queue, sns(cloudTrailNotification(BUCKET, keys.toArray(String[]::new))));
    IngestMetrics again = new IngestMetrics();
    try (Ingestor in = ingestor(flags, again)) {
      await("the queue to be emptied", Duration.ofSeconds(60), () -> aws.depth(queue) == 0);
    }
    assertThat(again.files("duplicate")).isEqualTo(6);
    assertThat(kafka.consumeAll(t.input(), expected.size(), Duration.ofSeconds(30)))
        .hasSize(expected.size());
  }

  @Test
  void shouldReportBadObjectsAndLeaveTheirMessageToTheRedrivePolicy() throws Exception {
    Topics t = topics();
    String dlq = aws.queue("bad-dlq");
    String queue = aws.queueWithRedrive("bad", dlq, 2);
    String good = PREFIX + "good.json.gz";
    List<String> goodRecords = records("good", 20);
    aws.put(BUCKET, good, trailFile(goodRecords));
    String notGzip = PREFIX + "plain.json.gz";
    aws.put(BUCKET, notGzip, ("{\"Records\":[" + record("plain", 1) + "]}").getBytes(UTF_8));
    String truncated = PREFIX + "truncated.json.gz";
    byte[] whole = trailFile(records("truncated", 200));
    aws.put(BUCKET, truncated, Arrays.copyOf(whole, whole.length / 2));
    String notTrail = PREFIX + "other.json.gz";
    aws.put(BUCKET, notTrail, gzip("{\"hello\":[1,2,3]}".getBytes(UTF_8)));
    String badJson = PREFIX + "badjson.json.gz";
    aws.put(
        BUCKET,
        badJson,
        gzip(("{\"Records\":[" + record("badjson", 1) + ",{\"eventID\":}]}").getBytes(UTF_8)));
    String missing = PREFIX + "missing.json.gz";

    aws.send(queue, cloudTrailNotification(BUCKET, good, notGzip, truncated));
    aws.send(queue, s3Event(BUCKET, notTrail));
    aws.send(queue, eventBridge(BUCKET, badJson));
    aws.send(queue, s3Event(BUCKET, missing));

    IngestMetrics metrics = new IngestMetrics();
    try (Ingestor in = ingestor(flags(queue, t, "ingest-bad"), metrics)) {
      await(
          "the messages to reach the queue's dead-letter queue",
          Duration.ofSeconds(90),
          () -> aws.depth(dlq) == 4);
    }
    assertThat(aws.depth(queue)).isZero();
    // the good file of the failing message is written once, however often the message came back
    assertThat(values(kafka.consumeAll(t.input(), goodRecords.size(), Duration.ofSeconds(30))))
        .containsExactlyInAnyOrderElementsOf(goodRecords);
    assertThat(metrics.messages("retried")).isGreaterThanOrEqualTo(8);
    assertThat(metrics.files("duplicate")).isGreaterThanOrEqualTo(1);
    assertThat(metrics.errors(BadObject.Reason.NOT_GZIP)).isGreaterThanOrEqualTo(2);
    assertThat(metrics.errors(BadObject.Reason.TRUNCATED)).isGreaterThanOrEqualTo(2);
    assertThat(metrics.errors(BadObject.Reason.NOT_CLOUDTRAIL)).isGreaterThanOrEqualTo(4);
    assertThat(metrics.errors(BadObject.Reason.MISSING)).isGreaterThanOrEqualTo(2);

    List<ConsumerRecord<byte[], byte[]>> dead =
        kafka.consumeAll(t.deadLetter(), 10, Duration.ofSeconds(30));
    Map<String, String> reasonByKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      assertThat(header(r, Ingestor.SOURCE_BUCKET)).isEqualTo(BUCKET);
      reasonByKey.put(header(r, Ingestor.SOURCE_KEY), header(r, Ingestor.REASON));
    }
    assertThat(reasonByKey)
        .containsEntry(notGzip, "not-gzip")
        .containsEntry(truncated, "truncated")
        .containsEntry(notTrail, "not-cloudtrail")
        .containsEntry(badJson, "not-cloudtrail")
        .containsEntry(missing, "missing")
        .doesNotContainKey(good);
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenKilledMidFile() throws Exception {
    Topics t = topics();
    String queue = aws.queue("kill");
    String key = PREFIX + "large.json.gz";
    int count = 300_000;
    List<String> all = records("large", count);
    aws.put(BUCKET, key, trailFile(all));
    aws.send(queue, s3Event(BUCKET, key));
    Map<String, String> flags = flags(queue, t, "ingest-kill");
    flags.put("ingest.max-object-bytes", "1000000000");

    Ingestor first = ingestor(flags, new IngestMetrics());
    await(
        "the first records of the file in the topic",
        Duration.ofSeconds(60),
        () -> uncommittedCount(t.input()) > 1000);
    first.kill();
    long partial = uncommittedCount(t.input());
    assertThat(partial).isLessThan(count);

    IngestMetrics metrics = new IngestMetrics();
    try (Ingestor second = ingestor(flags, metrics)) {
      await("the queue to be emptied", Duration.ofSeconds(120), () -> aws.depth(queue) == 0);
    } finally {
      first.releaseKilled();
    }
    assertThat(metrics.files("ingested")).isEqualTo(1);
    List<String> got = values(kafka.consumeAll(t.input(), count, Duration.ofSeconds(60)));
    assertThat(got).hasSize(count);
    assertThat(new java.util.HashSet<>(got)).isEqualTo(new java.util.HashSet<>(all));
    // the killed process had written part of the file: it is in the log, aborted, never read
    assertThat(uncommittedCount(t.input())).isGreaterThan(count);
  }
}
