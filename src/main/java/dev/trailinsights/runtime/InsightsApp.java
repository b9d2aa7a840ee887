package dev.trailinsights.runtime;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.metrics.MonitoredApp;
import dev.trailinsights.topology.DigestConfig;
import dev.trailinsights.topology.InsightsTopology;
import dev.trailinsights.topology.LatencyRecorder;
import dev.trailinsights.topology.LiveDetectors;
import dev.trailinsights.topology.ParseCounters;
import dev.trailinsights.topology.TopologyOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * One running instance of the detector topology: owns the {@link KafkaStreams} client built from
 * {@link InsightsTopology#build}, with production defaults set in code.
 *
 * <p>A stream thread that dies of an unexpected exception is replaced, so one bad moment (a broker
 * restart, a fenced transaction) does not stop processing. A failure that keeps coming back would
 * then loop forever while looking alive: after {@value #MAX_THREAD_FAILURES} failures within {@link
 * #THREAD_FAILURE_WINDOW} the client shuts down instead and goes to {@link
 * KafkaStreams.State#ERROR}, with {@link #lastFailure()} saying why.
 */
public final class InsightsApp implements MonitoredApp, AutoCloseable {
  /** Thread failures within {@link #THREAD_FAILURE_WINDOW} that shut the client down. */
  public static final int MAX_THREAD_FAILURES = 3;

  /** Window in which {@link #MAX_THREAD_FAILURES} thread failures shut the client down. */
  public static final Duration THREAD_FAILURE_WINDOW = Duration.ofMinutes(10);

  private final KafkaStreams streams;
  private final List<KafkaStreams.StateListener> stateListeners = new CopyOnWriteArrayList<>();
  private final Deque<Long> failureTimes = new ArrayDeque<>();
  private volatile Throwable lastFailure;
  private final ParseCounters parseCounters = new ParseCounters();
  private final LiveDetectors liveDetectors = new LiveDetectors();
  private final Topology topology;
  private final DigestConfig digests;

  /**
   * @param streamsProperties from {@link #streamsProperties}
   * @param latency receives the event lag and detection delay of the topology
   */
  public InsightsApp(
      Properties streamsProperties,
      TopologyOptions topics,
      DetectorConfig detection,
      LatencyRecorder latency) {
    this(streamsProperties, topics, detection, latency, DigestConfig.off());
  }

  /**
   * @param streamsProperties from {@link #streamsProperties}
   * @param latency receives the event lag and detection delay of the topology
   * @param digests signed digests of the Insights records, or {@link DigestConfig#off()}
   */
  public InsightsApp(
      Properties streamsProperties,
      TopologyOptions topics,
      DetectorConfig detection,
      LatencyRecorder latency,
      DigestConfig digests) {
    this.digests = digests;
    this.topology =
        InsightsTopology.build(topics, detection, parseCounters, liveDetectors, latency, digests);
    this.streams = new KafkaStreams(topology, streamsProperties);
    this.streams.setUncaughtExceptionHandler(e -> onThreadFailure(e, System.nanoTime()));
    this.streams.setStateListener(
        (now, before) -> {
          for (KafkaStreams.StateListener l : stateListeners) {
            l.onChange(now, before);
          }
        });
  }

  /** Replaces the failed thread unless failures keep coming back; see the class comment. */
  synchronized StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onThreadFailure(
      Throwable e, long nanoTime) {
    lastFailure = e;
    failureTimes.addLast(nanoTime);
    while (nanoTime - failureTimes.peekFirst() > THREAD_FAILURE_WINDOW.toNanos()) {
      failureTimes.removeFirst();
    }
    return failureTimes.size() >= MAX_THREAD_FAILURES
        ? StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT
        : StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /**
   * Adds a listener of the client's state changes, called on Kafka Streams' threads; must not block
   * or close the client. Add listeners before {@link #start()}.
   */
  @Override
  public void addStateListener(KafkaStreams.StateListener listener) {
    stateListeners.add(listener);
  }

  /** The last exception that killed a stream thread, if any. */
  public Optional<Throwable> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /**
   * The Kafka Streams configuration: production defaults first, then {@code overrides} (the user's
   * {@code KAFKA_*} and {@code kafka.*} settings, TLS and SASL included), which win.
   *
   * <p>Defaults: {@code exactly_once_v2}; {@code acks=all}; explicit names required for every
   * internal topic and store; failures inside a processor, the global history store's included, are
   * logged, counted and sent to the dead-letter topic instead of killing the thread.
   */
  public static Properties streamsProperties(
      String applicationId,
      String bootstrapServers,
      TopologyOptions topics,
      Map<String, String> overrides) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    // failures in the global history store updater go to the handler too
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Each stream thread's partition assignor re-reads the Streams configuration from its
    // consumer's configuration, which holds consumer properties only, and warns that the handler
    // is off for the global thread (once per thread and start). It is on (above); the same value
    // given to the main consumer reaches the assignor and keeps that false warning out of the log.
    p.put(
        StreamsConfig.mainConsumerPrefix(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        true);
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetterTopic());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.putAll(overrides);
    return p;
  }

  public void start() {
    streams.start();
  }

  @Override
  public KafkaStreams streams() {
    return streams;
  }

  public Topology topology() {
    return topology;
  }

  @Override
  public ParseCounters parseCounters() {
    return parseCounters;
  }

  @Override
  public LiveDetectors liveDetectors() {
    return liveDetectors;
  }

  /** The digest configuration, its counters included. */
  @Override
  public DigestConfig digests() {
    return digests;
  }

  /** Stops processing, commits, and leaves the group so partitions move at once. */
  public void close(Duration timeout) {
    streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
