package dev.trailinsights.topology;

import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.detect.DetectionStore;
import dev.trailinsights.detect.EventTimeDriver;
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
  private final Map<String, Task> tasks = new HashMap<>();
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

  /** A detector task's driver and store, for the gauges. */
  private record Task(EventTimeDriver driver, DetectionStore store) {}

  synchronized void register(String taskId, EventTimeDriver driver, DetectionStore store) {
    DetectionCounters counters = driver.detector().counters();
    DetectionCounters before = byTask.put(taskId, counters);
    tasks.put(taskId, new Task(driver, store));
    if (before != null && before != counters) {
      retired.add(before);
    }
  }

  synchronized void unregister(String taskId) {
    tasks.remove(taskId);
    DetectionCounters c = byTask.remove(taskId);
    if (c != null) {
      retired.add(c);
    }
  }

  /**
   * The oldest watermark of this instance's detector tasks, epoch milliseconds ({@code
   * Long.MIN_VALUE} while a task has none yet, {@code Long.MAX_VALUE} without tasks). Read without
   * the stream threads' lock: a moment old.
   */
  public synchronized long oldestWatermarkMillis() {
    long min = Long.MAX_VALUE;
    for (Task t : tasks.values()) {
      min = Math.min(min, t.driver.publishedWatermarkMillis());
    }
    return min;
  }

  /** The largest skew between input partitions seen by a detector task here, milliseconds. */
  public synchronized long maxSkewMillis() {
    long max = 0;
    for (Task t : tasks.values()) {
      max = Math.max(max, t.driver.publishedSkewMillis());
    }
    return max;
  }

  /** Events held back because they were too far ahead of the watermark, summed over tasks. */
  public synchronized long deferredEvents() {
    long n = 0;
    for (Task t : tasks.values()) {
      n += t.store.deferredEvents();
    }
    return n;
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
