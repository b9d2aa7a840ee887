package dev.trailinsights.it;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.runtime.RunConfig;
import dev.trailinsights.testkit.KafkaFixture;
import dev.trailinsights.topology.Names;
import dev.trailinsights.topology.TopologyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The live topology on a real broker for integration tests: topics, an {@link InsightsApp} with the
 * production defaults plus test-friendly timings, and a check that it has processed everything (so
 * that reading the output then gives the final answer, not a prefix of it).
 */
public final class LiveRun {
  private static final Duration CALL = Duration.ofSeconds(30);

  private final KafkaFixture kafka;
  private final TopologyOptions topics;
  private final String applicationId;
  private final DetectorConfig detection;

  /**
   * Creates fresh input (with {@code inputPartitions}), output and dead-letter topics and picks a
   * fresh application id.
   */
  public LiveRun(KafkaFixture kafka, int inputPartitions, DetectorConfig detection) {
    this(kafka, inputPartitions, detection, Duration.ofSeconds(5));
  }

  /**
   * The same with {@code idleTimeout} ({@code input.idle-timeout}): how long an input partition
   * without records holds event time back.
   */
  public LiveRun(
      KafkaFixture kafka, int inputPartitions, DetectorConfig detection, Duration idleTimeout) {
    this.kafka = kafka;
    this.detection = detection;
    String input = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), inputPartitions);
    String output = kafka.createTopic(kafka.uniqueTopic("cloudtrail-insights"), 2);
    String dlq = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events-dlq"), 1);
    String history =
        kafka.createTopic(
            kafka.uniqueTopic("cloudtrail-insights-history"),
            1,
            RunConfig.historyTopicConfig(TopologyOptions.DEFAULT_HISTORY_RETENTION));
    this.topics =
        new TopologyOptions(
            input,
            output,
            dlq,
            false,
            idleTimeout,
            history,
            TopologyOptions.DEFAULT_HISTORY_RETENTION,
            inputPartitions);
    this.applicationId = "trail-insights-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public TopologyOptions topics() {
    return topics;
  }

  public String applicationId() {
    return applicationId;
  }

  /** {@code <application.id>-events-by-api-repartition}. */
  public String repartitionTopic() {
    return applicationId + "-" + Names.REPARTITION + "-repartition";
  }

  /**
   * An instance with the production properties of {@link InsightsApp#streamsProperties}, one stream
   * thread, its own state directory and {@code extra} overrides; not started.
   */
  public InsightsApp app(Path stateDir, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    overrides.putAll(extra);
    Properties p =
        InsightsApp.streamsProperties(applicationId, kafka.bootstrapServers(), topics, overrides);
    return new InsightsApp(p, topics, detection, dev.trailinsights.topology.LatencyRecorder.NONE);
  }

  /** Produces the messages to the input topic, keyed by {@code account|region}. */
  public void produce(List<TrailScenario.Message> messages) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(messages.size());
    for (TrailScenario.Message m : messages) {
      records.add(new ProducerRecord<>(topics.inputTopic(), m.key(), m.value()));
    }
    kafka.produce(topics.inputTopic(), records);
  }

  /**
   * Produces the messages without keys to input partition {@code partition}, in their order, as a
   * pipeline that does not key by account (S3 notifications, connectors) would.
   */
  public void produceUnkeyed(int partition, List<TrailScenario.Message> messages) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(messages.size());
    for (TrailScenario.Message m : messages) {
      records.add(new ProducerRecord<>(topics.inputTopic(), partition, null, m.value()));
    }
    kafka.produce(topics.inputTopic(), records);
  }

  /** Waits until the instance is {@code RUNNING}. */
  public static void awaitRunning(InsightsApp app, Duration timeout) {
    await(
        () -> app.streams().state() == KafkaStreams.State.RUNNING,
        timeout,
        () -> "instance not running: " + app.streams().state());
  }

  /**
   * Waits until the application has committed every input record and every record of its
   * repartition topic: from then on its output is final.
   */
  public void awaitDrained(Duration timeout) {
    // input partitions that have no more records report themselves idle after the timeout; what
    // the watermark then closes is part of the final output
    try {
      Thread.sleep(topics.idleTimeout().toMillis() + 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await(
        this::drained,
        timeout,
        () -> "application " + applicationId + " did not catch up: " + progress());
  }

  /** Committed offsets against end offsets of the input and repartition topics, for messages. */
  String progress() {
    try {
      Admin admin = kafka.adminClient();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String t : List.of(topics.inputTopic(), repartitionTopic())) {
        for (TopicPartition tp : partitions(t)) {
          latest.put(tp, OffsetSpec.latest());
        }
      }
      StringBuilder sb = new StringBuilder();
      admin
          .listOffsets(latest)
          .all()
          .get(CALL.toMillis(), TimeUnit.MILLISECONDS)
          .forEach(
              (tp, end) -> {
                OffsetAndMetadata c = committed.get(tp);
                sb.append(tp)
                    .append(" committed ")
                    .append(c == null ? "none" : c.offset())
                    .append(" of ")
                    .append(end.offset())
                    .append("; ");
              });
      return sb.toString();
    } catch (Exception e) {
      return "progress unknown: " + e;
    }
  }

  /** Every record written so far to the output topic, read committed. */
  public List<byte[]> output(int atLeast) {
    List<byte[]> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.consumeAll(topics.outputTopic(), atLeast, Duration.ofSeconds(60))) {
      out.add(r.value());
    }
    return out;
  }

  /** Every record written so far to the dead-letter topic, read committed. */
  public List<ConsumerRecord<byte[], byte[]>> deadLetters(int atLeast) {
    return kafka.consumeAll(topics.deadLetterTopic(), atLeast, Duration.ofSeconds(60));
  }

  private boolean drained() {
    try {
      Admin admin = kafka.adminClient();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicPartition tp : partitions(topics.inputTopic())) {
        latest.put(tp, OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(CALL.toMillis(), TimeUnit.MILLISECONDS);
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
          return false;
        }
      }
      return repartitionConsumed(committed);
    } catch (Exception e) {
      return false; // the group or the repartition topic may not exist yet
    }
  }

  /**
   * True when no committed record of the repartition topic lies at or after the application's
   * committed offsets. The topic is written transactionally, so its end offsets count commit
   * markers and cannot be compared with the consumer's offsets directly.
   */
  private boolean repartitionConsumed(Map<TopicPartition, OffsetAndMetadata> committed) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = partitions(consumer, repartitionTopic());
      if (parts.isEmpty()) {
        return false;
      }
      consumer.assign(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, CALL);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(parts, CALL);
      List<TopicPartition> pending = new ArrayList<>();
      for (TopicPartition tp : parts) {
        OffsetAndMetadata c = committed.get(tp);
        long from = Math.max(starts.get(tp), c == null ? 0 : c.offset());
        if (from < ends.get(tp)) {
          consumer.seek(tp, from);
          pending.add(tp);
        }
      }
      if (pending.isEmpty()) {
        return true;
      }
      consumer.assign(pending);
      long deadline = System.nanoTime() + CALL.toNanos();
      while (true) {
        if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
          return false;
        }
        boolean atEnd = true;
        for (TopicPartition tp : pending) {
          atEnd &= consumer.position(tp, CALL) >= ends.get(tp);
        }
        if (atEnd) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
      }
    }
  }

  private List<TopicPartition> partitions(String topic) throws Exception {
    return kafka
        .adminClient()
        .describeTopics(Set.of(topic))
        .allTopicNames()
        .get(CALL.toMillis(), TimeUnit.MILLISECONDS)
        .get(topic)
        .partitions()
        .stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, CALL);
    return infos == null
        ? List.of()
        : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }

  /**
   * Whether consumer group {@code group} has committed the end of every non-empty partition of
   * {@code topics}; false while the cluster does not answer.
   */
  public static boolean committedToEnd(Admin admin, String group, List<String> topics) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String t : topics) {
        for (var p :
            admin
                .describeTopics(List.of(t))
                .allTopicNames()
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS)
                .get(t)
                .partitions()) {
          latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest());
        }
      }
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
          admin.listOffsets(latest).all().get(CALL.toMillis(), TimeUnit.MILLISECONDS).entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Polls {@code condition} every 200 ms until it holds. */
  public static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what.get() + " within " + timeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
