package dev.trailinsights.topology;

import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.detect.ApiState;
import dev.trailinsights.detect.ApiStateCodec;
import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.detect.DetectionStore;
import dev.trailinsights.detect.KeyLimit;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector task's {@link DetectionStore} in changelogged state stores, so that a restart or a
 * task move resumes exactly where the last commit left off. Decoded states of recently used keys
 * are kept in a bounded map in front of {@code api-state}, so a busy key is not decoded per event,
 * and a changed state is encoded and written once, when the task commits ({@link
 * WriteBehindStore}), not on every event. Both maps start empty on every (re-)initialisation, so a
 * task revived after an aborted transaction reads the store. At most {@code detection.max-keys}
 * keys are stored per task ({@link KeyLimit}; counted from the store when the task starts).
 */
final class StoreDetection implements DetectionStore {
  private static final Logger LOG = LoggerFactory.getLogger(StoreDetection.class);
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
  // the minutes that have deferred events, with how many: the oldest is asked after every release,
  // and a range over the cached store to find it copies every cached key after it
  private final TreeMap<Long, long[]> deferredMinutes = new TreeMap<>();
  // changed since the last commit, written when the task commits (insertion order: the oldest
  // first)
  private final LinkedHashMap<String, ApiState> dirty = new LinkedHashMap<>();
  private final int maxDirty;
  private final Map<String, ApiState> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ApiState> eldest) {
          return size() > cachedStates;
        }
      };

  private final KeyLimit limit;

  /**
   * @param cacheBytes heap for decoded states ({@code detection.state-cache-mib})
   * @param stateBytes about how much one decoded state takes
   * @param maxKeys most keys in this task's store ({@code detection.max-keys})
   * @param counters where events of keys beyond it are counted
   */
  StoreDetection(
      ProcessorContext<?, ?> context,
      ApiStateCodec codec,
      long cacheBytes,
      long stateBytes,
      int maxKeys,
      DetectionCounters counters) {
    this.cachedStates = (int) Math.max(16, Math.min(Integer.MAX_VALUE, cacheBytes / stateBytes));
    WriteBehindStore<byte[]> stateStore = context.getStateStore(Names.API_STATE_STORE);
    this.states = stateStore.inner();
    this.maxDirty = Math.max(16, cachedStates / 2);
    stateStore.beforeFlush(this::writeDirty);
    this.warmUpStarts = context.getStateStore(Names.WARM_UP_STARTS_STORE);
    this.open = context.getStateStore(Names.OPEN_INSIGHTS_STORE);
    this.pending = context.getStateStore(Names.PENDING_STORE);
    this.progress = context.getStateStore(Names.PROGRESS_STORE);
    this.deferred = context.getStateStore(Names.DEFERRED_STORE);
    this.codec = codec;
    long n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = deferred.all()) {
      while (it.hasNext()) {
        deferredMinutes.computeIfAbsent(minuteOf(it.next().key), m -> new long[1])[0]++;
        n++;
      }
    }
    this.deferredCount = n;
    String task = context.taskId().toString();
    this.limit =
        new KeyLimit(
            maxKeys,
            countKeys(states),
            counters,
            line -> LOG.warn("detector task {}: {}", task, line));
  }

  /** Keys in the store, counted once when the task starts (restored state included). */
  private static long countKeys(KeyValueStore<String, byte[]> states) {
    long n = 0;
    try (KeyValueIterator<String, byte[]> it = states.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean admitKey(String key) {
    return limit.admit(key);
  }

  @Override
  public ApiState state(String key) {
    ApiState st = cache.get(key);
    if (st != null) {
      return st;
    }
    st = dirty.get(key);
    if (st != null) {
      cache.put(key, st);
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
    cache.put(key, state);
    if (dirty.put(key, state) == null && dirty.size() > maxDirty) {
      // more keys changed within one commit than the cache holds: write the oldest now
      Map.Entry<String, ApiState> eldest = dirty.entrySet().iterator().next();
      states.put(eldest.getKey(), codec.encode(eldest.getValue()));
      dirty.remove(eldest.getKey());
    }
  }

  /** Writes every state changed since the last commit: Kafka Streams is about to commit. */
  private void writeDirty() {
    for (Map.Entry<String, ApiState> e : dirty.entrySet()) {
      states.put(e.getKey(), codec.encode(e.getValue()));
    }
    dirty.clear();
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
    deferredMinutes.computeIfAbsent(minute, m -> new long[1])[0]++;
    deferredCount++;
  }

  @Override
  public void releaseDeferred(long throughMinute, BiConsumer<String, CompactEvent> sink) {
    if (deferredMinutes.isEmpty() || deferredMinutes.firstKey() > throughMinute) {
      return;
    }
    // from the oldest minute with events: not through the deletions RocksDB keeps until it compacts
    Bytes to = deferredKey(throughMinute, Long.MAX_VALUE);
    List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
    do {
      if (deferredMinutes.isEmpty() || deferredMinutes.firstKey() > throughMinute) {
        break;
      }
      Bytes from = deferredKey(deferredMinutes.firstKey(), Long.MIN_VALUE);
      batch.clear();
      try (KeyValueIterator<Bytes, byte[]> it = deferred.range(from, to)) {
        while (it.hasNext() && batch.size() < RELEASE_BATCH) {
          batch.add(it.next());
        }
      }
      for (KeyValue<Bytes, byte[]> kv : batch) {
        deferred.delete(kv.key);
        deferredCount = Math.max(0, deferredCount - 1);
        long minute = minuteOf(kv.key);
        long[] left = deferredMinutes.get(minute);
        if (left != null && --left[0] <= 0) {
          deferredMinutes.remove(minute);
        }
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        int n = b.getInt();
        String key = new String(kv.value, 4, n, StandardCharsets.UTF_8);
        byte[] e = java.util.Arrays.copyOfRange(kv.value, 4 + n, kv.value.length);
        sink.accept(key, CompactEventSerde.decode(e));
      }
    } while (batch.size() == RELEASE_BATCH);
    // events are deferred only beyond what can be counted, so none of these minutes comes back
    deferredMinutes.headMap(throughMinute, true).clear();
  }

  private static long minuteOf(Bytes deferredKey) {
    return ByteBuffer.wrap(deferredKey.get()).getLong() ^ Long.MIN_VALUE;
  }

  @Override
  public long oldestDeferredMinute() {
    return deferredMinutes.isEmpty() ? Long.MAX_VALUE : deferredMinutes.firstKey();
  }

  @Override
  public long deferredEvents() {
    return deferredCount;
  }
}
