package dev.trailinsights.topology;

import dev.trailinsights.event.BadReason;
import java.util.EnumMap;
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

  public ParseCounters() {
    for (BadReason r : BadReason.values()) {
      bad.put(r, new LongAdder());
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
}
