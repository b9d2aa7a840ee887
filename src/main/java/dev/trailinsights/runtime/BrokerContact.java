package dev.trailinsights.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * How long ago the Kafka cluster last answered this instance. Every {@code every} it asks the
 * cluster for its id and node list (a metadata round trip to a broker); {@link #age()} is the time
 * since the last answer. Kafka Streams itself hides an unreachable cluster: its threads keep
 * retrying and the client stays {@code RUNNING}, while nothing can be read, written or committed.
 */
public final class BrokerContact implements AutoCloseable {
  private final Admin admin;
  private final Duration every;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService timer;
  private volatile long lastAnswerNanos;

  /**
   * A probe through {@code admin}, not yet started; the first answer is counted from now.
   *
   * @param every time between probes, also each probe's timeout
   */
  public BrokerContact(Admin admin, Duration every, LongSupplier nanoClock) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.every = Objects.requireNonNull(every, "every");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.lastAnswerNanos = nanoClock.getAsLong();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "trail-insights-broker-contact");
              t.setDaemon(true);
              return t;
            });
  }

  /** The probe interval for a readiness limit: a third of it, at most 5 seconds. */
  public static Duration intervalFor(Duration limit) {
    Duration third = limit.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(5)) < 0 ? third : Duration.ofSeconds(5);
  }

  /** Starts probing in the background. */
  public void start() {
    timer.scheduleWithFixedDelay(this::probe, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round trip; records the time when the cluster answered. */
  void probe() {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) every.toMillis()))
          .nodes()
          .get(every.toMillis() + 1000, TimeUnit.MILLISECONDS);
      lastAnswerNanos = nanoClock.getAsLong();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // no answer: the age keeps growing
    }
  }

  /** Time since the cluster last answered (or since this probe was created). */
  public Duration age() {
    return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - lastAnswerNanos));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(1));
  }
}
