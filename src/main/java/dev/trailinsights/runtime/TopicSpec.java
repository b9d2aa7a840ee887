package dev.trailinsights.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A topic the application needs: its name, the partition count it is created with, its replication
 * factor and topic-level configuration ({@code cleanup.policy}, {@code retention.ms}, ...).
 *
 * <p>{@code partitionsMustMatch} says whether an existing topic with another partition count is an
 * error. It is for topics whose partitioning the application relies on, such as co-partitioned
 * inputs; a topic that is only read or written (any key, any partition) can take the count the
 * cluster already has, see {@link #anyPartitionCount()}.
 *
 * @param name topic name: 1 to 249 characters from {@code a-zA-Z0-9._-}
 * @param partitions partitions when created, and the expected count when it must match; at least 1
 * @param replicationFactor replicas when created, or {@link #BROKER_DEFAULT_REPLICATION} for the
 *     broker's {@code default.replication.factor}
 * @param configs topic-level configuration applied when the topic is created; an existing topic's
 *     configuration is left as it is
 * @param partitionsMustMatch whether an existing topic must have exactly {@code partitions}
 */
public record TopicSpec(
    String name,
    int partitions,
    int replicationFactor,
    Map<String, String> configs,
    boolean partitionsMustMatch) {

  /** Replication factor meaning "the broker's {@code default.replication.factor}". */
  public static final int BROKER_DEFAULT_REPLICATION = -1;

  /** Kafka's rule for topic names. */
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** Validates and copies the configuration. */
  public TopicSpec {
    Objects.requireNonNull(name, "topic name");
    if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "illegal topic name '"
              + name
              + "': use 1 to 249 characters from a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor != BROKER_DEFAULT_REPLICATION
        && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "topic "
              + name
              + ": replication factor must be between 1 and "
              + Short.MAX_VALUE
              + " (or -1 for the broker default), got "
              + replicationFactor);
    }
    configs = Map.copyOf(Objects.requireNonNull(configs, "topic configs"));
  }

  /** A topic whose existing partition count must equal {@code partitions}. */
  public TopicSpec(
      String name, int partitions, int replicationFactor, Map<String, String> configs) {
    this(name, partitions, replicationFactor, configs, true);
  }

  /** This topic, accepting whatever partition count an existing topic has. */
  public TopicSpec anyPartitionCount() {
    return new TopicSpec(name, partitions, replicationFactor, configs, false);
  }
}
