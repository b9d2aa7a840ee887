package dev.trailinsights.metrics;

import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.topology.LiveDetectors;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * What the detectors of this instance have done, from {@link LiveDetectors}: late and duplicate
 * events dropped, API keys created, error-code series evicted and error events not counted,
 * Insights events emitted by type and state (monotonic over task moves), and the detector tasks
 * running here.
 */
public final class DetectionMetrics implements MeterBinder {
  private final LiveDetectors live;

  public DetectionMetrics(LiveDetectors live) {
    this.live = Objects.requireNonNull(live, "live");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    total(
        registry,
        "trail.insights.late.events",
        "Events dropped because their minute was already closed",
        "events",
        DetectionCounters::late);
    total(
        registry,
        "trail.insights.duplicate.events",
        "Events dropped as repeated eventIDs",
        "events",
        DetectionCounters::duplicates);
    total(
        registry,
        "trail.insights.created.keys",
        "API keys (account, region, event source, event name) seen for the first time",
        "keys",
        DetectionCounters::keysCreated);
    total(
        registry,
        "trail.insights.untracked.events",
        "Events of API keys not tracked because a detector task held detection.max-keys keys",
        "events",
        DetectionCounters::untrackedEvents);
    total(
        registry,
        "trail.insights.untracked.keys",
        "API keys not tracked because a detector task held detection.max-keys keys (counted"
            + " once per task run)",
        "keys",
        DetectionCounters::untrackedKeys);
    total(
        registry,
        "trail.insights.evicted.error.series",
        "Error-code series of an API key dropped to make room for a new error code (the fewest"
            + " errors in the baseline window go first)",
        "series",
        DetectionCounters::errorSeriesEvicted);
    total(
        registry,
        "trail.insights.uncounted.error.events",
        "Error events not counted because every error-code series of their API key had an open"
            + " insight",
        "events",
        DetectionCounters::errorSeriesFull);
    for (InsightType t : InsightType.values()) {
      for (InsightState s : InsightState.values()) {
        FunctionCounter.builder("trail.insights.emitted.insights", live, l -> l.emitted(t, s))
            .description("Insights events written to the output topic, by type and state")
            .baseUnit("insights")
            .tags("type", t.awsName(), "state", s.awsName())
            .register(registry);
      }
    }
    Gauge.builder("trail.insights.detector.tasks", live, LiveDetectors::tasks)
        .description("Detector tasks (input partitions after repartitioning) running here")
        .baseUnit("tasks")
        .register(registry);
  }

  private void total(
      MeterRegistry registry,
      String name,
      String description,
      String unit,
      ToLongFunction<DetectionCounters> counter) {
    FunctionCounter.builder(name, live, l -> l.total(counter))
        .description(description)
        .baseUnit(unit)
        .register(registry);
  }
}
