package dev.trailinsights.runtime;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.DetectorSettings;
import dev.trailinsights.config.SettingType;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.topology.DigestConfig;
import dev.trailinsights.topology.TopologyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The validated configuration of {@code run}: where the cluster is, the topics, Kafka Streams and
 * detection settings, and the client properties passed through. Built once at start-up by {@link
 * #from}; {@link #describe()} is the one line of effective configuration for the log, without
 * secrets.
 *
 * @param bootstrapServers {@code bootstrap.servers}
 * @param applicationId Kafka Streams application id
 * @param topology topic names and output form
 * @param createTopics whether missing topics are created
 * @param partitions partitions of created topics
 * @param replicationFactor replicas of created topics, or {@link
 *     TopicSpec#BROKER_DEFAULT_REPLICATION}
 * @param threads stream threads
 * @param standbyReplicas standby replicas per task
 * @param stateDir state store directory
 * @param startupTimeout bound of the start-up calls to the cluster
 * @param closeTimeout bound of the shutdown
 * @param detection the detector's configuration
 * @param client client properties passed through (secrets included; never log them directly)
 * @param applicationServer {@code host:port} this instance's HTTP endpoints are reached at by the
 *     other instances ({@code application.server}, for the console's queries), or empty
 * @param outputRetention {@code retention.ms} of the output and dead-letter topics when created
 *     here, {@link RunSettings#FOREVER} to keep them forever
 * @param brokerTimeout how long the cluster may go without answering before the instance is not
 *     ready ({@code readiness.broker-timeout})
 * @param digests signed digests of the Insights records ({@code integrity.*}), off without a key
 */
public record RunConfig(
    String bootstrapServers,
    String applicationId,
    TopologyOptions topology,
    boolean createTopics,
    int partitions,
    int replicationFactor,
    int threads,
    int standbyReplicas,
    Path stateDir,
    Duration startupTimeout,
    Duration closeTimeout,
    DetectorConfig detection,
    ClientProperties client,
    String applicationServer,
    Duration outputRetention,
    Duration brokerTimeout,
    DigestConfig digests) {

  /** Validates the fields; the client properties are checked by {@link #validateClients()}. */
  public RunConfig {
    Objects.requireNonNull(digests, "digests");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(applicationServer, "applicationServer");
    Objects.requireNonNull(outputRetention, "outputRetention");
    Objects.requireNonNull(brokerTimeout, "brokerTimeout");
    if (detection.trailStart().mode() == TrailStart.Mode.FIRST_EVENT) {
      throw new IllegalArgumentException("first-event trail start is for offline commands");
    }
  }

  /**
   * A configuration without digests, whose output and dead-letter topics are kept forever when
   * created, and which is not ready after {@link RunSettings#BROKER_TIMEOUT}'s default without an
   * answer from the cluster.
   */
  public RunConfig(
      String bootstrapServers,
      String applicationId,
      TopologyOptions topology,
      boolean createTopics,
      int partitions,
      int replicationFactor,
      int threads,
      int standbyReplicas,
      Path stateDir,
      Duration startupTimeout,
      Duration closeTimeout,
      DetectorConfig detection,
      ClientProperties client,
      String applicationServer) {
    this(
        bootstrapServers,
        applicationId,
        topology,
        createTopics,
        partitions,
        replicationFactor,
        threads,
        standbyReplicas,
        stateDir,
        startupTimeout,
        closeTimeout,
        detection,
        client,
        applicationServer,
        RunSettings.FOREVER,
        RunSettings.BROKER_TIMEOUT.defaultValue(),
        DigestConfig.off());
  }

  /**
   * The configuration of {@code run} from loaded settings.
   *
   * @throws ConfigException with one line naming the key: bootstrap servers missing, {@code
   *     detection.trail-start} set to {@code first-event}, values that do not fit together, or
   *     client properties Kafka rejects
   */
  public static RunConfig from(RunSettings.Loaded s) {
    String bootstrap = s.requireBootstrap();
    TrailStart trailStart = s.get(DetectorSettings.TRAIL_START);
    if (trailStart.mode() == TrailStart.Mode.FIRST_EVENT) {
      throw new ConfigException(
          "detection.trail-start ("
              + s.source(DetectorSettings.TRAIL_START)
              + ") cannot be first-event for run: live tasks each see a different first event;"
              + " use none or an instant such as 2026-03-01T00:00:00Z");
    }
    DetectorConfig detection = DetectorSettings.toConfig(s.settings());
    TopologyOptions topology;
    try {
      topology =
          new TopologyOptions(
              s.get(RunSettings.INPUT),
              s.get(RunSettings.OUTPUT),
              s.get(RunSettings.DEAD_LETTER),
              s.get(RunSettings.EVENTBRIDGE),
              s.get(RunSettings.IDLE_TIMEOUT),
              s.get(RunSettings.HISTORY),
              s.get(RunSettings.HISTORY_RETENTION),
              1);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "topics.input ("
              + s.source(RunSettings.INPUT)
              + "), topics.output ("
              + s.source(RunSettings.OUTPUT)
              + "), topics.dead-letter ("
              + s.source(RunSettings.DEAD_LETTER)
              + ") and topics.history ("
              + s.source(RunSettings.HISTORY)
              + ") must name four different topics");
    }
    RunConfig c =
        new RunConfig(
            bootstrap,
            s.get(RunSettings.APPLICATION),
            topology,
            s.get(RunSettings.CREATE),
            s.get(RunSettings.PARTITIONS),
            s.get(RunSettings.REPLICATION_FACTOR),
            s.get(RunSettings.THREADS),
            s.get(RunSettings.STANDBY_REPLICAS),
            s.get(RunSettings.STATE_DIR),
            s.get(RunSettings.STARTUP_TIMEOUT),
            s.get(RunSettings.CLOSE_TIMEOUT),
            detection,
            s.client(),
            "",
            s.get(RunSettings.OUTPUT_RETENTION),
            s.get(RunSettings.BROKER_TIMEOUT),
            IntegritySettings.digests(s, topology));
    c.validateClients();
    return c;
  }

  /**
   * The Kafka Streams configuration: {@link InsightsApp#streamsProperties} defaults, then these
   * settings, then the client properties passed through, which win.
   */
  public Properties streamsProperties() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
    overrides.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
    if (!applicationServer.isEmpty()) {
      overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    }
    overrides.putAll(client.asMap());
    return InsightsApp.streamsProperties(applicationId, bootstrapServers, topology, overrides);
  }

  /**
   * Admin client configuration derived from the Streams configuration, as Kafka Streams derives its
   * own (only admin properties, {@code admin.} prefixed ones applied), with request timeouts
   * bounded by {@link #startupTimeout}.
   */
  public Map<String, Object> adminProperties() {
    Map<String, Object> admin =
        new StreamsConfig(streamsProperties()).getAdminConfigs(applicationId + "-startup");
    return Startup.boundTimeouts(admin, startupTimeout);
  }

  /**
   * The topics {@code run} needs; existing ones may have any partition count. The output and
   * dead-letter topics get an explicit {@code retention.ms} ({@link #outputRetention}), so that the
   * broker's default retention, measured against the event-time timestamps of what is written,
   * cannot delete a backlog's insights. The history topic is compacted (the newest record of each
   * key) and forgets insights after the history retention.
   */
  public List<TopicSpec> topicSpecs() {
    Map<String, String> kept = Map.of("retention.ms", retentionMs(outputRetention));
    List<TopicSpec> specs =
        new java.util.ArrayList<>(
            List.of(
                spec(topology.inputTopic(), Map.of()),
                spec(topology.outputTopic(), kept),
                spec(topology.deadLetterTopic(), kept),
                spec(topology.historyTopic(), historyTopicConfig(topology.historyRetention()))));
    if (digests.enabled()) {
      // digests are kept as long as the insights they prove
      specs.add(spec(digests.topic(), kept));
    }
    return List.copyOf(specs);
  }

  /**
   * Plain Kafka client properties for this application's own consumers: the bootstrap servers and
   * the client properties passed through (security included).
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> m = new HashMap<>(client.asMap());
    m.put("bootstrap.servers", bootstrapServers);
    return m;
  }

  /** {@code retention.ms} of a retention: -1 for {@link RunSettings#FOREVER}. */
  public static String retentionMs(Duration retention) {
    return retention.isNegative() ? "-1" : Long.toString(retention.toMillis());
  }

  /** Topic configuration of the history topic. */
  public static Map<String, String> historyTopicConfig(Duration retention) {
    return Map.of(
        "cleanup.policy", "compact,delete", "retention.ms", Long.toString(retention.toMillis()));
  }

  /** This configuration with {@code application.server} set, e.g. {@code 10.0.0.5:8080}. */
  public RunConfig withApplicationServer(String hostPort) {
    return new RunConfig(
        bootstrapServers,
        applicationId,
        topology,
        createTopics,
        partitions,
        replicationFactor,
        threads,
        standbyReplicas,
        stateDir,
        startupTimeout,
        closeTimeout,
        detection,
        client,
        hostPort,
        outputRetention,
        brokerTimeout,
        digests);
  }

  private TopicSpec spec(String name, Map<String, String> configs) {
    return new TopicSpec(name, partitions, replicationFactor, configs).anyPartitionCount();
  }

  /**
   * Checks the Kafka Streams, producer, consumer and admin configurations Kafka Streams will build
   * from these settings, so that a value Kafka rejects stops start-up as a configuration error.
   *
   * @throws ConfigException naming the property, with secret values hidden
   */
  void validateClients() {
    try {
      StreamsConfig streams = new StreamsConfig(streamsProperties());
      Map<String, Object> producer = new HashMap<>(streams.getProducerConfigs("validate"));
      producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      new ProducerConfig(producer);
      Map<String, Object> consumer =
          new HashMap<>(streams.getMainConsumerConfigs(applicationId, "validate", 0));
      consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      new ConsumerConfig(consumer);
      new AdminClientConfig(streams.getAdminConfigs("validate"));
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw new ConfigException(
          "invalid Kafka client configuration: " + client.sanitize(e.getMessage()));
    }
  }

  /**
   * One line of effective configuration, secret values hidden, e.g. {@code bootstrap=kafka:9092
   * application-id=trail-insights topics=cloudtrail-events>cloudtrail-insights (dead letters
   * cloudtrail-events-dlq) ...}.
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("bootstrap=").append(bootstrapServers);
    b.append(" application-id=").append(applicationId);
    b.append(" input=").append(topology.inputTopic());
    b.append(" output=").append(topology.outputTopic());
    b.append(" dead-letter=").append(topology.deadLetterTopic());
    b.append(" history=").append(topology.historyTopic());
    b.append(" history-retention=").append(SettingType.format(topology.historyRetention()));
    b.append(" output-retention=")
        .append(outputRetention.isNegative() ? "forever" : SettingType.format(outputRetention));
    if (!applicationServer.isEmpty()) {
      b.append(" application-server=").append(applicationServer);
    }
    b.append(" create-topics=").append(createTopics);
    if (createTopics) {
      b.append(" partitions=").append(partitions);
      b.append(" replication-factor=")
          .append(
              replicationFactor == TopicSpec.BROKER_DEFAULT_REPLICATION
                  ? "broker-default"
                  : replicationFactor);
    }
    b.append(" threads=").append(threads);
    b.append(" standby-replicas=").append(standbyReplicas);
    b.append(" state-dir=").append(stateDir);
    b.append(" eventbridge=").append(topology.eventBridge());
    b.append(" sensitivity=").append(SettingType.plain(detection.falseInsightsPerKeyPerDay()));
    b.append("/key/day min-baseline=").append(SettingType.format(detection.minBaseline()));
    b.append(" lateness=").append(SettingType.format(detection.lateness()));
    b.append(" trail-start=").append(detection.trailStart());
    if (!client.isEmpty()) {
      b.append(" kafka: ").append(client.redacted());
    }
    return b.toString();
  }
}
