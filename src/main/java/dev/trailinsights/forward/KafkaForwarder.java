package dev.trailinsights.forward;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop of {@code forward}: polls the insights topic, hands each record to the {@link
 * Dispatcher}, and commits its offset synchronously once the dispatcher returns, that is once every
 * routed destination has it delivered or parked and logged. Auto-commit is off; with {@code
 * --dry-run} nothing is committed.
 *
 * <h2>Guarantee</h2>
 *
 * No event is lost: an offset is committed only after every destination is settled in the {@link
 * DeliveryLog}. No event is sent twice to a destination: before sending, the log is consulted, and
 * it is re-read whenever partitions are assigned. The one exception is a crash (or a failed log
 * write) between a destination accepting a request and the log entry being acknowledged: that one
 * delivery, at most one per destination, is repeated after the restart. Receivers can close that
 * window themselves with the webhook's event-id header; Alertmanager merges repeated alerts.
 */
public final class KafkaForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Dispatcher dispatcher;
  private final Runnable onAssigned;
  private final boolean commit;
  private volatile boolean stopping;

  /**
   * A forwarder reading {@code topic} as consumer group {@code group}.
   *
   * @param clientConfig Kafka client properties, {@code bootstrap.servers} included
   * @param onAssigned run when partitions are assigned (re-reading the delivery log)
   * @param commit false for a dry run
   */
  public KafkaForwarder(
      Map<String, Object> clientConfig,
      String topic,
      String group,
      Dispatcher dispatcher,
      Runnable onAssigned,
      boolean commit) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
    c.putIfAbsent(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(c);
    this.topic = topic;
    this.dispatcher = dispatcher;
    this.onAssigned = onAssigned;
    this.commit = commit;
  }

  /**
   * Runs until {@code keepRunning} is false, {@link #wakeup()} is called or the thread is
   * interrupted.
   *
   * @throws IllegalStateException when the delivery log or dead-letter topic cannot be written
   */
  public void run(BooleanSupplier keepRunning) {
    consumer.subscribe(
        List.of(topic),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
              onAssigned.run();
            }
          }
        });
    try {
      while (!stopping && keepRunning.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
        pollOnce(Duration.ofMillis(500));
      }
    } catch (WakeupException | InterruptedException stop) {
      LOG.info("forwarder stopping");
      if (stop instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One poll and the dispatch of what it returned. */
  void pollOnce(Duration timeout) throws InterruptedException {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
    Set<TopicPartition> abandoned = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (stopping) {
        return;
      }
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      if (abandoned.contains(tp)) {
        continue;
      }
      dispatcher.dispatch(
          new SourceRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
      if (!commit) {
        continue;
      }
      try {
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
      } catch (CommitFailedException | RebalanceInProgressException ex) {
        // The partition may be moving: leave the rest of the batch to whoever owns it next; the
        // delivery log keeps this record from being sent again.
        LOG.info(
            "commit of {} at {} not accepted ({}), re-reading",
            tp,
            r.offset(),
            ex.getClass().getSimpleName());
        abandoned.add(tp);
        if (consumer.assignment().contains(tp)) {
          consumer.seek(tp, r.offset() + 1);
        }
      }
    }
  }

  /**
   * Makes {@link #run} return after the record in hand is settled, or at once if it is blocked in a
   * poll; safe from any thread.
   */
  public void wakeup() {
    stopping = true;
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(10));
  }
}
