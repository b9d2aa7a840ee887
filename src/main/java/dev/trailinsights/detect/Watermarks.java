package dev.trailinsights.detect;

import java.util.Map;
import java.util.TreeMap;

/**
 * Event-time progress of every input partition a detector is fed from, combined into one watermark
 * as Flink combines per-partition watermarks: the minimum over the partitions that are not idle.
 * Each partition's progress is the newest event time read from it and never moves back. Until every
 * partition has reported (data or idleness), there is no watermark; when every partition is idle,
 * the watermark is the newest progress of any (nothing older is on its way). Not thread-safe.
 */
public final class Watermarks {
  /** What is known of one input partition. */
  public record Upstream(long progressMillis, boolean idle) {}

  private final TreeMap<Integer, Upstream> upstreams = new TreeMap<>();
  private int partitions;

  /**
   * Records a report from input partition {@code partition} of {@code partitionCount}.
   *
   * @param progressMillis newest event time read from it ({@code Long.MIN_VALUE} if none yet)
   * @param idle true when it has had no records for the idleness timeout
   * @return true when anything changed
   */
  public boolean update(int partition, int partitionCount, long progressMillis, boolean idle) {
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative: " + partition);
    }
    boolean changed = false;
    int count = Math.max(partitionCount, partition + 1);
    if (count > partitions) {
      partitions = count;
      changed = true;
    }
    Upstream before = upstreams.get(partition);
    long progress =
        before == null ? progressMillis : Math.max(before.progressMillis, progressMillis);
    if (before == null || before.progressMillis != progress || before.idle != idle) {
      upstreams.put(partition, new Upstream(progress, idle));
      changed = true;
    }
    return changed;
  }

  /**
   * The combined watermark, epoch milliseconds, or {@code Long.MIN_VALUE} while a partition has not
   * reported.
   */
  public long combined() {
    if (partitions == 0 || upstreams.size() < partitions) {
      return Long.MIN_VALUE;
    }
    long min = Long.MAX_VALUE;
    long newest = Long.MIN_VALUE;
    boolean active = false;
    for (int p = 0; p < partitions; p++) {
      Upstream u = upstreams.get(p);
      if (u == null) {
        return Long.MIN_VALUE;
      }
      newest = Math.max(newest, u.progressMillis);
      if (!u.idle) {
        active = true;
        min = Math.min(min, u.progressMillis);
      }
    }
    return active ? min : newest;
  }

  /** Newest minus oldest progress of the partitions that are not idle, milliseconds; 0 if none. */
  public long skewMillis() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Upstream u : upstreams.values()) {
      if (!u.idle && u.progressMillis != Long.MIN_VALUE) {
        min = Math.min(min, u.progressMillis);
        max = Math.max(max, u.progressMillis);
      }
    }
    return max >= min ? max - min : 0;
  }

  /** Input partitions expected (the highest count reported). */
  public int partitions() {
    return partitions;
  }

  /** What is known per partition, in partition order (a view). */
  public Map<Integer, Upstream> upstreams() {
    return java.util.Collections.unmodifiableMap(upstreams);
  }
}
