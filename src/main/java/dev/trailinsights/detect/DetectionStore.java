package dev.trailinsights.detect;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Where an {@link EventTimeDriver} keeps what it must not lose: per-key states, the first minute of
 * each account and region, the keys with an open insight or a minute still to judge, the progress
 * of each input partition and the events that came too far ahead of the watermark. In memory for
 * {@code replay}; in changelogged state stores live, so a restart or a task move resumes exactly.
 * Not thread-safe.
 */
public interface DetectionStore {
  /** The key's state, or null for a key not seen yet. */
  ApiState state(String key);

  /**
   * A key without state is about to get one: whether it may. False when {@code detection.max-keys}
   * keys are tracked already; the store then counts the event as untracked, and the driver drops
   * it.
   */
  boolean admitKey(String key);

  /** Stores the key's state after a change. */
  void putState(String key, ApiState state);

  /** First minute of history of {@code scope} ({@code account|region}), or null if unknown. */
  Long scopeStart(String scope);

  void putScopeStart(String scope, long minute);

  /** Marks the key as having an open insight (the watermark keeps closing its minutes) or not. */
  void putOpen(String key, boolean open);

  /** Keys with an open insight, for a restart. */
  Iterable<String> openKeys();

  /** The key's oldest minute counted before the watermark reached it, or removes it (null). */
  void putPending(String key, Long minute);

  /** Keys with minutes still to judge and the oldest of them, for a restart. */
  Map<String, Long> pendingKeys();

  /** Stores what is known of one input partition. */
  void putUpstream(int partition, int partitionCount, Watermarks.Upstream upstream);

  /** Calls {@code f(partitionCount, partition -> upstream)} for a restart. */
  void forEachUpstream(UpstreamConsumer f);

  /**
   * Keeps an event whose minute is beyond what can be counted now; {@code sequence} orders events
   * of one minute (their order of arrival).
   */
  void defer(long minute, long sequence, String key, CompactEvent event);

  /**
   * Hands every deferred event of a minute up to {@code throughMinute} to {@code sink}, oldest
   * minute first and in arrival order within a minute, and forgets it.
   */
  void releaseDeferred(long throughMinute, BiConsumer<String, CompactEvent> sink);

  /** The oldest deferred minute, or {@code Long.MAX_VALUE} when none is deferred. */
  long oldestDeferredMinute();

  /** Events deferred now (approximate where the store can only estimate). */
  long deferredEvents();

  /** Receives one stored input partition. */
  @FunctionalInterface
  interface UpstreamConsumer {
    void accept(int partition, int partitionCount, Watermarks.Upstream upstream);
  }
}
