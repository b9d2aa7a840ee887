package dev.trailinsights.detect;

/**
 * What one {@link Detector} has done, as plain counters (single writer). Drivers print them in
 * summaries and expose them as metrics.
 */
public final class DetectionCounters {
  long counted;
  long late;
  long duplicates;
  long keysCreated;
  long starts;
  long ends;
  long errorSeriesFull;
  long errorSeriesEvicted;
  long untrackedEvents;
  long untrackedKeys;
  boolean untrackedKeysSaturated;

  /** Events counted in a series. */
  public long counted() {
    return counted;
  }

  /** Events dropped because their minute was already closed. */
  public long late() {
    return late;
  }

  /** Events dropped as repeated {@code eventID}s. */
  public long duplicates() {
    return duplicates;
  }

  /** API keys created. */
  public long keysCreated() {
    return keysCreated;
  }

  /** Start records emitted. */
  public long starts() {
    return starts;
  }

  /** End records emitted. */
  public long ends() {
    return ends;
  }

  /** Error events not counted because every error-code series of the key had an open insight. */
  public long errorSeriesFull() {
    return errorSeriesFull;
  }

  /** Error-code series dropped to make room for a new error code. */
  public long errorSeriesEvicted() {
    return errorSeriesEvicted;
  }

  /** Events of API keys not tracked because {@code detection.max-keys} keys were. */
  public long untrackedEvents() {
    return untrackedEvents;
  }

  /**
   * Distinct API keys whose events were not tracked because {@code detection.max-keys} keys were
   * (exact up to several hundred thousand; see {@link #untrackedKeysAtLeast()}).
   */
  public long untrackedKeys() {
    return untrackedKeys;
  }

  /** Whether {@link #untrackedKeys()} stopped counting: there were at least that many. */
  public boolean untrackedKeysAtLeast() {
    return untrackedKeysSaturated;
  }

  /** Adds {@code other}'s counts to these, e.g. to keep the totals of a detector that is gone. */
  public void add(DetectionCounters other) {
    counted += other.counted;
    late += other.late;
    duplicates += other.duplicates;
    keysCreated += other.keysCreated;
    starts += other.starts;
    ends += other.ends;
    errorSeriesFull += other.errorSeriesFull;
    errorSeriesEvicted += other.errorSeriesEvicted;
    untrackedEvents += other.untrackedEvents;
    untrackedKeys += other.untrackedKeys;
    untrackedKeysSaturated |= other.untrackedKeysSaturated;
  }
}
