package dev.trailinsights.forward;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@link DeliveryLog} in a compacted Kafka topic (default {@value #DEFAULT_TOPIC}): key {@code
 * <destination>/<eventID>}, value the outcome ({@code delivered} or {@code parked}). Read to its
 * end at start-up and again whenever partitions are assigned, so an instance taking over a
 * partition sees what the previous owner did; each {@link #record} waits for the broker's
 * acknowledgement ({@code acks=all}, idempotent producer).
 *
 * <p>It is also the {@link ThreadStore} of Slack threads: key {@code
 * <destination>#thread/<sharedEventID>}, value the {@code ts} of the Start's message.
 *
 * <p>The topic is created when missing with {@code cleanup.policy=compact,delete} and {@code
 * retention.ms} of {@value #RETENTION_DAYS} days: entries older than that are forgotten, so
 * re-reading the insights topic from further back than that would deliver again.
 */
public final class KafkaDeliveryLog implements DeliveryLog, ThreadStore, AutoCloseable {
  /** Default topic name. */
  public static final String DEFAULT_TOPIC = "trail-insights-forward-delivered";

  /** Retention of the topic when created here. */
  public static final int RETENTION_DAYS = 30;

  private final String topic;
  private final Duration timeout;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> reader;
  private final Map<String, String> entries = new HashMap<>();

  /**
   * Opens the log in {@code topic}, creating the topic if needed, and reads it to its end.
   *
   * @param clientConfig Kafka client properties, {@code bootstrap.servers} included
   */
  public KafkaDeliveryLog(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topic = topic;
    this.timeout = timeout;
    ensureTopic(clientConfig, topic, timeout);
    Map<String, Object> p = new HashMap<>(clientConfig);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.reader = new KafkaConsumer<>(c);
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo pi : reader.partitionsFor(topic, timeout)) {
      parts.add(new TopicPartition(topic, pi.partition()));
    }
    reader.assign(parts);
    reader.seekToBeginning(parts);
    refresh();
  }

  static void ensureTopic(Map<String, Object> clientConfig, String topic, Duration timeout) {
    try (Admin admin = Admin.create(clientConfig)) {
      NewTopic t =
          new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
              .configs(
                  Map.of(
                      "cleanup.policy",
                      "compact,delete",
                      "retention.ms",
                      Long.toString(Duration.ofDays(RETENTION_DAYS).toMillis())));
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException ex) {
      if (!(ex.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + topic + ": " + ex.getCause().getMessage(), ex.getCause());
      }
    } catch (TimeoutException ex) {
      throw new IllegalStateException("timed out creating topic " + topic, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + topic, ex);
    }
  }

  /** Reads entries written since the last read, up to the current end of the topic. */
  public synchronized void refresh() {
    Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment(), timeout);
    long deadline = System.nanoTime() + timeout.toNanos() * 4;
    while (!caughtUp(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out reading delivery log " + topic);
      }
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
          entries.remove(key);
        } else {
          entries.put(key, new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (reader.position(e.getKey(), timeout) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Entries known, for tests and logs. */
  public synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized boolean done(String eventId, String destination) {
    return entries.containsKey(key(eventId, destination));
  }

  @Override
  public synchronized void record(String eventId, String destination, DeliveryOutcome outcome) {
    write(key(eventId, destination), outcome.tag());
  }

  @Override
  public synchronized String threadOf(String destination, String sharedEventId) {
    return entries.get(threadKey(destination, sharedEventId));
  }

  @Override
  public synchronized void remember(String destination, String sharedEventId, String thread) {
    write(threadKey(destination, sharedEventId), thread);
  }

  private void write(String key, String value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  key.getBytes(StandardCharsets.UTF_8),
                  value.getBytes(StandardCharsets.UTF_8)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException ex) {
      Throwable cause = ex.getCause() == null ? ex : ex.getCause();
      throw new IllegalStateException(
          "cannot write delivery log " + topic + ": " + cause.getMessage(), cause);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing delivery log " + topic, ex);
    }
    entries.put(key, value);
  }

  private static String threadKey(String destination, String sharedEventId) {
    return destination + "#thread/" + sharedEventId;
  }

  private static String key(String eventId, String destination) {
    return destination + "/" + eventId;
  }

  @Override
  public void close() {
    producer.close(timeout);
    reader.close(timeout);
  }
}
