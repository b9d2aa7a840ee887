package dev.trailinsights.topology;

import dev.trailinsights.detect.DetectionCounters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of the detector of every task this instance runs, so metrics can sum them. Tasks
 * register on init and leave on close; counts of a task that moved away leave with it (the metrics
 * that must be monotonic count in their own binder).
 */
public final class LiveDetectors {
  private final Map<String, DetectionCounters> byTask = new ConcurrentHashMap<>();

  void register(String taskId, DetectionCounters counters) {
    byTask.put(taskId, counters);
  }

  void unregister(String taskId) {
    byTask.remove(taskId);
  }

  /** Tasks whose detector is running here. */
  public int tasks() {
    return byTask.size();
  }

  /** The counters, one per live task (read-only view). */
  public Iterable<DetectionCounters> counters() {
    return byTask.values();
  }
}
