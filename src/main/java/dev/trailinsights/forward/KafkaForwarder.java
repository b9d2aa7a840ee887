package dev.trailinsights.forward;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * The consumer loop of {@code forward}: polls the insights topic, submits each record to the {@link
 * Dispatcher} (a queue per destination), and commits, per partition, the offset after the longest
 * run of records that every routed destination has delivered or parked and logged. When a
 * destination's queue is full the partitions are paused (polling goes on, so the group keeps the
 * consumer) until it has room: back-pressure instead of an unbounded buffer. Auto-commit is off;
 * with {@code --dry-run} nothing is committed.
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
  private final Deque<ConsumerRecord<byte[], byte[]>> waiting = new ArrayDeque<>();
  private final Map<TopicPartition, Deque<Pending>> inFlight = new HashMap<>();

  /** A submitted record: its offset and its settlement. */
  private record Pending(long offset, CompletableFuture<Void> settled) {}

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
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // commit what is settled, and leave the rest to the next owner; the delivery log
            // keeps what was delivered from being sent again
            commitSettled(Set.copyOf(partitions));
            for (TopicPartition tp : partitions) {
              inFlight.remove(tp);
            }
            waiting.removeIf(
                r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
          }

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
      commitSettled(null);
    } catch (WakeupException | InterruptedException stop) {
      LOG.info("forwarder stopping");
      if (stop instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * One poll, the submission of what fits in the destinations' queues, and the commit of what is
   * settled.
   *
   * @throws IllegalStateException when the delivery log or dead-letter topic cannot be written
   */
  void pollOnce(Duration timeout) throws InterruptedException {
    ConsumerRecords<byte[], byte[]> records =
        consumer.poll(waiting.isEmpty() ? timeout : Duration.ofMillis(50));
    for (ConsumerRecord<byte[], byte[]> r : records) {
      waiting.add(r);
    }
    while (!waiting.isEmpty() && !stopping) {
      ConsumerRecord<byte[], byte[]> r = waiting.peek();
      CompletableFuture<Void> settled =
          dispatcher.submit(
              new SourceRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
      if (settled == null) {
        break;
      }
      waiting.poll();
      inFlight
          .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayDeque<>())
          .add(new Pending(r.offset(), settled));
    }
    if (waiting.isEmpty()) {
      consumer.resume(consumer.paused());
    } else {
      consumer.pause(consumer.assignment());
    }
    commitSettled(null);
  }

  /**
   * Commits, for each partition (of {@code only}, or all when null), the offset after its settled
   * prefix.
   */
  private void commitSettled(Set<TopicPartition> only) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, Deque<Pending>> e : inFlight.entrySet()) {
      if (only != null && !only.contains(e.getKey())) {
        continue;
      }
      Deque<Pending> q = e.getValue();
      for (Pending p : q) {
        if (p.settled().isCompletedExceptionally()) {
          Throwable cause = p.settled().handle((v, t) -> t).join();
          if (cause instanceof java.util.concurrent.CompletionException
              && cause.getCause() != null) {
            cause = cause.getCause();
          }
          throw cause instanceof IllegalStateException ise
              ? ise
              : new IllegalStateException(cause.getMessage(), cause);
        }
      }
      long next = -1;
      while (!q.isEmpty() && q.peek().settled().isDone()) {
        next = q.poll().offset() + 1;
      }
      if (next >= 0) {
        offsets.put(e.getKey(), new OffsetAndMetadata(next));
      }
    }
    if (!commit || offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (CommitFailedException | RebalanceInProgressException ex) {
      // The partitions may be moving: whoever owns them next reads from the last commit; the
      // delivery log keeps what was delivered from being sent again.
      LOG.info("commit of {} not accepted ({})", offsets, ex.getClass().getSimpleName());
    }
  }

  /** Records settled but not yet committed plus those waiting: for tests and logs. */
  int unsettled() {
    int n = waiting.size();
    for (Deque<Pending> q : inFlight.values()) {
      n += q.size();
    }
    return n;
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
