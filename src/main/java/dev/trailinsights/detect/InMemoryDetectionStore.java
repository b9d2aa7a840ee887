package dev.trailinsights.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A {@link DetectionStore} in memory, for {@code replay}, {@code evaluate} and tests. Like the live
 * store, it keeps the states of recently used keys decoded in a cache bounded by memory ({@code
 * detection.state-cache-mib}) and every other state encoded ({@link ApiStateCodec}, tens to
 * hundreds of bytes instead of kilobytes), so the heap a key takes is about its encoded size; and
 * it tracks at most {@code detection.max-keys} keys ({@link KeyLimit}).
 */
public final class InMemoryDetectionStore implements DetectionStore {
  private record Deferred(String key, CompactEvent event) {}

  /** A decoded state, and its encoded form while it has not changed since it was decoded. */
  private static final class Hot {
    final ApiState state;
    byte[] clean;

    Hot(ApiState state, byte[] clean) {
      this.state = state;
      this.clean = clean;
    }
  }

  private final ApiStateCodec codec;
  private final KeyLimit limit;
  private final int cachedStates;
  // every key in the order first seen: its encoded state, or null while it is in the cache
  private final Map<String, byte[]> encoded = new LinkedHashMap<>();
  private final Map<String, Hot> cache;
  private final Map<String, Long> scopes = new HashMap<>();
  private final TreeMap<Long, ArrayDeque<Deferred>> deferred = new TreeMap<>();
  private long deferredCount;

  /**
   * @param codec encodes the states outside the cache
   * @param cacheBytes heap for decoded states ({@code detection.state-cache-mib})
   * @param stateBytes about how much one decoded state takes
   * @param limit the bound on keys
   */
  public InMemoryDetectionStore(
      ApiStateCodec codec, long cacheBytes, long stateBytes, KeyLimit limit) {
    this.codec = codec;
    this.limit = limit;
    this.cachedStates = (int) Math.max(16, Math.min(1 << 30, cacheBytes / stateBytes));
    this.cache =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Hot> eldest) {
            if (size() <= cachedStates) {
              return false;
            }
            Hot h = eldest.getValue();
            encoded.put(eldest.getKey(), h.clean != null ? h.clean : codec.encode(h.state));
            return true;
          }
        };
  }

  @Override
  public boolean admitKey(String key) {
    return limit.admit(key);
  }

  @Override
  public ApiState state(String key) {
    Hot h = cache.get(key);
    if (h != null) {
      return h.state;
    }
    byte[] bytes = encoded.get(key);
    if (bytes == null) {
      return null;
    }
    ApiState st = codec.decode(ApiKey.decode(key), bytes);
    encoded.put(key, null);
    cache.put(key, new Hot(st, bytes));
    return st;
  }

  @Override
  public void putState(String key, ApiState state) {
    Hot h = cache.get(key);
    if (h != null && h.state == state) {
      h.clean = null;
      return;
    }
    cache.put(key, new Hot(state, null));
    encoded.put(key, null);
  }

  /** Every state, in the order keys were first seen (those outside the cache decoded anew). */
  public Iterable<ApiState> states() {
    List<ApiState> all = new ArrayList<>(encoded.size());
    for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
      Hot h = cache.get(e.getKey());
      all.add(h != null ? h.state : codec.decode(ApiKey.decode(e.getKey()), e.getValue()));
    }
    return all;
  }

  /** API keys with state. */
  public int keys() {
    return encoded.size();
  }

  /** The bound on keys. */
  public KeyLimit limit() {
    return limit;
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
