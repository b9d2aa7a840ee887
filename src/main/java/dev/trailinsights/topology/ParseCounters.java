package dev.trailinsights.topology;

import dev.trailinsights.event.BadReason;
import dev.trailinsights.event.EventCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the parse step has seen, across all stream threads of an instance; metrics and tests read
 * it. Reasons are a closed enum, so tags stay bounded.
 */
public final class ParseCounters {
  final LongAdder messages = new LongAdder();
  final LongAdder records = new LongAdder();
  final LongAdder notSelected = new LongAdder();
  final LongAdder insightRecords = new LongAdder();
  final LongAdder deadLetters = new LongAdder();
  private final Map<BadReason, LongAdder> bad = new EnumMap<>(BadReason.class);
  private final Map<EventCategory, LongAdder> selected = new EnumMap<>(EventCategory.class);
  private final Map<EventCategory, LongAdder> skipped = new EnumMap<>(EventCategory.class);
  private final Map<String, LongAdder> deadLettersByReason = new LinkedHashMap<>();

  /**
   * Every reason a dead letter can have: the {@link BadReason} labels, {@value #EMPTY_MESSAGE} and
   * {@value DeadLetters#PROCESSING_ERROR}.
   */
  public static final List<String> DEAD_LETTER_REASONS;

  /** Reason of a message without a value. */
  static final String EMPTY_MESSAGE = "empty";

  static {
    List<String> reasons = new ArrayList<>();
    for (BadReason r : BadReason.values()) {
      reasons.add(r.label());
    }
    reasons.add(EMPTY_MESSAGE);
    reasons.add(DeadLetters.PROCESSING_ERROR);
    DEAD_LETTER_REASONS = List.copyOf(reasons);
  }

  /** Reported event-time progress per input partition read here: {millis, idle 0/1}. */
  private final Map<Integer, long[]> progress = new java.util.concurrent.ConcurrentHashMap<>();

  private volatile java.util.function.IntConsumer newPartition = p -> {};

  /** The parse task of {@code partition} reported its progress (or idleness). */
  void progress(int partition, long millis, boolean idle) {
    if (progress.put(partition, new long[] {millis, idle ? 1 : 0}) == null) {
      newPartition.accept(partition);
    }
  }

  /**
   * Calls {@code listener} with each input partition read here for the first time (for metrics
   * tagged by partition), and now with those already known.
   */
  public void onProgressPartition(java.util.function.IntConsumer listener) {
    newPartition = listener;
    progress.keySet().forEach(listener::accept);
  }

  /** A partition's task left this instance: its progress is reported by whoever reads it now. */
  void forgetProgress(int partition) {
    progress.remove(partition);
  }

  /**
   * Event-time progress of each input partition read by this instance, epoch milliseconds ({@code
   * Long.MIN_VALUE} before its first readable record), as last reported to the detectors.
   */
  public Map<Integer, Long> inputProgress() {
    Map<Integer, Long> out = new java.util.TreeMap<>();
    progress.forEach((p, v) -> out.put(p, v[0]));
    return out;
  }

  /** Input partitions read by this instance that are idle now. */
  public int idleInputPartitions() {
    int n = 0;
    for (long[] v : progress.values()) {
      n += (int) v[1];
    }
    return n;
  }

  public ParseCounters() {
    for (BadReason r : BadReason.values()) {
      bad.put(r, new LongAdder());
    }
    for (EventCategory c : EventCategory.values()) {
      selected.put(c, new LongAdder());
      skipped.put(c, new LongAdder());
    }
    for (String r : DEAD_LETTER_REASONS) {
      deadLettersByReason.put(r, new LongAdder());
    }
  }

  void countSelected(EventCategory c) {
    selected.get(c).increment();
  }

  void countSkipped(EventCategory c) {
    skipped.get(c).increment();
  }

  void deadLetter(String reason) {
    deadLetters.increment();
    LongAdder a = deadLettersByReason.get(reason);
    if (a != null) {
      a.increment();
    }
  }

  void bad(BadReason r) {
    bad.get(r).increment();
  }

  public long messages() {
    return messages.sum();
  }

  public long records() {
    return records.sum();
  }

  public long notSelected() {
    return notSelected.sum();
  }

  public long insightRecords() {
    return insightRecords.sum();
  }

  public long deadLetters() {
    return deadLetters.sum();
  }

  public long badRecords(BadReason r) {
    return bad.get(r).sum();
  }

  /** Records of category {@code c} selected for detection. */
  public long selected(EventCategory c) {
    return selected.get(c).sum();
  }

  /**
   * Records of category {@code c} read but not selected (Insights records count as {@link
   * EventCategory#INSIGHT}).
   */
  public long skipped(EventCategory c) {
    return skipped.get(c).sum();
  }

  /**
   * Messages sent to the dead-letter topic with {@code reason}, one of {@link
   * #DEAD_LETTER_REASONS}.
   */
  public long deadLetters(String reason) {
    LongAdder a = deadLettersByReason.get(reason);
    return a == null ? 0 : a.sum();
  }
}
