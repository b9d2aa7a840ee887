package dev.trailinsights.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Drives a {@link Detector} in event time, the same way for {@code replay} and for the live
 * topology, so the two cannot drift. It receives three things in the order they were written:
 *
 * <ul>
 *   <li>events of an API key;
 *   <li>the first minute of an account and region's history (warm-up is per account and region,
 *       while events of one account are spread over many keys and, live, many tasks);
 *   <li>event-time progress reports of each input partition, combined into the watermark ({@link
 *       Watermarks}).
 * </ul>
 *
 * <p>An event is counted on arrival when its minute fits the key's minutes in memory (at most the
 * lateness horizon ahead of the watermark); further ahead it is deferred until the watermark comes
 * closer. A minute of a backlog (and every minute offline) is judged when it closes, on all of its
 * events, so its Start does not depend on the order they came in; live, near the clock ({@link
 * #judgeOnArrivalWithin}), a minute is judged as soon as its baseline is final: on the event that
 * makes it unusual when the watermark has reached the minute, otherwise when the watermark reaches
 * it. Minutes close when the watermark is more than the lateness horizon past them, for every key
 * whether or not the key has new events. So an input partition that runs hours ahead of another
 * loses nothing as late, and what is decided does not depend on how the input was partitioned or
 * how fast each partition was read. Not thread-safe: one driver per task (live) or per run
 * (offline).
 */
public final class EventTimeDriver {
  private static final long MINUTE_MS = 60_000L;

  private final Detector detector;
  private final DetectionStore store;
  private final SeenIds seen;
  private long trailStartMinute;
  private final Watermarks watermarks = new Watermarks();
  // in sorted maps so that keys are visited in the same order however they were restored
  private final TreeSet<String> open = new TreeSet<>();
  private final TreeMap<String, Long> pending = new TreeMap<>();
  private final Map<String, Long> scopeStarts = new HashMap<>();
  // bumped when a known account and region's start moves earlier: states made before then check
  private int scopeEpoch;
  private long oldestDeferred = Long.MAX_VALUE;
  // the wall clock and how far behind it event time may be for minutes to be judged on arrival;
  // without a clock (offline) every minute is judged when it closes
  private LongSupplier clock;
  private long liveEdgeMillis;
  // published for metrics, read by other threads
  private volatile long publishedWatermark = Long.MIN_VALUE;
  private volatile long publishedSkew;

  /**
   * @param seen the de-duplication memory the detector uses (expired as minutes close), or null
   * @param trailStartMinute the trail's declared start ({@code detection.trail-start}), or {@code
   *     Long.MAX_VALUE}
   */
  public EventTimeDriver(
      Detector detector, DetectionStore store, SeenIds seen, long trailStartMinute) {
    this.detector = detector;
    this.store = store;
    this.seen = seen;
    this.trailStartMinute = trailStartMinute;
    detector.judgeOnArrival(false);
  }

  /**
   * Live: minutes are judged on the event that makes them unusual while the watermark is at most
   * {@code liveEdgeMillis} behind {@code clock} (a Start within a second), and when they close, on
   * all of their events, further behind (a backlog), as they always are offline.
   */
  public void judgeOnArrivalWithin(LongSupplier clock, long liveEdgeMillis) {
    this.clock = clock;
    this.liveEdgeMillis = liveEdgeMillis;
  }

  private void setMode(long watermarkMillis) {
    detector.judgeOnArrival(
        clock != null
            && liveEdgeMillis > 0
            && clock.getAsLong() - watermarkMillis <= liveEdgeMillis);
  }

  /**
   * Declares the trail complete from {@code minute} when no start was declared: {@code
   * detection.trail-start=first-event} offline, where the first event read starts it.
   */
  public void trailStartsAt(long minute) {
    if (trailStartMinute == Long.MAX_VALUE) {
      trailStartMinute = minute;
    }
  }

  /** Reads back what the store holds (after a restart or a task move). */
  public void restore() {
    open.clear();
    pending.clear();
    scopeStarts.clear();
    for (String k : store.openKeys()) {
      open.add(k);
    }
    pending.putAll(store.pendingKeys());
    store.forEachUpstream(
        (partition, count, u) -> watermarks.update(partition, count, u.progressMillis(), u.idle()));
    oldestDeferred = store.oldestDeferredMinute();
    long w = watermarks.combined();
    if (w != Long.MIN_VALUE) {
      setMode(w);
      detector.advanceTo(w);
      publishedWatermark = w;
    }
    publishedSkew = watermarks.skewMillis();
  }

  /** The detector driven. */
  public Detector detector() {
    return detector;
  }

  /** The watermark as last published, for metrics (any thread). */
  public long publishedWatermarkMillis() {
    return publishedWatermark;
  }

  /** Newest minus oldest progress of the active input partitions, for metrics (any thread). */
  public long publishedSkewMillis() {
    return publishedSkew;
  }

  /** Keys with an open insight. */
  public int openInsights() {
    return open.size();
  }

  // ---------------------------------------------------------------- inputs

  /**
   * The account and region {@code scope} had an event at {@code minute} (announced before that
   * event, by whoever read it).
   */
  public void onScopeStart(String scope, long minute) {
    Long known = scopeStarts.get(scope);
    if (known == null) {
      known = store.scopeStart(scope);
    }
    if (known != null && known <= minute) {
      scopeStarts.put(scope, known);
      return;
    }
    scopeStarts.put(scope, minute);
    store.putScopeStart(scope, minute);
    if (known != null) {
      scopeEpoch++; // states of this scope made before now start later than they should
    }
  }

  /**
   * One event of API key {@code key} ({@link ApiKey#encoded()}); {@code sequence} increases with
   * arrival (an offset), ordering deferred events of one minute.
   */
  public void onEvent(String key, CompactEvent event, long sequence) {
    long m = Math.floorDiv(event.eventTimeMillis(), MINUTE_MS);
    if (m > detector.newestCountableMinute()) {
      store.defer(m, sequence, key, event);
      oldestDeferred = Math.min(oldestDeferred, m);
      return;
    }
    count(key, event, m);
  }

  /**
   * Input partition {@code partition} of {@code partitionCount} has been read up to event time
   * {@code progressMillis}, or is {@code idle}. When the watermark's minute moves, minutes that
   * were counted ahead of it are judged, keys with an open insight close their minutes (so silent
   * keys end), and deferred events that now fit are counted.
   */
  public void onProgress(int partition, int partitionCount, long progressMillis, boolean idle) {
    if (!watermarks.update(partition, partitionCount, progressMillis, idle)) {
      return;
    }
    store.putUpstream(partition, watermarks.partitions(), watermarks.upstreams().get(partition));
    long w = watermarks.combined();
    publishedSkew = watermarks.skewMillis();
    if (w == Long.MIN_VALUE || w <= detector.watermarkMillis()) {
      return;
    }
    // a watermark that leaps (the first one, an input going idle, a gap in the data) moves in steps
    // that let each deferred minute in as soon as it fits, as if it had moved gradually: an event
    // held back for being ahead is never late for having been held back
    long lead = detector.countableLead();
    while (oldestDeferred != Long.MAX_VALUE) {
      long step = oldestDeferred - lead; // the watermark minute at which it fits
      if (step >= Math.floorDiv(w, MINUTE_MS) || step * MINUTE_MS <= detector.watermarkMillis()) {
        break;
      }
      advance(step * MINUTE_MS);
    }
    advance(w);
    publishedWatermark = detector.watermarkMillis();
  }

  private void advance(long millis) {
    setMode(millis);
    if (!detector.advanceTo(millis)) {
      return;
    }
    decidePending();
    closeOpen();
    if (seen != null) {
      seen.expireBefore(detector.closedMinute() + 1);
    }
    long countable = detector.newestCountableMinute();
    if (oldestDeferred <= countable) {
      store.releaseDeferred(
          countable, (k, e) -> count(k, e, Math.floorDiv(e.eventTimeMillis(), MINUTE_MS)));
      oldestDeferred = store.oldestDeferredMinute();
    }
  }

  /**
   * End of a bounded input: judges what is left and closes every minute up to the newest seen, so
   * insights whose quiet period lies within the data end.
   */
  public void finish() {
    long w = watermarks.combined();
    if (w == Long.MIN_VALUE) {
      return;
    }
    long last = Math.floorDiv(w, MINUTE_MS);
    // nothing more will come: the minutes not closed yet have their final counts
    detector.judgeOnArrival(true);
    decidePending();
    for (String k : List.copyOf(open)) {
      ApiState st = store.state(k);
      if (st != null) {
        detector.onEndOfInput(st, last);
        save(k, st, true);
      }
    }
  }

  // ---------------------------------------------------------------- the work

  private void count(String k, CompactEvent e, long m) {
    ApiState st = store.state(k);
    if (st == null) {
      if (m <= detector.closedMinute()) {
        detector.countLate();
        return;
      }
      if (!store.admitKey(k)) {
        return;
      }
      ApiKey key = ApiKey.decode(k);
      st = detector.newState(key, m, Math.min(trailStartMinute, scopeStart(key.scope(), m)));
      st.scopeEpoch = scopeEpoch;
    } else if (st.scopeEpoch != scopeEpoch) {
      Long first = scopeStarts.get(st.key.scope());
      if (first == null) {
        first = store.scopeStart(st.key.scope());
      }
      if (first != null) {
        detector.extendHistory(st, Math.min(trailStartMinute, first));
      }
      st.scopeEpoch = scopeEpoch;
    }
    boolean wasOpen = st.hasOpenInsight();
    Outcome o = detector.onEvent(st, e);
    if (o == Outcome.COUNTED && m > detector.newestDecidableMinute()) {
      Long p = pending.get(k);
      if (p == null || m < p) {
        pending.put(k, m);
        store.putPending(k, m);
      }
    }
    save(k, st, wasOpen);
  }

  private long scopeStart(String scope, long minute) {
    Long first = scopeStarts.get(scope);
    if (first == null) {
      first = store.scopeStart(scope);
      if (first == null) {
        // not announced (a driver fed events only): the key's own first event starts it
        onScopeStart(scope, minute);
        return minute;
      }
      scopeStarts.put(scope, first);
    }
    return first;
  }

  private void decidePending() {
    long decidable = detector.newestDecidableMinute();
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, Long> p : pending.entrySet()) {
      if (p.getValue() > decidable) {
        continue;
      }
      String k = p.getKey();
      ApiState st = store.state(k);
      if (st == null) {
        done.add(k);
        continue;
      }
      boolean wasOpen = st.hasOpenInsight();
      detector.decide(st, p.getValue());
      save(k, st, wasOpen);
      if (st.watermark > decidable) {
        // still waiting: only in memory, as a stored minute that is older than this is safe (a
        // restart judges from there, and no minute is judged twice: closed minutes are skipped,
        // judged ones did not start an insight or are part of the open one); in a backlog every
        // key with events in an open minute stays here at every watermark step
        p.setValue(decidable + 1);
      } else {
        done.add(k);
      }
    }
    for (String k : done) {
      pending.remove(k);
      store.putPending(k, null);
    }
  }

  private void closeOpen() {
    for (String k : List.copyOf(open)) {
      ApiState st = store.state(k);
      if (st == null) {
        open.remove(k);
        store.putOpen(k, false);
        continue;
      }
      detector.catchUp(st);
      detector.reportOpenMinutes(st);
      save(k, st, true);
    }
  }

  private void save(String k, ApiState st, boolean wasOpen) {
    store.putState(k, st);
    boolean isOpen = st.hasOpenInsight();
    if (isOpen && !wasOpen) {
      open.add(k);
      store.putOpen(k, true);
    } else if (!isOpen && wasOpen) {
      open.remove(k);
      store.putOpen(k, false);
    }
  }
}
