package dev.trailinsights.topology;

import dev.trailinsights.detect.HistoryStarts;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link HistoryStarts} in a key-value store: {@code account|region} to its first minute. */
final class StoreHistoryStarts implements HistoryStarts {
  private final KeyValueStore<String, Long> store;

  StoreHistoryStarts(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  @Override
  public long register(String scope, long minute) {
    Long first = store.get(scope);
    if (first == null || minute < first) {
      store.put(scope, minute);
      return minute;
    }
    return first;
  }
}
