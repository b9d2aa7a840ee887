package dev.trailinsights.topology;

import dev.trailinsights.detect.SeenIds;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link SeenIds} over a window store: one-minute windows keyed by the id hash, retained for the
 * lateness horizon; old segments are dropped by the store itself. A repeated delivery has the same
 * event time, so it falls in the same window.
 */
final class StoreSeenIds implements SeenIds {
  private static final long MINUTE_MS = 60_000L;
  private static final byte[] SEEN = {1};
  private final WindowStore<Long, byte[]> store;

  StoreSeenIds(WindowStore<Long, byte[]> store) {
    this.store = store;
  }

  @Override
  public boolean add(long hash, long minute) {
    long start = minute * MINUTE_MS;
    try (WindowStoreIterator<byte[]> it = store.fetch(hash, start, start)) {
      if (it.hasNext()) {
        return false;
      }
    }
    store.put(hash, SEEN, start);
    return true;
  }

  @Override
  public void expireBefore(long minute) {
    // the window store's retention expires old segments
  }
}
