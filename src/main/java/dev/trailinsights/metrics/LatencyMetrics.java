package dev.trailinsights.metrics;

import dev.trailinsights.topology.LatencyRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The topology's latencies as Prometheus histograms: event lag (wall clock minus {@code eventTime}
 * when a selected record is read) and detection delay (from reading the message whose event crossed
 * the threshold to writing the Start). Records nothing until bound.
 */
public final class LatencyMetrics implements MeterBinder, LatencyRecorder {
  private static final Duration[] LAG_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(6),
    Duration.ofDays(1),
    Duration.ofDays(7)
  };
  private static final Duration[] DELAY_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5)
  };

  private volatile Timer lag;
  private volatile Timer delay;

  @Override
  public void bindTo(MeterRegistry registry) {
    lag =
        Timer.builder("trail.insights.event.lag")
            .description(
                "Wall clock minus eventTime of each selected record when it is read (negative"
                    + " lag from clock skew counts as zero)")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    delay =
        Timer.builder("trail.insights.detection.delay")
            .description(
                "From reading the message whose event crossed the threshold to writing the Start"
                    + " insight")
            .serviceLevelObjectives(DELAY_BUCKETS)
            .register(registry);
  }

  @Override
  public void eventLag(long millis) {
    Timer t = lag;
    if (t != null) {
      t.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void detectionDelay(long millis) {
    Timer t = delay;
    if (t != null) {
      t.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
  }
}
