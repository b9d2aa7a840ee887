package dev.trailinsights.metrics;

import dev.trailinsights.runtime.RetentionCheck;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The start-up retention check as a gauge per written topic: 1 when the topic keeps its records for
 * less than this application would create it with, so a backlog's insights would be deleted.
 */
public final class RetentionMetrics implements MeterBinder {
  private final Set<RetentionCheck.Role> shortTopics = EnumSet.noneOf(RetentionCheck.Role.class);

  /** The gauges of {@code findings}, from {@link RetentionCheck#check}. */
  public RetentionMetrics(List<RetentionCheck.Finding> findings) {
    for (RetentionCheck.Finding f : findings) {
      shortTopics.add(f.role());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (RetentionCheck.Role role : RetentionCheck.Role.values()) {
      Gauge.builder(
              "trail.insights.topic.retention.short", () -> shortTopics.contains(role) ? 1 : 0)
          .description(
              "1 when the topic's retention.ms, measured against event-time record timestamps,"
                  + " is shorter than wanted (topics.output-retention, history.retention), so"
                  + " what a backlog writes there is deleted; see the start-up log")
          .tag("topic", role.tag())
          .register(registry);
    }
  }
}
