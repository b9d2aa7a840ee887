package dev.trailinsights.metrics;

import dev.trailinsights.topology.DigestConfig;
import dev.trailinsights.topology.LiveDetectors;
import dev.trailinsights.topology.ParseCounters;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@link Observability#attach} reads from a running detection application: its Kafka Streams
 * client, its counters and its state changes. The runtime's application implements it, so metrics
 * need not know the runtime.
 */
public interface MonitoredApp {
  /**
   * Adds a listener of the client's state changes; called before the application starts. The
   * listener must not block or close the client.
   */
  void addStateListener(KafkaStreams.StateListener listener);

  /** The Kafka Streams client. */
  KafkaStreams streams();

  /** Counts of what the parse step read and dropped. */
  ParseCounters parseCounters();

  /** The detectors of the tasks this instance runs. */
  LiveDetectors liveDetectors();

  /** The digest configuration, its counters included. */
  DigestConfig digests();
}
