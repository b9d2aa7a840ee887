package dev.trailinsights.topology;

import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.detect.ApiState;
import dev.trailinsights.detect.ApiStateCodec;
import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.detect.DetectionStore;
import dev.trailinsights.detect.Watermarks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detector task's {@link DetectionStore} in changelogged state stores, so that a restart or a
 * task move resumes exactly where the last commit left off. Decoded states of recently used keys
 * are kept in a bounded map in front of {@code api-state} (every change is still written through),
 * so a busy key is not decoded per event; the map starts empty on every (re-)initialisation, so a
 * task revived after an aborted transaction reads the store.
 */
final class StoreDetection implements DetectionStore {
  private final int cachedStates;
  private static final int RELEASE_BATCH = 10_000;

  private final KeyValueStore<String, byte[]> states;
  private final KeyValueStore<String, Long> warmUpStarts;
  private final KeyValueStore<String, Long> open;
  private final KeyValueStore<String, Long> pending;
  private final KeyValueStore<String, byte[]> progress;
  private final KeyValueStore<Bytes, byte[]> deferred;
  private final ApiStateCodec codec;
  private volatile long deferredCount; // read by metrics
  // every deferred event of a minute up to here has been released: scans start after it, so they
  // do not walk the deletions RocksDB keeps until it compacts
  private long releasedThrough = Long.MIN_VALUE;
  private final Map<String, ApiState> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ApiState> eldest) {
          return size() > cachedStates;
        }
      };

  /**
   * @param cacheBytes heap for decoded states ({@code detection.state-cache-mib})
   * @param stateBytes about how much one decoded state takes
   */
  StoreDetection(
      ProcessorContext<?, ?> context, ApiStateCodec codec, long cacheBytes, long stateBytes) {
    this.cachedStates = (int) Math.max(16, Math.min(Integer.MAX_VALUE, cacheBytes / stateBytes));
    this.states = context.getStateStore(Names.API_STATE_STORE);
    this.warmUpStarts = context.getStateStore(Names.WARM_UP_STARTS_STORE);
    this.open = context.getStateStore(Names.OPEN_INSIGHTS_STORE);
    this.pending = context.getStateStore(Names.PENDING_STORE);
    this.progress = context.getStateStore(Names.PROGRESS_STORE);
    this.deferred = context.getStateStore(Names.DEFERRED_STORE);
    this.codec = codec;
    this.deferredCount = deferred.approximateNumEntries();
  }

  @Override
  public ApiState state(String key) {
    ApiState st = cache.get(key);
    if (st != null) {
      return st;
    }
    byte[] bytes = states.get(key);
    if (bytes == null) {
      return null;
    }
    st = codec.decode(ApiKey.decode(key), bytes);
    cache.put(key, st);
    return st;
  }

  @Override
  public void putState(String key, ApiState state) {
    states.put(key, codec.encode(state));
    cache.put(key, state);
  }

  @Override
  public Long scopeStart(String scope) {
    return warmUpStarts.get(scope);
  }

  @Override
  public void putScopeStart(String scope, long minute) {
    warmUpStarts.put(scope, minute);
  }

  @Override
  public void putOpen(String key, boolean isOpen) {
    if (isOpen) {
      open.put(key, 1L);
    } else {
      open.delete(key);
    }
  }

  @Override
  public Iterable<String> openKeys() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = open.all()) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    return keys;
  }

  @Override
  public void putPending(String key, Long minute) {
    if (minute == null) {
      pending.delete(key);
    } else {
      pending.put(key, minute);
    }
  }

  @Override
  public Map<String, Long> pendingKeys() {
    Map<String, Long> out = new TreeMap<>();
    try (KeyValueIterator<String, Long> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        out.put(kv.key, kv.value);
      }
    }
    return out;
  }

  @Override
  public void putUpstream(int partition, int partitionCount, Watermarks.Upstream u) {
    progress.put(
        Integer.toString(partition),
        ByteBuffer.allocate(4 + 8 + 1)
            .putInt(partitionCount)
            .putLong(u.progressMillis())
            .put((byte) (u.idle() ? 1 : 0))
            .array());
  }

  @Override
  public void forEachUpstream(UpstreamConsumer f) {
    try (KeyValueIterator<String, byte[]> it = progress.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        int count = b.getInt();
        long millis = b.getLong();
        boolean idle = b.get() != 0;
        f.accept(Integer.parseInt(kv.key), count, new Watermarks.Upstream(millis, idle));
      }
    }
  }

  // ---------------------------------------------------------------- deferred events

  /** Keys sort as unsigned bytes: the sign bit flipped, minutes and sequences sort as numbers. */
  static Bytes deferredKey(long minute, long sequence) {
    return Bytes.wrap(
        ByteBuffer.allocate(16)
            .putLong(minute ^ Long.MIN_VALUE)
            .putLong(sequence ^ Long.MIN_VALUE)
            .array());
  }

  @Override
  public void defer(long minute, long sequence, String key, CompactEvent event) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] e = CompactEventSerde.encode(event);
    deferred.put(
        deferredKey(minute, sequence),
        ByteBuffer.allocate(4 + k.length + e.length).putInt(k.length).put(k).put(e).array());
    deferredCount++;
  }

  @Override
  public void releaseDeferred(long throughMinute, BiConsumer<String, CompactEvent> sink) {
    Bytes from = releasedFrom();
    Bytes to = deferredKey(throughMinute, Long.MAX_VALUE);
    List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
    do {
      batch.clear();
      try (KeyValueIterator<Bytes, byte[]> it = deferred.range(from, to)) {
        while (it.hasNext() && batch.size() < RELEASE_BATCH) {
          batch.add(it.next());
        }
      }
      for (KeyValue<Bytes, byte[]> kv : batch) {
        deferred.delete(kv.key);
        deferredCount = Math.max(0, deferredCount - 1);
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        int n = b.getInt();
        String key = new String(kv.value, 4, n, StandardCharsets.UTF_8);
        byte[] e = java.util.Arrays.copyOfRange(kv.value, 4 + n, kv.value.length);
        sink.accept(key, CompactEventSerde.decode(e));
      }
    } while (batch.size() == RELEASE_BATCH);
    // events are deferred only beyond what can be counted, so none of these minutes comes back
    releasedThrough = Math.max(releasedThrough, throughMinute);
  }

  private Bytes releasedFrom() {
    return releasedThrough == Long.MIN_VALUE
        ? null
        : deferredKey(releasedThrough + 1, Long.MIN_VALUE);
  }

  @Override
  public long oldestDeferredMinute() {
    try (KeyValueIterator<Bytes, byte[]> it = deferred.range(releasedFrom(), null)) {
      if (!it.hasNext()) {
        return Long.MAX_VALUE;
      }
      return ByteBuffer.wrap(it.next().key.get()).getLong() ^ Long.MIN_VALUE;
    }
  }

  @Override
  public long deferredEvents() {
    return deferredCount;
  }
}
