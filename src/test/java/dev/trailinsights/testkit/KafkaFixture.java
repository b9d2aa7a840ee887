package dev.trailinsights.testkit;

import dev.trailinsights.runtime.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka cluster for integration tests, as a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();
 *
 * @Test
 * void shouldRoundTrip() {
 *   String topic = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 3);
 *   kafka.produce(topic, List.of(new ProducerRecord<>(topic, key, value)));
 *   assertThat(kafka.consumeAll(topic, 1, Duration.ofSeconds(10))).hasSize(1);
 * }
 * }</pre>
 *
 * <p>The cluster is chosen once per test run and shared by every test class, so tests must use
 * their own topics ({@link #uniqueTopic}): the cluster given by the system property {@value
 * #BOOTSTRAP_PROPERTY} if set; else a Testcontainers {@code apache/kafka} container if Docker is
 * available (image overridable with {@value #IMAGE_PROPERTY}); else the in-process {@link
 * EmbeddedKafka}. It is stopped when the test run ends.
 */
public final class KafkaFixture implements BeforeAllCallback, AfterAllCallback {

  /** System property naming an external cluster's bootstrap servers. */
  public static final String BOOTSTRAP_PROPERTY = "trail-insights.it.bootstrap";

  /** System property overriding the Kafka image used with Docker. */
  public static final String IMAGE_PROPERTY = "trail-insights.it.kafka-image";

  /** Kafka image used with Docker unless overridden. */
  public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaFixture.class);
  private static final AtomicLong TOPIC_SEQUENCE = new AtomicLong();

  /** Where the cluster comes from. */
  public enum Backend {
    /** A running cluster named by {@value #BOOTSTRAP_PROPERTY}. */
    EXTERNAL,
    /** A Testcontainers {@code apache/kafka} container. */
    TESTCONTAINERS,
    /** The in-process {@link EmbeddedKafka}. */
    EMBEDDED
  }

  private Cluster cluster;
  private Admin admin;

  /**
   * The backend for a run: an external cluster if one is named (Docker is then not probed), else
   * Docker if available, else the embedded broker.
   *
   * @param externalBootstrap value of {@value #BOOTSTRAP_PROPERTY}, or null
   * @param dockerAvailable probe for a usable Docker daemon
   */
  static Backend choose(String externalBootstrap, BooleanSupplier dockerAvailable) {
    if (externalBootstrap != null && !externalBootstrap.isBlank()) {
      return Backend.EXTERNAL;
    }
    return dockerAvailable.getAsBoolean() ? Backend.TESTCONTAINERS : Backend.EMBEDDED;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Cluster.class, type -> startCluster(), Cluster.class);
    admin = Admin.create(clientConfig());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (admin != null) {
      admin.close(CALL_TIMEOUT);
      admin = null;
    }
  }

  /** The backend in use. */
  public Backend backend() {
    return cluster().backend();
  }

  /** {@code bootstrap.servers} of the cluster. */
  public String bootstrapServers() {
    return cluster().bootstrapServers();
  }

  /**
   * Client configuration with the bootstrap servers, to extend for producers, consumers, Streams.
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** An admin client of the cluster, shared by the test class and closed after it. */
  public Admin adminClient() {
    if (admin == null) {
      throw new IllegalStateException("KafkaFixture is not active: register it as an extension");
    }
    return admin;
  }

  /**
   * A topic name no other test or earlier run uses: {@code base-<sequence>-<random>}. Tests share
   * the cluster, and an external cluster outlives the run.
   */
  public String uniqueTopic(String base) {
    String random = UUID.randomUUID().toString().substring(0, 8);
    return base + "-" + TOPIC_SEQUENCE.incrementAndGet() + "-" + random;
  }

  /**
   * Creates a topic with the broker's default replication factor.
   *
   * @return {@code name}
   */
  public String createTopic(String name, int partitions) {
    return createTopic(name, partitions, java.util.Map.of());
  }

  /** Creates a topic with topic-level configuration and waits until it is served. */
  public String createTopic(String name, int partitions, java.util.Map<String, String> configs) {
    try {
      adminClient()
          .createTopics(
              List.of(
                  new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs)),
              new CreateTopicsOptions().timeoutMs((int) CALL_TIMEOUT.toMillis()))
          .all()
          .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      awaitTopic(name);
      return name;
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
    }
  }

  /** Waits until brokers serve the new topic's metadata, which lags its creation slightly. */
  private void awaitTopic(String name) throws Exception {
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    while (true) {
      try {
        adminClient()
            .describeTopics(List.of(name))
            .allTopicNames()
            .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        sleep(50);
      }
    }
  }

  /**
   * Writes the records with an idempotent producer ({@code acks=all}) and waits until each is
   * acknowledged.
   *
   * @param topic the topic every record must name
   */
  public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (!record.topic().equals(topic)) {
        throw new IllegalArgumentException(
            "record for topic " + record.topic() + " given to produce(" + topic + ")");
      }
    }
    Map<String, Object> config = clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (ProducerRecord<byte[], byte[]> record : records) {
        acks.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce to " + topic + ": " + e, e);
    }
  }

  /**
   * Reads a topic from the beginning with {@code isolation.level=read_committed} (no consumer
   * group) until at least {@code expected} records have arrived and every partition is read to its
   * end, then returns all records read: partition by partition in ascending order, each partition
   * in offset order. Records beyond {@code expected} are returned too, so a test can assert an
   * exact count.
   *
   * @throws AssertionError if fewer than {@code expected} records arrive within {@code timeout}
   */
  public List<ConsumerRecord<byte[], byte[]>> consumeAll(
      String topic, int expected, Duration timeout) {
    Map<String, Object> config = clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(consumer, topic, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
      int count = 0;
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
          count++;
        }
        if (count >= expected && caughtUp(consumer, partitions)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "expected "
                  + expected
                  + " records from topic "
                  + topic
                  + " within "
                  + timeout
                  + ", got "
                  + count);
        }
      }
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
      for (TopicPartition partition : partitions) {
        records.addAll(byPartition.getOrDefault(partition.partition(), List.of()));
      }
      return records;
    }
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic, long deadline) {
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, CALL_TIMEOUT);
      if (infos != null && !infos.isEmpty()) {
        return infos.stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
            .toList();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("topic " + topic + " does not exist");
      }
      sleep(100);
    }
  }

  /** Whether the consumer's position reached the end (the last stable offset) everywhere. */
  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, CALL_TIMEOUT);
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition, CALL_TIMEOUT) < ends.get(partition)) {
        return false;
      }
    }
    return true;
  }

  private Cluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("KafkaFixture is not active: register it as an extension");
    }
    return cluster;
  }

  private static Cluster startCluster() {
    String external = System.getProperty(BOOTSTRAP_PROPERTY);
    Backend backend = choose(external, KafkaFixture::dockerAvailable);
    return switch (backend) {
      case EXTERNAL -> new Cluster(backend, external.trim(), () -> {});
      case TESTCONTAINERS -> {
        KafkaContainer container =
            new KafkaContainer(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        yield new Cluster(backend, container.getBootstrapServers(), container::stop);
      }
      case EMBEDDED -> {
        EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
        yield new Cluster(backend, kafka.bootstrapServers(), kafka::close);
      }
    };
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A started cluster; JUnit closes it when the root context (the test run) ends. */
  private record Cluster(Backend backend, String bootstrapServers, Runnable stop)
      implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }
}
