package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    long start = System.nanoTime();
    kafka = EmbeddedKafka.start(0, null);
    System.out.printf(
        "embedded broker started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close(TIMEOUT);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldProduceAndConsumeOverLoopback() throws Exception {
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    createTopic("round-trip", 3);
    List<String> values = List.of("a", "b", "c", "d", "e", "f");
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>("round-trip", value, value)).get();
      }
    }

    List<ConsumerRecord<String, String>> records = consume("round-trip", "read_committed", 6);

    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrderElementsOf(values);
    assertThat(records).extracting(ConsumerRecord::partition).contains(0, 1, 2);
  }

  @Test
  void shouldShowReadCommittedConsumersOnlyCommittedTransactions() throws Exception {
    createTopic("transactions", 1);
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactions", "k", "committed-1"));
      producer.send(new ProducerRecord<>("transactions", "k", "committed-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactions", "k", "aborted-1"));
      producer.send(new ProducerRecord<>("transactions", "k", "aborted-2"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactions", "k", "committed-3"));
      producer.commitTransaction();
    }

    assertThat(consume("transactions", "read_committed", 3))
        .extracting(ConsumerRecord::value)
        .containsExactly("committed-1", "committed-2", "committed-3");
    // the aborted records were written: only the isolation level hides them
    assertThat(consume("transactions", "read_uncommitted", 5))
        .extracting(ConsumerRecord::value)
        .containsExactly("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
  }

  @Test
  void shouldRunNewestProductionMetadataVersion() throws Exception {
    Map<String, FinalizedVersionRange> features =
        admin.describeFeatures().featureMetadata().get().finalizedFeatures();

    assertThat(features.get(MetadataVersion.FEATURE_NAME).maxVersionLevel())
        .isEqualTo(MetadataVersion.latestProduction().featureLevel());
  }

  @Test
  void shouldConfigureBrokerForOneNode() throws Exception {
    ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
    Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

    assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
    assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
    assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
    assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
    assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
    assertThat(config.get("unstable.api.versions.enable").value()).isEqualTo("false");
  }

  @Test
  void shouldHonourFixedPortAndReleaseItOnClose() throws Exception {
    int port = freePort();
    Path firstDataDir;
    long start = System.nanoTime();
    try (EmbeddedKafka fixed = EmbeddedKafka.start(port, null)) {
      System.out.printf(
          "embedded broker on fixed port started in %d ms%n",
          (System.nanoTime() - start) / 1_000_000);
      assertThat(fixed.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertClusterAnswers(fixed);
      firstDataDir = fixed.dataDir();
      assertThat(firstDataDir).isDirectory();
      long closing = System.nanoTime();
      fixed.close();
      System.out.printf(
          "embedded broker closed in %d ms%n", (System.nanoTime() - closing) / 1_000_000);
      fixed.close(); // idempotent
    }
    assertThat(firstDataDir).doesNotExist();

    try (EmbeddedKafka again = EmbeddedKafka.start(port, null)) {
      assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertClusterAnswers(again);
    }
  }

  @Test
  void shouldRejectPortInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafka.start(port, null))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessage(
              "port " + port + " on 127.0.0.1 is already in use; choose another Kafka port");
    }
  }

  @Test
  void shouldRejectPortOutOfRange() {
    assertThatThrownBy(() -> EmbeddedKafka.start(70_000, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }

  @Test
  void shouldKeepGivenDataDirectoryAfterClose(@TempDir Path temp) throws Exception {
    Path dataDir = temp.resolve("kafka-data");
    try (EmbeddedKafka kept = EmbeddedKafka.start(0, dataDir)) {
      assertThat(kept.dataDir()).isEqualTo(dataDir.toAbsolutePath());
      assertClusterAnswers(kept);
    }
    try (Stream<Path> entries = Files.list(dataDir)) {
      assertThat(entries).isNotEmpty();
    }
  }

  @Test
  void shouldRejectNonEmptyDataDirectory(@TempDir Path temp) throws IOException {
    Files.writeString(temp.resolve("meta.properties"), "cluster.id=other\n");

    assertThatThrownBy(() -> EmbeddedKafka.start(0, temp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not empty");
  }

  private static void assertClusterAnswers(EmbeddedKafka broker) throws Exception {
    try (Admin client = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      client.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
      assertThat(client.listTopics().names().get()).contains("probe");
    }
  }

  private static void createTopic(String name, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Reads one topic's partitions from the beginning until {@code expected} records arrived. */
  private static List<ConsumerRecord<String, String>> consume(
      String topic, String isolation, int expected) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      // one more poll: a record beyond the expected ones would show up here
      consumer.poll(Duration.ofMillis(300)).forEach(records::add);
      return records;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }
}
