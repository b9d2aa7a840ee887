package dev.trailinsights.metrics;

import dev.trailinsights.topology.LatencyRecorder;
import io.micrometer.core.instrument.DistributionSummary;
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
  /** Bucket bounds of the event lag, in seconds: 1 s to 7 days. */
  private static final double[] LAG_BUCKETS = {
    1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 6 * 3600, 86_400, 7 * 86_400
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

  // a summary in seconds, not a timer: a timer sums nanoseconds in a long, which a backfill of
  // old events (days of lag each) overflows
  private volatile DistributionSummary lag;
  private volatile Timer delay;

  @Override
  public void bindTo(MeterRegistry registry) {
    lag =
        DistributionSummary.builder("trail.insights.event.lag")
            .description(
                "Wall clock minus eventTime of each selected record when it is read (negative"
                    + " lag from clock skew counts as zero)")
            .baseUnit("seconds")
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
    DistributionSummary s = lag;
    if (s != null) {
      s.record(Math.max(0, millis) / 1000.0);
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
