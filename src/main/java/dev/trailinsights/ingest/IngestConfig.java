package dev.trailinsights.ingest;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.IngestSettings;
import dev.trailinsights.event.TrailMessages;
import dev.trailinsights.runtime.ClientProperties;
import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.runtime.TrailLoader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configuration of {@code ingest}, from the settings of {@link IngestSettings} and the cluster
 * and topic settings {@code load} uses.
 *
 * @param queueUrl the SQS queue URL
 * @param region the AWS region, or empty for the SDK's chain
 * @param s3Endpoint the S3 endpoint override, or null
 * @param sqsEndpoint the SQS endpoint override, or null
 * @param concurrency files read and written at once
 * @param maxMessages queue messages in flight at most
 * @param visibility the visibility timeout given to received messages, and extended by
 * @param waitTime the long-polling wait of a receive
 * @param maxObjectBytes the largest file read, compressed and uncompressed
 * @param inputTopic where records go
 * @param deadLetterTopic where bad objects and unknown messages are reported
 * @param ledgerTopic the compacted topic of ingested objects
 * @param transactionalId the prefix of the producers' transactional ids
 * @param loader the {@code load} configuration: cluster, topic creation, producer and admin
 *     properties
 */
public record IngestConfig(
    String queueUrl,
    String region,
    URI s3Endpoint,
    URI sqsEndpoint,
    int concurrency,
    int maxMessages,
    Duration visibility,
    Duration waitTime,
    int maxObjectBytes,
    String inputTopic,
    String deadLetterTopic,
    String ledgerTopic,
    String transactionalId,
    TrailLoader.Config loader) {

  /** How long a file's transaction may stay open before the broker aborts it. */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

  public IngestConfig {
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(waitTime, "waitTime");
    Objects.requireNonNull(loader, "loader");
  }

  /**
   * The configuration from loaded settings.
   *
   * @throws ConfigException in one line when the queue URL or the bootstrap servers are missing, or
   *     Kafka rejects a client property
   */
  public static IngestConfig from(RunSettings.Loaded s) {
    String queue = s.get(IngestSettings.QUEUE_URL);
    if (queue.isEmpty()) {
      throw new ConfigException(
          "no SQS queue: set "
              + IngestSettings.QUEUE_URL.key()
              + " ("
              + IngestSettings.QUEUE_URL.envName()
              + " or --queue-url)");
    }
    TrailLoader.Config loader =
        TrailLoader.Config.from(s, TrailMessages.Keying.ACCOUNT_REGION, false);
    String id = s.get(IngestSettings.TRANSACTIONAL_ID);
    return new IngestConfig(
        queue,
        s.get(IngestSettings.REGION_SETTING),
        uri(s.get(IngestSettings.S3_ENDPOINT)),
        uri(s.get(IngestSettings.SQS_ENDPOINT)),
        s.get(IngestSettings.CONCURRENCY),
        s.get(IngestSettings.MAX_MESSAGES),
        s.get(IngestSettings.VISIBILITY),
        s.get(IngestSettings.WAIT_TIME),
        s.get(IngestSettings.MAX_OBJECT_BYTES),
        s.get(RunSettings.INPUT),
        s.get(RunSettings.DEAD_LETTER),
        s.get(IngestSettings.LEDGER_TOPIC),
        id.isEmpty() ? "trail-insights-ingest-" + hostName() : id,
        loader);
  }

  private static URI uri(String s) {
    return s.isEmpty() ? null : URI.create(s);
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        h = "local";
      }
    }
    return h.replaceAll("[^a-zA-Z0-9._-]", "-");
  }

  /** Client properties, to keep secrets out of messages. */
  ClientProperties client() {
    return loader.client();
  }

  /**
   * The properties of worker {@code n}'s producer: {@code load}'s (idempotent, {@code acks=all},
   * client properties applied) with a transactional id of its own.
   */
  Map<String, Object> producerProperties(int n) {
    Map<String, Object> p = new HashMap<>(loader.producerProperties());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "trail-insights-ingest-" + n);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId + "-" + n);
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    return p;
  }

  /** The properties of the ledger's reader: committed records only, no group. */
  Map<String, Object> consumerProperties() {
    Map<String, Object> c = new HashMap<>();
    Map<String, String> props = client().asMap();
    props.forEach(
        (k, v) -> {
          if (ConsumerConfig.configNames().contains(k)) {
            c.put(k, v);
          }
        });
    props.forEach(
        (k, v) -> {
          if (k.startsWith(StreamsConfig.CONSUMER_PREFIX)) {
            c.put(k.substring(StreamsConfig.CONSUMER_PREFIX.length()), v);
          }
        });
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, loader.bootstrapServers());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "trail-insights-ingest-ledger");
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return c;
  }
}
