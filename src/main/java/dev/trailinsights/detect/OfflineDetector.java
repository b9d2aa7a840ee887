package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The detection core driven by records in arrival order, with all state in memory: what {@code
 * replay} and {@code evaluate} use. Stream time is the newest event time seen; as it passes each
 * minute, keys with an open insight have their minutes closed so silent keys still end. Not
 * thread-safe.
 */
public final class OfflineDetector {
  private static final long MINUTE_MS = 60_000L;
  private static final long MAX_REMEMBERED_IDS = 20_000_000L;

  private final Detector detector;
  private final EventSelector selector;
  private final InMemorySeenIds seen;
  private final Map<ApiKey, ApiState> states = new LinkedHashMap<>();
  private final Map<String, Long> historyStarts = new HashMap<>();
  private final LinkedHashSet<ApiState> open = new LinkedHashSet<>();
  private long streamMinute = Long.MIN_VALUE;
  private long records;
  private long selected;
  private final boolean firstEventIsTrailStart;
  private long trailStart;

  public OfflineDetector(DetectorConfig config, Consumer<InsightEvent> out) {
    this.seen = new InMemorySeenIds(MAX_REMEMBERED_IDS);
    this.detector = new Detector(config, out, seen);
    this.selector = new EventSelector(config);
    this.firstEventIsTrailStart = config.trailStart().mode() == TrailStart.Mode.FIRST_EVENT;
    this.trailStart =
        config.trailStart().mode() == TrailStart.Mode.AT
            ? Math.floorDiv(config.trailStart().at().toEpochMilli(), MINUTE_MS)
            : Long.MAX_VALUE;
  }

  /** One record, in the order it was delivered. */
  public void accept(CloudTrailRecord record) {
    records++;
    CompactEvent e = selector.select(record);
    if (e == null) {
      return;
    }
    selected++;
    ApiKey key = EventSelector.keyOf(record);
    long minute = Math.floorDiv(e.eventTimeMillis(), MINUTE_MS);
    if (trailStart == Long.MAX_VALUE && firstEventIsTrailStart) {
      trailStart = minute;
    }
    ApiState st = states.get(key);
    if (st == null) {
      long history = Math.min(trailStart, historyStarts.merge(key.scope(), minute, Math::min));
      st = detector.newState(key, minute, history);
      states.put(key, st);
    }
    detector.onEvent(st, e);
    if (st.hasOpenInsight()) {
      open.add(st);
    }
    if (minute > streamMinute) {
      streamMinute = minute;
      punctuate();
    }
  }

  private void punctuate() {
    long now = streamMinute * MINUTE_MS;
    for (Iterator<ApiState> it = open.iterator(); it.hasNext(); ) {
      ApiState st = it.next();
      detector.onStreamTime(st, now);
      if (!st.hasOpenInsight()) {
        it.remove();
      }
    }
    seen.expireBefore(detector.oldestRememberedIdMinute(streamMinute));
  }

  /**
   * End of input: closes every minute up to the newest event time seen, as if stream time had
   * passed the lateness horizon, so insights whose quiet period lies within the data end.
   */
  public void finish() {
    if (streamMinute == Long.MIN_VALUE) {
      return;
    }
    for (ApiState st : states.values()) {
      detector.onEndOfInput(st, streamMinute);
    }
    open.removeIf(st -> !st.hasOpenInsight());
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
    return states.size();
  }

  /** Insights still open (their quiet period did not complete within the data). */
  public int openInsights() {
    int n = 0;
    for (ApiState st : states.values()) {
      if (st.hasOpenInsight()) {
        n++;
      }
    }
    return n;
  }

  public DetectionCounters counters() {
    return detector.counters();
  }

  /** The states, for measuring their encoded size. */
  public Iterable<ApiState> states() {
    return states.values();
  }
}
