package dev.trailinsights.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** A {@link DetectionStore} in memory, for {@code replay}, {@code evaluate} and tests. */
public final class InMemoryDetectionStore implements DetectionStore {
  private record Deferred(String key, CompactEvent event) {}

  private final Map<String, ApiState> states = new LinkedHashMap<>();
  private final Map<String, Long> scopes = new HashMap<>();
  private final TreeMap<Long, ArrayDeque<Deferred>> deferred = new TreeMap<>();
  private long deferredCount;

  @Override
  public ApiState state(String key) {
    return states.get(key);
  }

  @Override
  public void putState(String key, ApiState state) {
    states.put(key, state);
  }

  /** Every state, in the order keys were first seen. */
  public Iterable<ApiState> states() {
    return states.values();
  }

  /** API keys with state. */
  public int keys() {
    return states.size();
  }

  @Override
  public Long scopeStart(String scope) {
    return scopes.get(scope);
  }

  @Override
  public void putScopeStart(String scope, long minute) {
    scopes.put(scope, minute);
  }

  // the driver keeps open and pending keys and input progress in memory itself: nothing to restore

  @Override
  public void putOpen(String key, boolean open) {}

  @Override
  public Iterable<String> openKeys() {
    return List.of();
  }

  @Override
  public void putPending(String key, Long minute) {}

  @Override
  public Map<String, Long> pendingKeys() {
    return Map.of();
  }

  @Override
  public void putUpstream(int partition, int partitionCount, Watermarks.Upstream upstream) {}

  @Override
  public void forEachUpstream(UpstreamConsumer f) {}

  @Override
  public void defer(long minute, long sequence, String key, CompactEvent event) {
    deferred.computeIfAbsent(minute, m -> new ArrayDeque<>()).add(new Deferred(key, event));
    deferredCount++;
  }

  @Override
  public void releaseDeferred(long throughMinute, BiConsumer<String, CompactEvent> sink) {
    while (!deferred.isEmpty() && deferred.firstKey() <= throughMinute) {
      ArrayDeque<Deferred> minute = deferred.pollFirstEntry().getValue();
      List<Deferred> batch = new ArrayList<>(minute);
      deferredCount -= batch.size();
      for (Deferred d : batch) {
        sink.accept(d.key, d.event);
      }
    }
  }

  @Override
  public long oldestDeferredMinute() {
    return deferred.isEmpty() ? Long.MAX_VALUE : deferred.firstKey();
  }

  @Override
  public long deferredEvents() {
    return deferredCount;
  }
}
