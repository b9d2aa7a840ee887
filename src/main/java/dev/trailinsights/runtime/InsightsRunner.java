package dev.trailinsights.runtime;

import dev.trailinsights.config.SettingType;
import dev.trailinsights.topology.LatencyRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one {@code run} instance: connect to the cluster, make sure the topics exist, run the
 * detector topology until asked to stop or until Kafka Streams fails, and close cleanly.
 *
 * <pre>{@code
 * InsightsRunner runner = new InsightsRunner(config, LatencyRecorder.NONE, app -> {});
 * runner.start();      // connect, ensure topics, start Kafka Streams
 * runner.awaitStop();  // returns after stop() (from another thread), throws on failure
 * }</pre>
 *
 * <p>Start-up logs one line of effective configuration (secrets hidden), one line per topic, and
 * one line when the client first reaches RUNNING, with the time it took.
 */
public final class InsightsRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InsightsRunner.class);

  private final RunConfig config;
  private final long createdNanos = System.nanoTime();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch running = new CountDownLatch(1);
  private volatile boolean failed;
  private volatile long startupNanos = -1;
  private List<Topics.TopicResult> topics = List.of();
  private List<RetentionCheck.Finding> retention = List.of();
  private BrokerContact brokerContact;
  private InsightsApp app;
  private boolean closed;

  private final LatencyRecorder latency;
  private final Consumer<InsightsApp> beforeStart;

  /**
   * @param latency receives the topology's event lag and detection delay
   * @param beforeStart called with the application once it is built, before Kafka Streams starts:
   *     the place to add state listeners and bind metrics
   */
  public InsightsRunner(
      RunConfig config, LatencyRecorder latency, Consumer<InsightsApp> beforeStart) {
    this.config = Objects.requireNonNull(config, "config");
    this.latency = Objects.requireNonNull(latency, "latency");
    this.beforeStart = Objects.requireNonNull(beforeStart, "beforeStart");
  }

  /**
   * Connects, ensures the topics and starts Kafka Streams; returns without waiting for it to reach
   * RUNNING (restoring state may take long), see {@link #awaitRunning}.
   *
   * @throws IllegalStateException in one line when the cluster cannot be reached within {@code
   *     kafka.startup-timeout}, or a topic is missing (creation disabled), cannot be created or is
   *     not accessible
   */
  public synchronized void start() {
    if (app != null) {
      throw new IllegalStateException("already started");
    }
    LOG.info("starting: {}", config.describe());
    LOG.info(
        config.digests().enabled()
            ? "integrity: " + config.digests()
            : "integrity: digests off (no integrity.signing-key-file or"
                + " integrity.signing-key-material): verify cannot prove these insights");
    try (Admin admin =
        Startup.connect(
            config.adminProperties(),
            config.bootstrapServers(),
            config.startupTimeout(),
            config.client())) {
      topics =
          Topics.ensureTopics(
              admin, config.topicSpecs(), config.createTopics(), config.startupTimeout());
      for (Topics.TopicResult o : topics) {
        LOG.info(o.describe());
      }
      checkRetention(admin);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(config.client().sanitize(e.getMessage()), e);
    }
    int inputPartitions = topics.get(0).partitions();
    LOG.info(
        "input topic {} has {} partitions: at most {} stream threads do work across all"
            + " instances",
        config.topology().inputTopic(),
        inputPartitions,
        inputPartitions);
    // the watermark waits for a progress report from every input partition
    InsightsApp created =
        new InsightsApp(
            config.streamsProperties(),
            config.topology().withInputPartitions(inputPartitions),
            config.detection(),
            latency,
            config.digests());
    created.addStateListener(this::onStateChange);
    brokerContact =
        new BrokerContact(
            Admin.create(config.adminProperties()),
            BrokerContact.intervalFor(config.brokerTimeout()),
            System::nanoTime);
    beforeStart.accept(created);
    app = created;
    brokerContact.start();
    created.start();
  }

  /** Warns once per written topic whose retention would delete what is about to be written. */
  private void checkRetention(Admin admin) {
    try {
      retention = RetentionCheck.check(admin, config, config.startupTimeout());
    } catch (IllegalStateException e) {
      // e.g. no DescribeConfigs permission: the check is advice, not a reason to stop
      LOG.warn("{}; retention not checked", config.client().sanitize(e.getMessage()));
      return;
    }
    for (RetentionCheck.Finding f : retention) {
      LOG.warn(f.describe());
    }
  }

  private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
    LOG.info("Kafka Streams {} -> {}", before, now);
    if (now == KafkaStreams.State.RUNNING && startupNanos < 0) {
      startupNanos = System.nanoTime() - createdNanos;
      LOG.info("running after {} ms", TimeUnit.NANOSECONDS.toMillis(startupNanos));
      running.countDown();
    } else if (now == KafkaStreams.State.ERROR) {
      failed = true;
      stopSignal.countDown();
      running.countDown();
    }
  }

  /**
   * Waits until Kafka Streams first reaches RUNNING.
   *
   * @return true when running, false when the time ran out or the client failed first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && startupNanos >= 0;
  }

  /** Time from construction to the first RUNNING state, or null when not reached yet. */
  public Duration startupTime() {
    long n = startupNanos;
    return n < 0 ? null : Duration.ofNanos(n);
  }

  /** What start-up found or did for each topic: input, output, dead letters. */
  public synchronized List<Topics.TopicResult> topics() {
    return topics;
  }

  /** The written topics whose retention is shorter than wanted, found at start-up. */
  public synchronized List<RetentionCheck.Finding> retention() {
    return retention;
  }

  /** How long ago the cluster last answered; null before {@link #start()}. */
  public synchronized BrokerContact brokerContact() {
    return brokerContact;
  }

  /** The running application; null before {@link #start()}. */
  public synchronized InsightsApp app() {
    return app;
  }

  /** Asks {@link #awaitStop()} to return; safe from any thread, including a shutdown hook. */
  public void stop() {
    stopSignal.countDown();
  }

  /**
   * Blocks until {@link #stop()} is called or Kafka Streams fails, then closes Kafka Streams
   * (bounded by {@code streams.close-timeout}).
   *
   * @throws IllegalStateException in one line when Kafka Streams went to ERROR (with the reason) or
   *     did not close in time
   */
  public void awaitStop() throws InterruptedException {
    stopSignal.await();
    closeApp();
  }

  private void closeApp() {
    InsightsApp a;
    synchronized (this) {
      if (brokerContact != null) {
        brokerContact.close();
      }
      if (closed || app == null) {
        closed = true;
        return;
      }
      closed = true;
      a = app;
    }
    if (failed) {
      String reason =
          a.lastFailure()
              .map(t -> Startup.reason(t, config.client()))
              .orElse("see the log above for the cause");
      LOG.error("Kafka Streams failed: {}", reason);
      a.close(config.closeTimeout());
      throw new IllegalStateException("Kafka Streams stopped with an error: " + reason);
    }
    LOG.info("stopping");
    long t0 = System.nanoTime();
    a.close(config.closeTimeout());
    KafkaStreams.State state = a.streams().state();
    if (state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.ERROR) {
      throw new IllegalStateException(
          "Kafka Streams did not close within "
              + SettingType.format(config.closeTimeout())
              + " (state "
              + state
              + ")");
    }
    LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /** Stops and closes; for try-with-resources. Failures are logged, not thrown. */
  @Override
  public void close() {
    stop();
    try {
      closeApp();
    } catch (IllegalStateException e) {
      LOG.warn(e.getMessage());
    }
  }
}
