package dev.trailinsights.metrics;

import dev.trailinsights.topology.Names;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Sizes of the detector's state on this instance, read through interactive queries when scraped:
 * API keys with a baseline (the {@code api-state} store, RocksDB's estimate, which also counts
 * recent overwrites of a key until compaction: a trend, high for small stores) and API keys with an
 * open insight (the {@code open-insights} store, counted exactly; it holds only open ones). While
 * the stores cannot be queried (rebalancing, restoring) the last value read is kept.
 */
public final class StoreMetrics implements MeterBinder {
  private final KafkaStreams streams;
  private final AtomicLong keys = new AtomicLong();
  private final AtomicLong open = new AtomicLong();

  public StoreMetrics(KafkaStreams streams) {
    this.streams = Objects.requireNonNull(streams, "streams");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("trail.insights.baseline.keys", this, StoreMetrics::baselineKeys)
        .description(
            "API keys with a baseline in this instance's state (estimate of the api-state store)")
        .baseUnit("keys")
        .strongReference(true)
        .register(registry);
    Gauge.builder("trail.insights.open.insights", this, StoreMetrics::openInsights)
        .description("API keys with an insight open now (started, not ended) on this instance")
        .baseUnit("insights")
        .strongReference(true)
        .register(registry);
  }

  private double baselineKeys() {
    ReadOnlyKeyValueStore<String, Object> s = store(Names.API_STATE_STORE);
    if (s != null) {
      try {
        keys.set(s.approximateNumEntries());
      } catch (InvalidStateStoreException e) {
        // moving: keep the last value
      }
    }
    return keys.get();
  }

  private double openInsights() {
    ReadOnlyKeyValueStore<String, Object> s = store(Names.OPEN_INSIGHTS_STORE);
    if (s != null) {
      try (KeyValueIterator<String, Object> it = s.all()) {
        long n = 0;
        while (it.hasNext()) {
          it.next();
          n++;
        }
        open.set(n);
      } catch (InvalidStateStoreException e) {
        // moving: keep the last value
      }
    }
    return open.get();
  }

  private ReadOnlyKeyValueStore<String, Object> store(String name) {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      return null;
    }
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      return null;
    }
  }
}
