package dev.trailinsights.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects ingested so far, from a compacted topic: key {@code bucket/key}, value the object's
 * ETag. An entry is written in the same transaction as the object's records, so it exists exactly
 * when they are committed. The topic is read to its end before the first message is received, then
 * followed by a background thread (so the entries of other ingest instances are seen too); entries
 * older than the topic's retention ({@value #RETENTION_DAYS} days, longer than SQS keeps a message)
 * are forgotten, which bounds the memory: about 150 bytes per file.
 */
final class ObjectLedger implements AutoCloseable {
  /** Retention of the ledger topic: SQS keeps a message at most 14 days. */
  static final int RETENTION_DAYS = 15;

  private static final Logger LOG = LoggerFactory.getLogger(ObjectLedger.class);

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Thread follower;
  private volatile boolean caughtUp;
  private volatile boolean closed;
  private volatile RuntimeException failure;

  private record Entry(String etag, long timestamp) {}

  ObjectLedger(String topic, Map<String, Object> consumerConfig, Duration timeout) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(consumerConfig);
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
      parts.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
    long deadline = System.nanoTime() + timeout.toNanos() * 4;
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        consumer.close();
        throw new IllegalStateException("timed out reading the ledger topic " + topic);
      }
      apply(consumer.poll(Duration.ofMillis(200)));
    }
    caughtUp = true;
    follower = new Thread(this::follow, "trail-insights-ingest-ledger");
    follower.setDaemon(true);
    follower.start();
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void follow() {
    try {
      while (!closed) {
        apply(consumer.poll(Duration.ofMillis(500)));
      }
    } catch (WakeupException e) {
      // closing
    } catch (KafkaException e) {
      failure = new IllegalStateException("cannot read the ledger topic " + topic, e);
      LOG.error("ingest: cannot read the ledger topic {}: {}", topic, e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void apply(Iterable<ConsumerRecord<byte[], byte[]>> records) {
    long horizon = System.currentTimeMillis() - Duration.ofDays(RETENTION_DAYS).toMillis();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.key() == null) {
        continue;
      }
      String id = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null || r.timestamp() < horizon) {
        entries.remove(id);
      } else {
        entries.put(id, new Entry(new String(r.value(), StandardCharsets.UTF_8), r.timestamp()));
      }
    }
  }

  /** Whether the topic was read to its end at start-up and is still followed. */
  boolean ready() {
    return caughtUp && failure == null && !closed;
  }

  /** Throws when following the topic failed. */
  void check() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /** Whether this object, with this ETag, was ingested; a changed ETag is a new object. */
  boolean ingested(String id, String etag) {
    Entry e = entries.get(id);
    return e != null && e.etag().equals(etag);
  }

  /** The ledger record of an object, to send in the transaction of its records. */
  ProducerRecord<byte[], byte[]> record(String id, String etag) {
    return new ProducerRecord<>(
        topic, id.getBytes(StandardCharsets.UTF_8), etag.getBytes(StandardCharsets.UTF_8));
  }

  /** Notes an object whose transaction was committed, before the follower reads it back. */
  void remember(String id, String etag) {
    entries.put(id, new Entry(etag, System.currentTimeMillis()));
  }

  /** Entries known. */
  int size() {
    return entries.size();
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      follower.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
