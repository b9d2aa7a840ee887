package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.DetectorSettings;
import dev.trailinsights.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {
  @TempDir Path dir;

  private Path yaml(String content) throws IOException {
    return Files.writeString(dir.resolve("config.yaml"), content);
  }

  @Test
  void shouldApplyDefaultsFileEnvironmentAndFlagsInOrder() throws IOException {
    Path file =
        yaml(
            "topics:\n  partitions: 3\n  input: from-file\n  output: out-file\n"
                + "streams:\n  threads: 2\n");

    RunSettings.Loaded s =
        RunSettings.load(
            file,
            Map.of(
                "TRAIL_INSIGHTS_TOPICS_PARTITIONS", "4", "TRAIL_INSIGHTS_TOPICS_INPUT", "from-env"),
            Map.of("topics.input", "from-flag"),
            Map.of());

    assertThat(s.get(RunSettings.INPUT)).isEqualTo("from-flag");
    assertThat(s.get(RunSettings.PARTITIONS)).isEqualTo(4);
    assertThat(s.get(RunSettings.OUTPUT)).isEqualTo("out-file");
    assertThat(s.get(RunSettings.THREADS)).isEqualTo(2);
    assertThat(s.get(RunSettings.DEAD_LETTER)).isEqualTo("cloudtrail-events-dlq");
    assertThat(s.source(RunSettings.PARTITIONS).kind()).isEqualTo(Settings.Source.Kind.ENVIRONMENT);
  }

  @Test
  void shouldReadClientPropertiesFromTheFilesKafkaMap() throws IOException {
    Path file =
        yaml(
            "kafka:\n"
                + "  bootstrap-servers: broker:9092\n"
                + "  security.protocol: SASL_SSL\n"
                + "  sasl:\n"
                + "    mechanism: PLAIN\n"
                + "  ssl.endpoint.identification.algorithm:\n");

    RunSettings.Loaded s = RunSettings.load(file, Map.of(), Map.of(), Map.of());

    assertThat(s.requireBootstrap()).isEqualTo("broker:9092");
    assertThat(s.client().asMap())
        .containsExactly(
            Map.entry("sasl.mechanism", "PLAIN"),
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("ssl.endpoint.identification.algorithm", ""));
    assertThat(s.client().get("sasl.mechanism").source().where())
        .isEqualTo("file " + file + ", line 5");
  }

  @Test
  void shouldLetEnvironmentAndFlagsOverrideTheFilesClientProperties() throws IOException {
    Path file = yaml("kafka:\n  security.protocol: SSL\n  linger.ms: 5\n  acks: 1\n");

    RunSettings.Loaded s =
        RunSettings.load(
            file,
            Map.of("KAFKA_LINGER_MS", "7", "KAFKA_ACKS", "0"),
            Map.of("kafka.acks", "all"),
            Map.of("linger.ms", "9"));

    assertThat(s.client().asMap())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("linger.ms", "9")
        .containsEntry("acks", "all");
  }

  @Test
  void shouldRejectUnknownClientPropertyInFileNamingItsLine() throws IOException {
    Path file = yaml("kafka:\n  bootstrap-servers: b:1\n  security.protocl: SSL\n");

    assertThatThrownBy(() -> RunSettings.load(file, Map.of(), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "unknown Kafka client property 'security.protocl' (file "
                + file
                + ", line 3): did you mean security.protocol?");
  }

  @Test
  void shouldPointToTheSettingWhenTheFileGivesItAsClientProperty() throws IOException {
    Path file = yaml("kafka:\n  bootstrap.servers: b:1\n");

    assertThatThrownBy(() -> RunSettings.load(file, Map.of(), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "kafka.bootstrap.servers (file "
                + file
                + ", line 2) is the setting kafka.bootstrap-servers: write it that way");
  }

  @Test
  void shouldNeverEchoSecretValuesFromTheFile() throws IOException {
    Path file = yaml("kafka:\n  sasl.jaas.config:\n    nested: hunter2\n");

    assertThatThrownBy(() -> RunSettings.load(file, Map.of(), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldPointSettingLikeVariablesToKafkaVariables() {
    assertThatThrownBy(
            () ->
                RunSettings.load(
                    null,
                    Map.of("TRAIL_INSIGHTS_KAFKA_SECURITY_PROTOCOL", "SSL"),
                    Map.of(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "unknown environment variable TRAIL_INSIGHTS_KAFKA_SECURITY_PROTOCOL: Kafka client"
                + " properties are read from KAFKA_<NAME> variables, e.g. KAFKA_SECURITY_PROTOCOL");
  }

  @Test
  void shouldRejectUnknownSettingVariable() {
    assertThatThrownBy(
            () ->
                RunSettings.load(
                    null, Map.of("TRAIL_INSIGHTS_TOPICS_INPT", "x"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown environment variable TRAIL_INSIGHTS_TOPICS_INPT")
        .hasMessageContaining("TRAIL_INSIGHTS_TOPICS_INPUT");
  }

  @Test
  void shouldTakeBootstrapServersFromKafkaVariable() {
    RunSettings.Loaded s =
        RunSettings.load(
            null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "a:9092,b:9092"), Map.of(), Map.of());

    assertThat(s.requireBootstrap()).isEqualTo("a:9092,b:9092");
    assertThat(s.client().asMap()).doesNotContainKey("bootstrap.servers");
  }

  @Test
  void shouldPreferTheSettingOverItsClientPropertyAtTheSameLevelAndTheHigherLevelOtherwise()
      throws IOException {
    Path file = yaml("streams:\n  threads: 2\n");
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "env:1",
            "TRAIL_INSIGHTS_KAFKA_BOOTSTRAP_SERVERS", "setting:1",
            "KAFKA_NUM_STREAM_THREADS", "3");

    RunSettings.Loaded s = RunSettings.load(file, env, Map.of(), Map.of());

    assertThat(s.requireBootstrap()).isEqualTo("setting:1");
    assertThat(s.get(RunSettings.THREADS)).isEqualTo(3);
    assertThat(s.source(RunSettings.THREADS).where()).isEqualTo("env KAFKA_NUM_STREAM_THREADS");
    assertThat(s.client().asMap()).isEmpty();
  }

  @Test
  void shouldValidateClientPropertyThatIsASettingWithTheSettingsType() {
    assertThatThrownBy(
            () ->
                RunSettings.load(
                    null, Map.of("KAFKA_NUM_STREAM_THREADS", "many"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid value for num.stream.threads (env KAFKA_NUM_STREAM_THREADS), which is the"
                + " setting streams.threads: expected an integer from 1 to 256");
  }

  @Test
  void shouldRequireBootstrapServers() {
    RunSettings.Loaded s = RunSettings.load(null, Map.of(), Map.of(), Map.of());

    assertThatThrownBy(s::requireBootstrap)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("no Kafka bootstrap servers: set KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldRejectMalformedBootstrapServers() {
    assertThatThrownBy(
            () ->
                RunSettings.load(
                    null, Map.of(), Map.of("kafka.bootstrap-servers", "host"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.bootstrap-servers (flag kafka.bootstrap-servers)")
        .hasMessageContaining("host:port");
  }

  @Test
  void shouldAcceptDetectionSettingsInTheSameFile() throws IOException {
    Path file = yaml("detection:\n  min-count: 7\ntopics:\n  create: false\n");

    RunSettings.Loaded s = RunSettings.load(file, Map.of(), Map.of(), Map.of());

    assertThat(s.get(DetectorSettings.MIN_COUNT)).isEqualTo(7);
    assertThat(s.get(RunSettings.CREATE)).isFalse();
  }

  @Test
  void shouldDocumentEverySetting() {
    assertThat(Settings.markdownTable(RunSettings.all()))
        .contains("`kafka.bootstrap-servers` | `TRAIL_INSIGHTS_KAFKA_BOOTSTRAP_SERVERS`")
        .contains("`topics.replication-factor`")
        .contains("`output.eventbridge`");
  }

  @Test
  void shouldServeHttpOnPort8080OfEveryInterfaceByDefault() {
    RunSettings.Loaded s = RunSettings.load(null, Map.of(), Map.of(), Map.of());

    assertThat(s.get(RunSettings.HTTP_PORT)).isEqualTo(8080);
    assertThat(s.get(RunSettings.HTTP_BIND_ADDRESS)).isEqualTo("0.0.0.0");
  }

  @Test
  void shouldReadTheHttpSettingsFromTheEnvironment() {
    RunSettings.Loaded s =
        RunSettings.load(
            null,
            Map.of(
                "TRAIL_INSIGHTS_HTTP_PORT", "0", "TRAIL_INSIGHTS_HTTP_BIND_ADDRESS", "127.0.0.1"),
            Map.of(),
            Map.of());

    assertThat(s.get(RunSettings.HTTP_PORT)).isZero();
    assertThat(s.get(RunSettings.HTTP_BIND_ADDRESS)).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldRejectAPortOutOfRangeNamingTheKey() {
    assertThatThrownBy(
            () -> RunSettings.load(null, Map.of(), Map.of("http.port", "70000"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port");
    assertThatThrownBy(
            () -> RunSettings.load(null, Map.of(), Map.of("http.bind-address", "a b"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.bind-address");
  }
}
