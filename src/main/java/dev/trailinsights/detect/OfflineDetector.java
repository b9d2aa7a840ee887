package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import java.util.function.Consumer;

/**
 * The detection core driven by records in arrival order, with all state in memory: what {@code
 * replay} and {@code evaluate} use. It feeds the same {@link EventTimeDriver} as the live topology,
 * as one input partition whose progress is measured as the live parse step measures it ({@link
 * InputProgress}). Not thread-safe.
 */
public final class OfflineDetector {
  private static final long MINUTE_MS = 60_000L;
  private static final long MAX_REMEMBERED_IDS = 20_000_000L;

  private final EventTimeDriver driver;
  private final Detector detector;
  private final EventSelector selector;
  private final InMemoryDetectionStore store;
  private final boolean firstEventIsTrailStart;
  private long records;
  private long selected;
  private final InputProgress read = new InputProgress();
  private long progressMinute = Long.MIN_VALUE;

  public OfflineDetector(DetectorConfig config, Consumer<InsightEvent> out) {
    this(config, out, (long) config.stateCacheMib() << 20);
  }

  /** With {@code cacheBytes} of decoded states instead of {@code detection.state-cache-mib}. */
  OfflineDetector(DetectorConfig config, Consumer<InsightEvent> out, long cacheBytes) {
    InMemorySeenIds seen = new InMemorySeenIds(MAX_REMEMBERED_IDS);
    this.detector = new Detector(config, out, seen);
    this.selector = new EventSelector(config);
    this.store =
        new InMemoryDetectionStore(
            new ApiStateCodec(config),
            cacheBytes,
            detector.estimatedStateBytes(),
            new KeyLimit(config.maxKeys(), 0, detector.counters(), line -> {}));
    this.firstEventIsTrailStart = config.trailStart().mode() == TrailStart.Mode.FIRST_EVENT;
    long trailStart =
        config.trailStart().mode() == TrailStart.Mode.AT
            ? Math.floorDiv(config.trailStart().at().toEpochMilli(), MINUTE_MS)
            : Long.MAX_VALUE;
    this.driver = new EventTimeDriver(detector, store, seen, trailStart);
  }

  /**
   * Judges every minute on the event that makes it unusual once the watermark has reached it, as
   * the live topology does near the clock ({@code detection.live-edge}), instead of when it closes:
   * to see what a live run writes at the live edge.
   */
  public OfflineDetector judgingOnArrival() {
    driver.judgeOnArrivalWithin(read::newestMillis, Long.MAX_VALUE);
    return this;
  }

  /** One record, in the order it was delivered. */
  public void accept(CloudTrailRecord record) {
    records++;
    long time = record.eventTimeMillis();
    CompactEvent e = selector.select(record);
    if (e != null) {
      selected++;
      ApiKey key = EventSelector.keyOf(record);
      long minute = Math.floorDiv(time, MINUTE_MS);
      if (firstEventIsTrailStart) {
        driver.trailStartsAt(minute);
      }
      driver.onScopeStart(key.scope(), minute);
      driver.onEvent(key.encoded(), e, records);
    }
    // every readable record tells how far the input has come, as the live parse step reports
    read.add(time, Long.MIN_VALUE);
    long progress = read.millis();
    long minute = Math.floorDiv(progress, MINUTE_MS);
    if (minute > progressMinute) {
      progressMinute = minute;
      driver.onProgress(0, 1, progress, false);
    }
  }

  /**
   * End of input: closes every minute up to the newest event time seen, as if stream time had
   * passed the lateness horizon, so insights whose quiet period lies within the data end.
   */
  public void finish() {
    if (read.newestMillis() != Long.MIN_VALUE) {
      driver.onProgress(0, 1, read.newestMillis(), false);
    }
    driver.finish();
  }

  /** Records handed to {@link #accept}. */
  public long records() {
    return records;
  }

  /** Records that fed at least one series. */
  public long selected() {
    return selected;
  }

  /** API keys with state. */
  public int keys() {
    return store.keys();
  }

  /** {@code detection.max-keys}: most API keys tracked. */
  public int maxKeys() {
    return store.limit().max();
  }

  /** Insights still open (their quiet period did not complete within the data). */
  public int openInsights() {
    return driver.openInsights();
  }

  public DetectionCounters counters() {
    return detector.counters();
  }

  /** The states, for measuring their encoded size. */
  public Iterable<ApiState> states() {
    return store.states();
  }
}
