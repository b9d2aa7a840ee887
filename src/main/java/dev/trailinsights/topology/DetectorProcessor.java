package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.detect.ApiStateCodec;
import dev.trailinsights.detect.Detector;
import dev.trailinsights.detect.EventTimeDriver;
import dev.trailinsights.history.HistoryKeys;
import dev.trailinsights.history.InsightSummary;
import dev.trailinsights.history.SeriesPoint;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The detection core as a Processor API node: hands each record of the repartition topic to the
 * task's {@link EventTimeDriver} (events, input progress, first minutes of accounts and regions),
 * which keeps its state in the task's stores ({@link StoreDetection}), and forwards the Insights
 * events the core emits (key {@code sharedEventID}) and the console's history records.
 */
final class DetectorProcessor implements Processor<String, Routed, String, DetectorOutput> {
  private static final long MINUTE_MS = 60_000L;

  private final DetectorConfig config;
  private final TopologyOptions topology;
  private final LiveDetectors registry;
  private final LatencyRecorder latency;
  private ProcessorContext<String, DetectorOutput> context;
  private EventTimeDriver driver;
  private long currentTimestamp;
  // wall-clock read time of the message of the event being processed; -1 otherwise
  private long currentArrival = -1;
  private long sequence;
  private final long trailStartMinute;

  DetectorProcessor(
      DetectorConfig config,
      TopologyOptions topology,
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
    StoreSeenIds seen = new StoreSeenIds(context.getStateStore(Names.SEEN_IDS_STORE));
    Detector detector = new Detector(config, this::emit, seen, this::seriesMinute);
    StoreDetection store =
        new StoreDetection(
            context,
            new ApiStateCodec(config),
            (long) config.stateCacheMib() << 20,
            detector.estimatedStateBytes(),
            config.maxKeys(),
            detector.counters());
    this.driver = new EventTimeDriver(detector, store, seen, trailStartMinute);
    driver.judgeOnArrivalWithin(context::currentSystemTimeMs, config.liveEdge().toMillis());
    driver.restore();
    registry.register(context.taskId().toString(), driver, store);
  }

  @Override
  public void process(Record<String, Routed> record) {
    currentTimestamp = record.timestamp();
    // when the record's message was read (an event) or its progress sent (a report): a Start it
    // proves counts its detection delay from there
    Header arrival = record.headers().lastHeader(LatencyRecorder.ARRIVAL_HEADER);
    currentArrival =
        arrival != null && arrival.value() != null && arrival.value().length == Long.BYTES
            ? ByteBuffer.wrap(arrival.value()).getLong()
            : -1;
    Routed v = record.value();
    if (v instanceof Routed.Event e) {
      if (record.key() == null || e.event() == null) {
        return;
      }
      long seq = context.recordMetadata().map(RecordMetadata::offset).orElse(sequence++);
      driver.onEvent(record.key(), e.event(), seq);
    } else if (v instanceof Routed.Progress p) {
      driver.onProgress(p.partition(), p.partitions(), p.progressMillis(), p.idle());
    } else if (v instanceof Routed.ScopeStart s) {
      driver.onScopeStart(s.scope(), s.minute());
    }
  }

  private void emit(InsightEvent e) {
    byte[] record = InsightJson.toBytes(e);
    byte[] value = topology.eventBridge() ? InsightJson.toEventBridgeBytes(e) : record;
    context.forward(
        new Record<>(
            e.sharedEventId(), DetectorOutput.insight(value, e.eventId()), currentTimestamp));
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
    registry.unregister(context.taskId().toString());
  }
}
