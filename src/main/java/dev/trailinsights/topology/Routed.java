package dev.trailinsights.topology;

import dev.trailinsights.detect.CompactEvent;

/**
 * What crosses the repartition topic to the detector: selected events, keyed by API key, and two
 * kinds of control record that the parse step sends to every partition so that each detector task
 * sees the whole input's event-time progress, whatever partition its keys' events came from.
 */
sealed interface Routed extends Parsed {
  /** A selected record in compact form, keyed by its API key. */
  record Event(CompactEvent event) implements Routed {}

  /**
   * Input partition {@code partition} of {@code partitions} has been read up to {@code
   * progressMillis} of event time ({@code Long.MIN_VALUE}: nothing readable yet), or has had no
   * records for the idleness timeout ({@code idle}).
   */
  record Progress(int partition, int partitions, long progressMillis, boolean idle)
      implements Routed {}

  /**
   * Account and region {@code scope} has an event at {@code minute}: sent by each parse task when
   * it first sees the scope, and again when it sees an earlier minute of it.
   */
  record ScopeStart(String scope, long minute) implements Routed {}
}
