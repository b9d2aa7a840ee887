package dev.trailinsights.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The start-up retention check as a gauge per written topic: 1 when the topic keeps its records for
 * less than this application would create it with, so a backlog's insights would be deleted.
 */
public final class RetentionMetrics implements MeterBinder {
  private final Map<String, Boolean> shortByTopic;

  /**
   * The gauges of a retention check.
   *
   * @param shortByTopic each written topic's tag ({@code output}, {@code dead-letter}, {@code
   *     history}; a fixed, bounded set) and whether its retention is too short, in gauge order
   */
  public RetentionMetrics(Map<String, Boolean> shortByTopic) {
    this.shortByTopic = new LinkedHashMap<>(shortByTopic);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    shortByTopic.forEach(
        (topic, isShort) ->
            Gauge.builder("trail.insights.topic.retention.short", () -> isShort ? 1 : 0)
                .description(
                    "1 when the topic's retention.ms, measured against event-time record"
                        + " timestamps, is shorter than wanted (topics.output-retention,"
                        + " history.retention), so what a backlog writes there is deleted; see the"
                        + " start-up log")
                .tag("topic", topic)
                .register(registry));
  }
}
