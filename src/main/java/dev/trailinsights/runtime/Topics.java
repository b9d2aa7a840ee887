package dev.trailinsights.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the topics an application needs exist with the expected partition counts before it
 * starts. Kafka Streams creates its own repartition and changelog topics but neither its source nor
 * its sink topics; this creates those (when allowed) and checks the ones that already exist.
 *
 * <p>Every problem is reported at once, in one line naming the topic, the expected and the actual
 * partition count. Calls to the cluster share one bounded deadline.
 */
public final class Topics {

  /** Deadline of {@link #ensureTopics(Admin, List, boolean)} for all its calls to the cluster. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final long VISIBILITY_POLL_MS = 50;

  /** What {@link #ensureTopics} found or did for one topic. */
  public enum Action {
    /** The topic did not exist and was created as specified. */
    CREATED,
    /** The topic exists with the expected partition count. */
    EXISTS,
    /** The topic exists with another partition count, which its spec accepts. */
    EXISTS_WITH_OTHER_PARTITION_COUNT
  }

  /**
   * The result for one topic.
   *
   * @param topic topic name
   * @param action what was found or done
   * @param partitions the topic's partition count now
   * @param expectedPartitions the count its spec asked for
   */
  public record TopicResult(String topic, Action action, int partitions, int expectedPartitions) {
    /** One line for the log, e.g. {@code created topic cloudtrail-events with 6 partitions}. */
    public String describe() {
      return switch (action) {
        case CREATED -> "created topic " + topic + " with " + partitions + " partitions";
        case EXISTS -> "topic " + topic + " exists with " + partitions + " partitions";
        case EXISTS_WITH_OTHER_PARTITION_COUNT ->
            "topic "
                + topic
                + " exists with "
                + partitions
                + " partitions ("
                + expectedPartitions
                + " would have been created)";
      };
    }
  }

  private Topics() {}

  /**
   * {@link #ensureTopics(Admin, List, boolean, Duration)} with {@link #DEFAULT_TIMEOUT}.
   *
   * @param admin client of the target cluster
   * @param specs the topics, each named once
   * @param create whether missing topics may be created
   * @return one outcome per spec, in the order of {@code specs}
   */
  public static List<TopicResult> ensureTopics(Admin admin, List<TopicSpec> specs, boolean create) {
    return ensureTopics(admin, specs, create, DEFAULT_TIMEOUT);
  }

  /**
   * Creates the missing topics when {@code create} is true and checks the partition counts of the
   * existing ones. An existing topic's configuration and replication factor are left as they are. A
   * topic created concurrently by another instance is treated as existing.
   *
   * @param admin client of the target cluster
   * @param specs the topics, each named once
   * @param create whether missing topics may be created
   * @param timeout deadline for all calls to the cluster together
   * @return one outcome per spec, in the order of {@code specs}
   * @throws IllegalArgumentException if a topic is named twice
   * @throws IllegalStateException naming every topic that is missing (with creation disabled),
   *     could not be created, or has a partition count its spec does not accept; or if the cluster
   *     did not answer within {@code timeout}
   */
  public static List<TopicResult> ensureTopics(
      Admin admin, List<TopicSpec> specs, boolean create, Duration timeout) {
    Set<String> names = new HashSet<>();
    for (TopicSpec spec : specs) {
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException("topic " + spec.name() + " is specified twice");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Integer> existing = describe(admin, names, deadline);

    Map<String, TopicResult> outcomes = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<TopicSpec> missing = new ArrayList<>();
    for (TopicSpec spec : specs) {
      Integer actual = existing.get(spec.name());
      if (actual != null) {
        check(spec, actual, outcomes, problems);
      } else if (create) {
        missing.add(spec);
      } else {
        problems.add(
            "topic "
                + spec.name()
                + " does not exist and topic creation is disabled (expected "
                + spec.partitions()
                + " partitions)");
      }
    }
    if (!missing.isEmpty()) {
      Set<String> raced = create(admin, missing, deadline, outcomes, problems);
      Set<String> expected = new HashSet<>(raced);
      for (TopicSpec spec : missing) {
        if (outcomes.containsKey(spec.name())) {
          expected.add(spec.name());
        }
      }
      Map<String, Integer> now = awaitVisible(admin, expected, deadline);
      for (TopicSpec spec : missing) {
        if (raced.contains(spec.name())) {
          check(spec, now.get(spec.name()), outcomes, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    List<TopicResult> ordered = new ArrayList<>(specs.size());
    for (TopicSpec spec : specs) {
      ordered.add(outcomes.get(spec.name()));
    }
    return List.copyOf(ordered);
  }

  private static void check(
      TopicSpec spec, int actual, Map<String, TopicResult> outcomes, List<String> problems) {
    if (actual == spec.partitions()) {
      outcomes.put(
          spec.name(), new TopicResult(spec.name(), Action.EXISTS, actual, spec.partitions()));
    } else if (spec.partitionsMustMatch()) {
      problems.add(
          "topic " + spec.name() + " has " + actual + " partitions, expected " + spec.partitions());
    } else {
      outcomes.put(
          spec.name(),
          new TopicResult(
              spec.name(), Action.EXISTS_WITH_OTHER_PARTITION_COUNT, actual, spec.partitions()));
    }
  }

  /** Partition counts of the topics that exist; missing topics are absent from the result. */
  private static Map<String, Integer> describe(Admin admin, Set<String> names, long deadline) {
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin
            .describeTopics(names, new DescribeTopicsOptions().timeoutMs(remainingMs(deadline)))
            .topicNameValues();
    Map<String, Integer> partitions = new LinkedHashMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
      try {
        partitions.put(e.getKey(), await(e.getValue(), deadline).partitions().size());
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw failure("cannot describe topic " + e.getKey(), ex.getCause());
        }
      }
    }
    return partitions;
  }

  /** Creates the topics; returns those that another client created first. */
  private static Set<String> create(
      Admin admin,
      List<TopicSpec> specs,
      long deadline,
      Map<String, TopicResult> outcomes,
      List<String> problems) {
    List<NewTopic> topics = new ArrayList<>(specs.size());
    for (TopicSpec spec : specs) {
      NewTopic topic =
          spec.replicationFactor() == TopicSpec.BROKER_DEFAULT_REPLICATION
              ? new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
              : new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor());
      topics.add(topic.configs(spec.configs()));
    }
    Map<String, KafkaFuture<Void>> futures =
        admin
            .createTopics(topics, new CreateTopicsOptions().timeoutMs(remainingMs(deadline)))
            .values();
    Set<String> raced = new HashSet<>();
    for (TopicSpec spec : specs) {
      try {
        await(futures.get(spec.name()), deadline);
        outcomes.put(
            spec.name(),
            new TopicResult(spec.name(), Action.CREATED, spec.partitions(), spec.partitions()));
      } catch (ExecutionException ex) {
        if (ex.getCause() instanceof TopicExistsException) {
          raced.add(spec.name());
        } else {
          problems.add("cannot create topic " + spec.name() + ": " + message(ex.getCause()));
        }
      }
    }
    return raced;
  }

  /**
   * Waits until the brokers serve the metadata of topics just created, and returns their partition
   * counts. Creation returns once the controller has committed a topic, slightly before brokers
   * know it, and a client starting right away (a Kafka Streams application) would find it missing.
   */
  private static Map<String, Integer> awaitVisible(Admin admin, Set<String> names, long deadline) {
    Map<String, Integer> visible = new HashMap<>();
    Set<String> pending = new HashSet<>(names);
    while (!pending.isEmpty()) {
      Map<String, Integer> found = describe(admin, pending, deadline);
      visible.putAll(found);
      pending.removeAll(found.keySet());
      if (pending.isEmpty()) {
        break;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "topics " + pending + " were created but did not become visible in time");
      }
      try {
        Thread.sleep(VISIBILITY_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking Kafka topics", e);
      }
    }
    return visible;
  }

  private static <T> T await(KafkaFuture<T> future, long deadline) throws ExecutionException {
    try {
      return future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the Kafka cluster did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka topics", e);
    }
  }

  private static int remainingMs(long deadline) {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }

  private static IllegalStateException failure(String what, Throwable cause) {
    return new IllegalStateException(what + ": " + message(cause), cause);
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
