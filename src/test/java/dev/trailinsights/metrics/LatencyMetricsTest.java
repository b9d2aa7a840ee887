package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LatencyMetrics latency = new LatencyMetrics();

  @Test
  void shouldSumTheLagOfABackfillOfOldEventsWithoutOverflow() {
    latency.bindTo(registry);
    long lag = Duration.ofDays(300).toMillis();

    for (int i = 0; i < 100_000; i++) {
      latency.eventLag(lag);
    }

    assertThat(registry.get("trail.insights.event.lag").summary().totalAmount())
        .isCloseTo(100_000 * (lag / 1000.0), org.assertj.core.data.Percentage.withPercentage(1e-6));
    assertThat(registry.scrape())
        .contains("trail_insights_event_lag_seconds_count 100000")
        .contains("trail_insights_event_lag_seconds_bucket{le=\"604800.0\"} 0")
        .contains("trail_insights_event_lag_seconds_bucket{le=\"+Inf\"} 100000");
  }

  @Test
  void shouldCountClockSkewAsNoLagAndBucketDelays() {
    latency.bindTo(registry);

    latency.eventLag(-5_000);
    latency.eventLag(2_000);
    latency.detectionDelay(80);
    latency.detectionDelay(3_000);

    String text = registry.scrape();
    assertThat(text)
        .contains("trail_insights_event_lag_seconds_bucket{le=\"1.0\"} 1")
        .contains("trail_insights_event_lag_seconds_bucket{le=\"5.0\"} 2")
        .contains("trail_insights_event_lag_seconds_sum 2.0")
        .contains("trail_insights_detection_delay_seconds_bucket{le=\"0.1\"} 1")
        .contains("trail_insights_detection_delay_seconds_bucket{le=\"2.5\"} 1")
        .contains("trail_insights_detection_delay_seconds_bucket{le=\"5.0\"} 2");
  }

  @Test
  void shouldRecordNothingBeforeBeingBound() {
    latency.eventLag(1_000);
    latency.detectionDelay(1_000);
    latency.bindTo(registry);

    assertThat(registry.scrape()).contains("trail_insights_event_lag_seconds_count 0");
  }
}
