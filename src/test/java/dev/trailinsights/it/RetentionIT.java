package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.runtime.ClientProperties;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.runtime.RetentionCheck;
import dev.trailinsights.runtime.RunConfig;
import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.runtime.TopicSpec;
import dev.trailinsights.topology.TopologyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog four hours old processed on a broker whose default retention is one hour, checked every
 * second, with segments rolled at every change of timestamp (as a busy topic's would be
 * eventually). Insights carry their event time as the record timestamp: on a topic left at the
 * broker's retention some are deleted, and start-up says so; on the topics {@code run} creates
 * (explicit {@code retention.ms=-1}) every insight is still readable afterwards.
 */
class RetentionIT {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void shouldKeepEveryInsightOfABacklogOlderThanTheBrokersRetention() throws Exception {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 9);
    DetectorConfig detection = TrailScenario.detection(base);
    List<String> expected =
        OfflineReference.json(detection, OfflineReference.values(scenario.all()));
    assertThat(expected).hasSize(6);

    try (EmbeddedKafka broker =
            EmbeddedKafka.start(
                0,
                null,
                Map.of(
                    "log.retention.ms", Long.toString(Duration.ofHours(1).toMillis()),
                    "log.retention.check.interval.ms", "1000",
                    "log.roll.ms", "1"));
        Admin admin = Admin.create(client(broker))) {
      // as before: an output topic at the broker's retention
      RunConfig exposed = config(broker, "exposed", detection);
      admin
          .createTopics(
              List.of(
                  new NewTopic(exposed.topology().outputTopic(), Optional.of(2), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
      List<RetentionCheck.Finding> warned = process(exposed, broker, scenario, expected.size());
      assertThat(warned)
          .extracting(RetentionCheck.Finding::role, RetentionCheck.Finding::retentionMs)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  RetentionCheck.Role.OUTPUT, Duration.ofHours(1).toMillis()));
      LiveRun.await(
          () -> logStart(admin, exposed.topology().outputTopic()) > 0,
          WAIT,
          () -> "the broker's retention deleted nothing: the test does not reproduce the loss");
      assertThat(read(broker, exposed.topology().outputTopic(), 0)).hasSizeLessThan(6);

      // now: the topics run creates itself
      RunConfig created = config(broker, "created", detection);
      assertThat(process(created, broker, scenario, expected.size())).isEmpty();
      awaitRetentionPass(broker, admin);
      List<byte[]> kept = read(broker, created.topology().outputTopic(), expected.size());
      // byte for byte: a backlog's minutes are judged as they close (README, Determinism)
      assertThat(OfflineReference.sorted(kept)).isEqualTo(expected);
      assertThat(logStart(admin, created.topology().outputTopic())).isZero();
    }
  }

  private RunConfig config(EmbeddedKafka broker, String name, DetectorConfig detection)
      throws Exception {
    TopologyOptions topics =
        new TopologyOptions(
            name + "-events",
            name + "-insights",
            name + "-dlq",
            false,
            Duration.ofSeconds(2),
            name + "-history",
            TopologyOptions.DEFAULT_HISTORY_RETENTION,
            1);
    return new RunConfig(
        broker.bootstrapServers(),
        "retention-it-" + name,
        topics,
        true,
        2,
        TopicSpec.BROKER_DEFAULT_REPLICATION,
        1,
        0,
        java.nio.file.Files.createDirectories(dir.resolve(name)),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        detection,
        ClientProperties.empty(),
        "",
        RunSettings.FOREVER,
        Duration.ofSeconds(60),
        dev.trailinsights.topology.DigestConfig.off());
  }

  /** Runs the backlog through {@code run}'s runner until its insights are out; the findings. */
  private static List<RetentionCheck.Finding> process(
      RunConfig config, EmbeddedKafka broker, TrailScenario scenario, int insights)
      throws Exception {
    try (InsightsRunner runner =
        new InsightsRunner(config, dev.trailinsights.topology.LatencyRecorder.NONE, app -> {})) {
      runner.start();
      assertThat(runner.awaitRunning(WAIT)).isTrue();
      try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
        for (TrailScenario.Message m : scenario.all()) {
          producer.send(new ProducerRecord<>(config.topology().inputTopic(), m.key(), m.value()));
        }
        producer.flush();
      }
      try (Admin admin = Admin.create(client(broker))) {
        String app = config.applicationId();
        List<String> read =
            List.of(
                config.topology().inputTopic(),
                app + "-" + dev.trailinsights.topology.Names.REPARTITION + "-repartition");
        LiveRun.await(
            () ->
                LiveRun.committedToEnd(admin, app, read)
                    && count(broker, config.topology().outputTopic()) > 0,
            WAIT,
            () -> app + " did not process the backlog");
      }
      return runner.retention();
    }
  }

  /** Waits until a record stamped two hours ago, written now, has been deleted by retention. */
  private static void awaitRetentionPass(EmbeddedKafka broker, Admin admin) throws Exception {
    String probe = "retention-probe";
    admin
        .createTopics(List.of(new NewTopic(probe, Optional.of(1), Optional.empty())))
        .all()
        .get(30, TimeUnit.SECONDS);
    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      long old = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
      producer.send(new ProducerRecord<>(probe, null, old, null, new byte[] {1})).get();
    }
    LiveRun.await(() -> logStart(admin, probe) > 0, WAIT, () -> "retention never ran on " + probe);
    Thread.sleep(3000);
  }

  private static long logStart(Admin admin, String topic) {
    try {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      for (var p :
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .partitions()) {
        earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
      }
      long sum = 0;
      for (var info : admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values()) {
        sum += info.offset();
      }
      return sum;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int count(EmbeddedKafka broker, String topic) {
    return read(broker, topic, 0).size();
  }

  /** Every committed record of {@code topic} from its log start, waiting for {@code atLeast}. */
  private static List<byte[]> read(EmbeddedKafka broker, String topic, int atLeast) {
    Map<String, Object> c = client(broker);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
        boolean atEnd = true;
        for (TopicPartition tp : parts) {
          atEnd &= consumer.position(tp) >= end.get(tp);
        }
        if (atEnd && out.size() >= atLeast) {
          break;
        }
      }
    }
    return out;
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka broker) {
    Map<String, Object> p = client(broker);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  private static Map<String, Object> client(EmbeddedKafka broker) {
    Map<String, Object> c = new HashMap<>();
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return c;
  }
}
