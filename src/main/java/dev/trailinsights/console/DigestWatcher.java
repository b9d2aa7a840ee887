package dev.trailinsights.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the digest topic in the background (committed records, from the start, no consumer group)
 * into a {@link DigestStatus}, so that the console answers from memory. One daemon thread.
 */
public final class DigestWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DigestWatcher.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts reading.
   *
   * @param client Kafka client properties ({@code bootstrap.servers} and security)
   */
  public DigestWatcher(Map<String, Object> client, String topic, DigestStatus status) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread =
        new Thread(
            () -> {
              try {
                read(topic, status);
              } catch (WakeupException | InterruptException e) {
                // closing
              } catch (RuntimeException e) {
                LOG.warn("reading digest topic {} stopped: {}", topic, e.getMessage());
              } finally {
                consumer.close(Duration.ofSeconds(1));
              }
            },
            "digest-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void read(String topic, DigestStatus status) {
    List<TopicPartition> parts = new ArrayList<>();
    while (!closed && parts.isEmpty()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos != null) {
        for (PartitionInfo i : infos) {
          parts.add(new TopicPartition(topic, i.partition()));
        }
      }
      if (parts.isEmpty()) {
        sleep(); // the topic does not exist yet
      }
    }
    if (closed) {
      return;
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    while (!closed) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
        if (r.value() != null) {
          status.accept(r.value());
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
