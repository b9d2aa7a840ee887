package dev.trailinsights.metrics;

import dev.trailinsights.topology.LiveDetectors;
import dev.trailinsights.topology.ParseCounters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Event-time progress, so an SRE sees a stalled or lagging input partition: each input partition's
 * progress as read here (tagged by partition number: bounded by the input's partition count), the
 * skew between the fastest and slowest input partition and the watermark's lag behind the clock as
 * the detector tasks here see them, idle partitions, and events waiting for the watermark.
 */
public final class EventTimeMetrics implements MeterBinder {
  private final ParseCounters parse;
  private final LiveDetectors live;
  private final Clock clock;
  private final Set<Integer> registered = new HashSet<>();
  private MeterRegistry registry;

  public EventTimeMetrics(ParseCounters parse, LiveDetectors live, Clock clock) {
    this.parse = Objects.requireNonNull(parse, "parse");
    this.live = Objects.requireNonNull(live, "live");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("trail.insights.watermark.lag", this, EventTimeMetrics::watermarkLagSeconds)
        .description(
            "Wall clock minus the oldest watermark of the detector tasks here (the slowest input"
                + " partition's event time); NaN before every input partition has reported")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("trail.insights.input.skew", live, l -> l.maxSkewMillis() / 1000.0)
        .description(
            "Event time between the fastest and the slowest active input partition, as a detector"
                + " task here sees them")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("trail.insights.input.idle.partitions", parse, ParseCounters::idleInputPartitions)
        .description(
            "Input partitions read here that had no records for input.idle-timeout and no longer"
                + " hold event time back")
        .baseUnit("partitions")
        .register(registry);
    Gauge.builder("trail.insights.deferred.events", live, LiveDetectors::deferredEvents)
        .description(
            "Events read further ahead of the watermark than a key's open minutes reach, waiting"
                + " on disk until it comes closer")
        .baseUnit("events")
        .register(registry);
    parse.onProgressPartition(this::register);
  }

  private synchronized void register(int partition) {
    if (registry == null || !registered.add(partition)) {
      return;
    }
    Gauge.builder(
            "trail.insights.input.progress",
            parse,
            p -> {
              Long ms = p.inputProgress().get(partition);
              return ms == null || ms == Long.MIN_VALUE ? Double.NaN : ms / 1000.0;
            })
        .description(
            "Newest event time read from an input partition (epoch seconds), for the partitions"
                + " read by this instance")
        .baseUnit("seconds")
        .tags("partition", Integer.toString(partition))
        .register(registry);
  }

  private double watermarkLagSeconds() {
    long w = live.oldestWatermarkMillis();
    if (w == Long.MIN_VALUE || w == Long.MAX_VALUE) {
      return Double.NaN;
    }
    return (clock.millis() - w) / 1000.0;
  }
}
