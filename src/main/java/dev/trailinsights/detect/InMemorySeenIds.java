package dev.trailinsights.detect;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@link SeenIds} in memory: one open-addressing set of 64-bit id hashes per event-time minute, so
 * that expiring a minute frees its ids at once. Memory is about 16 bytes per event inside the
 * horizon; {@code maxIds} bounds it (beyond it the oldest minutes are forgotten early).
 */
public final class InMemorySeenIds implements SeenIds {
  private final TreeMap<Long, LongSet> byMinute = new TreeMap<>();
  private final long maxIds;
  private long size;
  private long forgottenEarly;

  public InMemorySeenIds(long maxIds) {
    if (maxIds < 1) {
      throw new IllegalArgumentException("maxIds must be >= 1");
    }
    this.maxIds = maxIds;
  }

  @Override
  public boolean add(long hash, long minute) {
    LongSet set = byMinute.computeIfAbsent(minute, k -> new LongSet());
    if (!set.add(hash)) {
      return false;
    }
    size++;
    while (size > maxIds && byMinute.size() > 1) {
      Map.Entry<Long, LongSet> oldest = byMinute.pollFirstEntry();
      size -= oldest.getValue().size;
      forgottenEarly += oldest.getValue().size;
    }
    return true;
  }

  @Override
  public void expireBefore(long minute) {
    while (!byMinute.isEmpty() && byMinute.firstKey() < minute) {
      size -= byMinute.pollFirstEntry().getValue().size;
    }
  }

  /** Ids currently remembered. */
  public long size() {
    return size;
  }

  /** Ids forgotten before their minute expired, because {@code maxIds} was reached. */
  public long forgottenEarly() {
    return forgottenEarly;
  }

  /** Open-addressing set of non-zero longs (0 marks an empty slot; callers never add 0). */
  private static final class LongSet {
    long[] table = new long[16];
    int size;

    boolean add(long v) {
      if (size * 2 >= table.length) {
        grow();
      }
      int mask = table.length - 1;
      int i = (int) mix(v) & mask;
      while (table[i] != 0) {
        if (table[i] == v) {
          return false;
        }
        i = (i + 1) & mask;
      }
      table[i] = v;
      size++;
      return true;
    }

    private void grow() {
      long[] old = table;
      table = new long[old.length * 2];
      size = 0;
      for (long v : old) {
        if (v != 0) {
          add(v);
        }
      }
    }

    private static long mix(long v) {
      v ^= v >>> 33;
      v *= 0xff51afd7ed558ccdL;
      v ^= v >>> 33;
      return v;
    }
  }
}
