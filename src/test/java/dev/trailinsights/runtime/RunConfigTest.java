package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RunConfigTest {
  private static RunConfig config(Map<String, String> env, Map<String, String> flags) {
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", "broker:9092");
    return RunConfig.from(RunSettings.load(null, e, flags, Map.of()));
  }

  @Test
  void shouldRejectFirstEventTrailStartNamingKeyAndSource() {
    assertThatThrownBy(
            () -> config(Map.of("TRAIL_INSIGHTS_DETECTION_TRAIL_START", "first-event"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "detection.trail-start (env TRAIL_INSIGHTS_DETECTION_TRAIL_START) cannot be"
                + " first-event for run")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldAcceptInstantTrailStart() {
    RunConfig c = config(Map.of(), Map.of("detection.trail-start", "2026-03-01T00:00:00Z"));

    assertThat(c.detection().trailStart().toString()).isEqualTo("2026-03-01T00:00:00Z");
  }

  @Test
  void shouldKeepStateOutOfTheSystemTemporaryDirectoryByDefault() {
    Properties p = config(Map.of(), Map.of()).streamsProperties();

    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    Path state = Path.of(p.getProperty(StreamsConfig.STATE_DIR_CONFIG)).toAbsolutePath();
    assertThat(state.normalize().startsWith(tmp)).as(state + " in " + tmp).isFalse();
  }

  @Test
  void shouldEnableTheProcessingHandlerForTheGlobalThreadWhereTheAssignorReadsIt() {
    Properties p = config(Map.of(), Map.of()).streamsProperties();

    StreamsConfig streams = new StreamsConfig(p);
    assertThat(streams.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG))
        .isTrue();
    // each stream thread's assignor builds its Streams configuration from these
    Map<String, Object> assignor = streams.getMainConsumerConfigs("app", "client", 0);
    assertThat(
            new StreamsConfig(assignor)
                .getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG))
        .isTrue();
  }

  @Test
  void shouldBuildStreamsPropertiesFromSettingsWithClientPropertiesWinning() {
    RunConfig c =
        config(
            Map.of(
                "KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "TRAIL_INSIGHTS_STREAMS_STANDBY_REPLICAS", "1"),
            Map.of(
                "streams.threads",
                "4",
                "streams.state-dir",
                "/var/lib/ti",
                "kafka.application-id",
                "ti-prod"));

    Properties p = c.streamsProperties();

    assertThat(p)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "ti-prod")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
        .containsEntry("security.protocol", "SSL")
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4")
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("/var/lib/ti").toString())
        .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
  }

  @Test
  void shouldStopOnClientPropertyKafkaRejectsWithoutShowingSecrets() {
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "CARRIER_PIGEON",
                        "KAFKA_SASL_JAAS_CONFIG", "Login required password=\"hunter2\";"),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.protocol")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldDescribeEffectiveConfigurationInOneLineWithoutSecrets() {
    RunConfig c =
        config(
            Map.of(
                "KAFKA_SASL_JAAS_CONFIG", "Login required password=\"hunter2\";",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
            Map.of());

    assertThat(c.describe())
        .startsWith(
            "bootstrap=broker:9092 application-id=trail-insights input=cloudtrail-events"
                + " output=cloudtrail-insights dead-letter=cloudtrail-events-dlq"
                + " history=cloudtrail-insights-history history-retention=90d"
                + " output-retention=forever create-topics=true"
                + " partitions=6 replication-factor=broker-default threads=1")
        .endsWith(
            "kafka: sasl.jaas.config=[hidden], sasl.mechanism=PLAIN, security.protocol=SASL_SSL")
        .doesNotContain("hunter2")
        .doesNotContain("\n");
  }

  @Test
  void shouldRequireDistinctTopics() {
    assertThatThrownBy(() -> config(Map.of(), Map.of("topics.output", "cloudtrail-events")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must name four different topics");
  }

  @Test
  void shouldCreateTopicsWithConfiguredPartitionsAcceptingExistingCounts() {
    RunConfig c =
        config(Map.of(), Map.of("topics.partitions", "12", "topics.replication-factor", "3"));

    assertThat(c.topicSpecs())
        .extracting(
            TopicSpec::name,
            TopicSpec::partitions,
            TopicSpec::replicationFactor,
            TopicSpec::partitionsMustMatch)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cloudtrail-events", 12, 3, false),
            org.assertj.core.groups.Tuple.tuple("cloudtrail-insights", 12, 3, false),
            org.assertj.core.groups.Tuple.tuple("cloudtrail-events-dlq", 12, 3, false),
            org.assertj.core.groups.Tuple.tuple("cloudtrail-insights-history", 12, 3, false));
    assertThat(c.streamsProperties()).containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3");
    assertThat(c.topicSpecs().get(3).configs())
        .containsEntry("cleanup.policy", "compact,delete")
        .containsEntry("retention.ms", Long.toString(java.time.Duration.ofDays(90).toMillis()));
  }

  @Test
  void shouldSetTheAdvertisedAddressAsApplicationServer() {
    RunConfig c = config(Map.of(), Map.of()).withApplicationServer("10.0.0.5:8080");

    assertThat(c.streamsProperties())
        .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.0.0.5:8080");
    assertThat(c.describe()).contains("application-server=10.0.0.5:8080");
  }

  @Test
  void shouldRejectABadAdvertisedAddressNamingTheKey() {
    assertThatThrownBy(() -> config(Map.of(), Map.of("http.advertised-address", "no-port-here")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.advertised-address");
  }

  @Test
  void shouldCreateOutputAndDeadLetterTopicsKeptForeverByDefault() {
    RunConfig c = config(Map.of(), Map.of());

    assertThat(c.topicSpecs().get(0).configs()).doesNotContainKey("retention.ms");
    assertThat(c.topicSpecs().get(1).configs()).containsEntry("retention.ms", "-1");
    assertThat(c.topicSpecs().get(2).configs()).containsEntry("retention.ms", "-1");
    assertThat(c.describe()).contains(" output-retention=forever ");
  }

  @Test
  void shouldCreateOutputTopicsWithTheConfiguredRetention() {
    RunConfig c = config(Map.of("TRAIL_INSIGHTS_TOPICS_OUTPUT_RETENTION", "400d"), Map.of());

    assertThat(c.topicSpecs().get(1).configs())
        .containsEntry("retention.ms", Long.toString(java.time.Duration.ofDays(400).toMillis()));
    assertThat(c.outputRetention()).isEqualTo(java.time.Duration.ofDays(400));
  }

  @Test
  void shouldRejectARetentionThatIsNeitherForeverNorADuration() {
    assertThatThrownBy(() -> config(Map.of(), Map.of("topics.output-retention", "-2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topics.output-retention")
        .hasMessageContaining("forever (or -1), or a duration from 1h to 3650d");
  }

  @Test
  void shouldReadTheBrokerTimeoutOfReadiness() {
    assertThat(config(Map.of(), Map.of()).brokerTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(config(Map.of(), Map.of("readiness.broker-timeout", "90s")).brokerTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(90));
  }
}
