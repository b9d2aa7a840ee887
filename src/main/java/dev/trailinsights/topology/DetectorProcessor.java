package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.detect.ApiState;
import dev.trailinsights.detect.ApiStateCodec;
import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.detect.Detector;
import dev.trailinsights.history.HistoryKeys;
import dev.trailinsights.history.InsightSummary;
import dev.trailinsights.history.SeriesPoint;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detection core as a Processor API node: loads the key's {@link ApiState} from the {@code
 * api-state} store, hands it the event, writes it back, and forwards the Insights events the core
 * emits (key {@code sharedEventID}). A stream-time punctuator closes the minutes of keys with an
 * open insight so silent keys still end.
 *
 * <p>Decoded states of recently used keys are kept in a bounded map in front of the store (every
 * change is still written through), so a busy key is not decoded per event. The map is cleared on
 * every (re-)initialisation, so a task revived after an aborted transaction reads the store.
 */
final class DetectorProcessor implements Processor<String, CompactEvent, String, DetectorOutput> {
  private static final long MINUTE_MS = 60_000L;
  static final int CACHED_STATES = 10_000;

  private final DetectorConfig config;
  private final TopologyConfig topology;
  private final LiveDetectors registry;
  private final LatencyRecorder latency;
  private ProcessorContext<String, DetectorOutput> context;
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<String, Long> open;
  private StoreHistoryStarts history;
  private Detector detector;
  private StoreSeenIds seen;
  private ApiStateCodec codec;
  private long currentTimestamp;
  // wall-clock read time of the message of the event being processed; -1 in punctuation
  private long currentArrival = -1;
  private final long trailStartMinute;
  private final Map<String, ApiState> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ApiState> eldest) {
          return size() > CACHED_STATES;
        }
      };

  DetectorProcessor(DetectorConfig config, TopologyConfig topology, LiveDetectors registry) {
    this(config, topology, registry, LatencyRecorder.NONE);
  }

  DetectorProcessor(
      DetectorConfig config,
      TopologyConfig topology,
      LiveDetectors registry,
      LatencyRecorder latency) {
    this.config = config;
    this.topology = topology;
    this.registry = registry;
    this.latency = latency;
    this.trailStartMinute =
        config.trailStart().mode() == TrailStart.Mode.AT
            ? Math.floorDiv(config.trailStart().at().toEpochMilli(), MINUTE_MS)
            : Long.MAX_VALUE;
  }

  @Override
  public void init(ProcessorContext<String, DetectorOutput> context) {
    this.context = context;
    this.states = context.getStateStore(Names.API_STATE_STORE);
    this.open = context.getStateStore(Names.OPEN_INSIGHTS_STORE);
    this.history = new StoreHistoryStarts(context.getStateStore(Names.HISTORY_STORE));
    this.seen = new StoreSeenIds(context.getStateStore(Names.SEEN_IDS_STORE));
    this.detector = new Detector(config, this::emit, seen, this::seriesMinute);
    this.codec = new ApiStateCodec(detector);
    this.cache.clear();
    registry.register(context.taskId().toString(), detector.counters());
    context.schedule(topology.punctuateEvery(), PunctuationType.STREAM_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, CompactEvent> record) {
    currentTimestamp = record.timestamp();
    Header arrival = record.headers().lastHeader(LatencyRecorder.ARRIVAL_HEADER);
    currentArrival =
        arrival != null && arrival.value() != null && arrival.value().length == Long.BYTES
            ? ByteBuffer.wrap(arrival.value()).getLong()
            : -1;
    String k = record.key();
    CompactEvent e = record.value();
    if (k == null || e == null) {
      return;
    }
    ApiState st = load(k);
    if (st == null) {
      ApiKey key = ApiKey.decode(k);
      long minute = Math.floorDiv(e.eventTimeMillis(), MINUTE_MS);
      long first = Math.min(trailStartMinute, history.register(key.scope(), minute));
      st = detector.newState(key, minute, first);
    }
    boolean wasOpen = st.hasOpenInsight();
    detector.onEvent(st, e);
    save(k, st, wasOpen);
  }

  private void punctuate(long streamTime) {
    currentTimestamp = streamTime;
    currentArrival = -1;
    seen.expireBefore(detector.oldestRememberedIdMinute(Math.floorDiv(streamTime, MINUTE_MS)));
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = open.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        keys.add(kv.key);
      }
    }
    for (String k : keys) {
      ApiState st = load(k);
      if (st == null) {
        open.delete(k);
        continue;
      }
      detector.onStreamTime(st, streamTime);
      detector.reportOpenMinutes(st);
      save(k, st, true);
    }
  }

  private ApiState load(String k) {
    ApiState st = cache.get(k);
    if (st != null) {
      return st;
    }
    byte[] bytes = states.get(k);
    if (bytes == null) {
      return null;
    }
    st = codec.decode(ApiKey.decode(k), bytes);
    cache.put(k, st);
    return st;
  }

  private void save(String k, ApiState st, boolean wasOpen) {
    states.put(k, codec.encode(st));
    cache.put(k, st);
    boolean isOpen = st.hasOpenInsight();
    if (isOpen && !wasOpen) {
      open.put(k, st.watermarkMinute());
    } else if (!isOpen && wasOpen) {
      open.delete(k);
    }
  }

  private void emit(InsightEvent e) {
    byte[] record = InsightJson.toBytes(e);
    byte[] value = topology.eventBridge() ? InsightJson.toEventBridgeBytes(e) : record;
    context.forward(
        new Record<>(e.sharedEventId(), DetectorOutput.insight(value), currentTimestamp));
    // the history: the record as AWS writes it, and the summary the console filters on
    boolean start = e.state() == InsightState.START;
    String id = e.sharedEventId();
    history(start ? HistoryKeys.start(id) : HistoryKeys.end(id), record);
    InsightSummary summary = InsightSummary.of(e);
    history(HistoryKeys.index(summary.startMinute(), id), summary.toBytes());
    registry.countEmitted(e.insightType(), e.state());
    if (e.state() == InsightState.START && currentArrival >= 0) {
      latency.detectionDelay(context.currentSystemTimeMs() - currentArrival);
    }
  }

  private void seriesMinute(
      String sharedEventId, long minute, long count, double expected, long threshold) {
    history(
        HistoryKeys.point(sharedEventId, minute),
        new SeriesPoint(minute, count, expected, threshold).toBytes());
  }

  /**
   * A history record, stamped with the wall-clock time: the history topic's retention counts from
   * when an insight was recorded, also when history is replayed.
   */
  private void history(String key, byte[] value) {
    context.forward(
        new Record<>(key, DetectorOutput.history(value), context.currentSystemTimeMs()));
  }

  @Override
  public void close() {
    cache.clear();
    registry.unregister(context.taskId().toString());
  }
}
