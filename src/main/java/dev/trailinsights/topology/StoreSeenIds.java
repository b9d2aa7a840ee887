package dev.trailinsights.topology;

import dev.trailinsights.detect.SeenIds;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link SeenIds} over one key-value store keyed by {@code minute | id hash} (big-endian, so keys
 * sort by minute): a repeated delivery has the same event time, so one point lookup finds it, and
 * expiring a minute is a range scan from the start. One RocksDB instance whatever the event-time
 * span, unlike a window store, which opens and drops a segment store as event time moves (costly
 * when a day-old backlog races through).
 */
final class StoreSeenIds implements SeenIds {
  private static final byte[] SEEN = {1};
  private static final int EXPIRE_BATCH = 10_000;
  private final KeyValueStore<Bytes, byte[]> store;
  private long expiredBefore = Long.MIN_VALUE;

  StoreSeenIds(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  static Bytes key(long minute, long hash) {
    return Bytes.wrap(ByteBuffer.allocate(16).putLong(minute).putLong(hash).array());
  }

  @Override
  public boolean add(long hash, long minute) {
    Bytes k = key(minute, hash);
    if (store.get(k) != null) {
      return false;
    }
    store.put(k, SEEN);
    return true;
  }

  @Override
  public void expireBefore(long minute) {
    if (minute <= expiredBefore) {
      return;
    }
    long previous = expiredBefore;
    expiredBefore = minute;
    List<Bytes> old = new ArrayList<>();
    do {
      old.clear();
      // keys compare as unsigned bytes: the last key of the previous minute has hash 0xff..ff
      // from the minute expired last time: what is older is deleted, and walking its deletions
      // (kept by RocksDB until it compacts) on every call would cost more and more
      Bytes from = previous == Long.MIN_VALUE ? null : key(previous, 0L);
      try (KeyValueIterator<Bytes, byte[]> it = store.range(from, key(minute - 1, -1L))) {
        while (it.hasNext() && old.size() < EXPIRE_BATCH) {
          KeyValue<Bytes, byte[]> kv = it.next();
          old.add(kv.key);
        }
      }
      for (Bytes k : old) {
        store.delete(k);
      }
    } while (old.size() == EXPIRE_BATCH);
  }
}
