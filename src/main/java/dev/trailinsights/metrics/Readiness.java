package dev.trailinsights.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether the instance is ready to be counted on: Kafka Streams is {@code RUNNING}, no local state
 * store is being restored from its changelog, and the Kafka cluster answered within the broker
 * limit ({@link #watchBroker}; Kafka Streams stays {@code RUNNING} while the cluster is away).
 * Listens to state changes and restoration (register it with {@link
 * KafkaStreams#setGlobalStateRestoreListener} and as a state listener before the client starts),
 * and exposes them as gauges: the client's state, readiness, the partitions restoring and the
 * records they still have to restore.
 */
public final class Readiness
    implements KafkaStreams.StateListener, StateRestoreListener, MeterBinder {
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private final Map<String, AtomicLong> restoring = new ConcurrentHashMap<>();
  private final LongAdder restored = new LongAdder();
  private volatile Supplier<Duration> brokerAge = () -> Duration.ZERO;
  private volatile Duration brokerLimit;

  /**
   * Makes readiness depend on the cluster answering: not ready once {@code age} (time since the
   * cluster last answered) exceeds {@code limit}.
   */
  public void watchBroker(Supplier<Duration> age, Duration limit) {
    this.brokerAge = age;
    this.brokerLimit = limit;
  }

  /** Time since the Kafka cluster last answered; zero when not watched. */
  public Duration brokerContactAge() {
    return brokerAge.get();
  }

  private boolean brokerAway() {
    Duration limit = brokerLimit;
    return limit != null && brokerAge.get().compareTo(limit) > 0;
  }

  @Override
  public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    state = newState;
  }

  /** The last state Kafka Streams reported. */
  public KafkaStreams.State state() {
    return state;
  }

  /** Whether Kafka Streams is RUNNING and every local store is restored. */
  public boolean ready() {
    return state == KafkaStreams.State.RUNNING && restoring.isEmpty() && !brokerAway();
  }

  /** Why the instance is not ready, or {@code ready}; one line for {@code /readyz}. */
  public String describe() {
    if (state != KafkaStreams.State.RUNNING) {
      return "not ready: Kafka Streams is " + state;
    }
    if (brokerAway()) {
      return String.format(
          Locale.ROOT,
          "not ready: the Kafka cluster has not answered for %ds (limit %ds); nothing can be"
              + " committed",
          brokerAge.get().toSeconds(),
          brokerLimit.toSeconds());
    }
    if (!restoring.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "not ready: restoring %d store partitions, %d records to go",
          restoring.size(),
          remaining());
    }
    return "ready";
  }

  /** Store partitions being restored now. */
  public int restoringPartitions() {
    return restoring.size();
  }

  private long remaining() {
    long n = 0;
    for (AtomicLong r : restoring.values()) {
      n += Math.max(0, r.get());
    }
    return n;
  }

  @Override
  public void onRestoreStart(
      TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    restoring.put(key(partition, storeName), new AtomicLong(endingOffset - startingOffset));
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    restored.add(numRestored);
    AtomicLong r = restoring.get(key(partition, storeName));
    if (r != null) {
      r.addAndGet(-numRestored);
    }
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(key(partition, storeName));
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(key(partition, storeName));
  }

  private static String key(TopicPartition partition, String storeName) {
    return storeName + "/" + partition;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("trail.insights.ready", this, r -> r.ready() ? 1 : 0)
        .description(
            "1 when Kafka Streams is RUNNING, state restoration is done and the Kafka cluster"
                + " answered within readiness.broker-timeout, else 0")
        .register(registry);
    for (KafkaStreams.State s : KafkaStreams.State.values()) {
      Gauge.builder("trail.insights.streams.state", this, r -> r.state == s ? 1 : 0)
          .description("1 for the current state of the Kafka Streams client, 0 for the others")
          .tags("state", s.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder(
            "trail.insights.broker.contact.age",
            this,
            r -> r.brokerContactAge().toMillis() / 1000.0)
        .description(
            "Time since the Kafka cluster last answered this instance's metadata probe; above"
                + " readiness.broker-timeout the instance is not ready")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("trail.insights.restoring.partitions", this, Readiness::restoringPartitions)
        .description("State store partitions being restored from their changelog")
        .baseUnit("partitions")
        .register(registry);
    Gauge.builder("trail.insights.restore.remaining.records", this, Readiness::remaining)
        .description("Changelog records the restoring store partitions still have to restore")
        .baseUnit("records")
        .register(registry);
    FunctionCounter.builder("trail.insights.restored.records", restored, LongAdder::sum)
        .description("Changelog records restored into local state stores")
        .baseUnit("records")
        .register(registry);
  }
}
