package dev.trailinsights.topology;

import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The counters of the detector of every task this instance runs, so metrics can sum them. Tasks
 * register on init and leave on close; the counts of a task that leaves are kept as retired totals,
 * so {@link #total} only grows while the instance lives (a monotonic metric), whichever tasks come
 * and go.
 */
public final class LiveDetectors {
  private final Map<String, DetectionCounters> byTask = new HashMap<>();
  private final DetectionCounters retired = new DetectionCounters();
  private final Map<InsightType, Map<InsightState, LongAdder>> emitted =
      new EnumMap<>(InsightType.class);

  public LiveDetectors() {
    for (InsightType t : InsightType.values()) {
      Map<InsightState, LongAdder> byState = new EnumMap<>(InsightState.class);
      for (InsightState s : InsightState.values()) {
        byState.put(s, new LongAdder());
      }
      emitted.put(t, byState);
    }
  }

  synchronized void register(String taskId, DetectionCounters counters) {
    DetectionCounters before = byTask.put(taskId, counters);
    if (before != null && before != counters) {
      retired.add(before);
    }
  }

  synchronized void unregister(String taskId) {
    DetectionCounters c = byTask.remove(taskId);
    if (c != null) {
      retired.add(c);
    }
  }

  void countEmitted(InsightType type, InsightState state) {
    emitted.get(type).get(state).increment();
  }

  /** Tasks whose detector is running here. */
  public synchronized int tasks() {
    return byTask.size();
  }

  /** The counters, one per live task (a snapshot). */
  public synchronized Iterable<DetectionCounters> counters() {
    return List.copyOf(byTask.values());
  }

  /**
   * One counter summed over every detector this instance has run, live or retired: never decreases.
   * Read from any thread; counts of live tasks may be a moment old.
   */
  public synchronized long total(ToLongFunction<DetectionCounters> counter) {
    long sum = 0;
    for (DetectionCounters c : byTask.values()) {
      sum += counter.applyAsLong(c);
    }
    return sum + counter.applyAsLong(retired);
  }

  /** Insights events of {@code type} and {@code state} forwarded to the output by this instance. */
  public long emitted(InsightType type, InsightState state) {
    return emitted.get(type).get(state).sum();
  }
}
