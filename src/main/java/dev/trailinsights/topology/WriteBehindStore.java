package dev.trailinsights.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that lets its processor keep changes in memory and write them when the task
 * commits, not on every change. Kafka Streams flushes a task's stores before it commits (exactly
 * once: before the transaction with the input offsets commits; a crash before that aborts both), so
 * a change written from the {@link #beforeFlush} hook is in the changelog exactly when the input
 * that caused it is committed. A busy key is then encoded and written once per commit instead of
 * once per event. The processor reaches the store through {@link #inner()}; it is not itself a
 * {@link KeyValueStore}, so Kafka Streams hands the processor this object rather than a decorator.
 * Interactive queries read what was last written (at most one commit interval old).
 */
final class WriteBehindStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
    implements ReadOnlyKeyValueStore<String, V> {
  private Runnable beforeFlush = () -> {};

  WriteBehindStore(KeyValueStore<String, V> inner) {
    super(inner);
  }

  /** The store changes are written to. */
  KeyValueStore<String, V> inner() {
    return wrapped();
  }

  /** Runs {@code hook} (on the stream thread) before every flush, to write what it holds back. */
  void beforeFlush(Runnable hook) {
    this.beforeFlush = hook;
  }

  @Override
  public void flushCache() {
    beforeFlush.run();
    super.flushCache();
  }

  @Override
  public void close() {
    // a task closed without committing (an aborted transaction) drops what was held back
    beforeFlush = () -> {};
    super.close();
  }

  @Override
  public V get(String key) {
    return wrapped().get(key);
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<String, V> all() {
    return wrapped().all();
  }

  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries();
  }

  /** A persistent, cached, changelogged store of this kind. */
  static <V> StoreBuilder<WriteBehindStore<V>> builder(String name, Serde<V> values) {
    return new Builder<>(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name),
                org.apache.kafka.common.serialization.Serdes.String(),
                values)
            .withCachingEnabled());
  }

  private static final class Builder<V> implements StoreBuilder<WriteBehindStore<V>> {
    private final StoreBuilder<KeyValueStore<String, V>> inner;

    Builder(StoreBuilder<KeyValueStore<String, V>> inner) {
      this.inner = inner;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingEnabled() {
      inner.withCachingEnabled();
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingDisabled() {
      inner.withCachingDisabled();
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingDisabled() {
      inner.withLoggingDisabled();
      return this;
    }

    @Override
    public WriteBehindStore<V> build() {
      return new WriteBehindStore<>(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
