package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {
  @TempDir Path dir;

  @Test
  void shouldTurnKafkaVariablesIntoClientProperties() {
    ClientProperties p =
        ClientProperties.fromEnvironment(
            Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ts.p12",
                "KAFKA_PRODUCER_LINGER_MS", "50",
                "PATH", "/usr/bin"));

    assertThat(p.asMap())
        .containsExactly(
            Map.entry("producer.linger.ms", "50"),
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("ssl.truststore.location", "/etc/ts.p12"));
    assertThat(p.get("security.protocol").source().where())
        .isEqualTo("env KAFKA_SECURITY_PROTOCOL");
  }

  @Test
  void shouldIgnoreVariablesOfKafkaScriptsAndKubernetesServiceLinks() {
    ClientProperties p =
        ClientProperties.fromEnvironment(
            Map.of(
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_OPTS", "-Dx=y",
                "KAFKA_PORT", "tcp://10.0.0.1:9092",
                "KAFKA_PORT_9092_TCP_ADDR", "10.0.0.1",
                "KAFKA_SERVICE_HOST", "10.0.0.1",
                "KAFKA_SERVICE_PORT_CLIENT", "9092"));

    assertThat(p.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectUnknownPropertyNamingVariableAndClosestName() {
    assertThatThrownBy(
            () -> ClientProperties.fromEnvironment(Map.of("KAFKA_SECURITY_PROTOCL", "SSL")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "unknown Kafka client property 'security.protocl' (env KAFKA_SECURITY_PROTOCL): did"
                + " you mean security.protocol?");
  }

  @Test
  void shouldReadSecretFromFileWithoutTrailingLineBreak() throws IOException {
    Path secret = Files.writeString(dir.resolve("jaas"), "org.Login required password=\"p\";\n");

    ClientProperties p =
        ClientProperties.fromEnvironment(Map.of("KAFKA_SASL_JAAS_CONFIG_FILE", secret.toString()));

    assertThat(p.asMap())
        .containsExactly(Map.entry("sasl.jaas.config", "org.Login required password=\"p\";"));
  }

  @Test
  void shouldKeepFileSuffixWhenThePropertyItselfEndsInFile() {
    ClientProperties p =
        ClientProperties.fromEnvironment(
            Map.of("KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE", "/run/assertion.jwt"));

    assertThat(p.asMap())
        .containsExactly(Map.entry("sasl.oauthbearer.assertion.file", "/run/assertion.jwt"));
  }

  @Test
  void shouldRejectValueAndFileGivenTogether() throws IOException {
    Path secret = Files.writeString(dir.resolve("pw"), "s3cret");

    assertThatThrownBy(
            () ->
                ClientProperties.fromEnvironment(
                    Map.of(
                        "KAFKA_SSL_KEY_PASSWORD",
                        "x",
                        "KAFKA_SSL_KEY_PASSWORD_FILE",
                        secret.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "both KAFKA_SSL_KEY_PASSWORD and KAFKA_SSL_KEY_PASSWORD_FILE are set: give"
                + " ssl.key.password only once");
  }

  @Test
  void shouldNameVariableAndFileWhenSecretFileIsMissing() {
    Path missing = dir.resolve("absent");

    assertThatThrownBy(
            () ->
                ClientProperties.fromEnvironment(
                    Map.of("KAFKA_SASL_JAAS_CONFIG_FILE", missing.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read KAFKA_SASL_JAAS_CONFIG_FILE: " + missing + ": no such file");
  }

  @Test
  void shouldHideSecretsInLogsAndMessages() {
    ClientProperties p =
        ClientProperties.fromFlags(
            Map.of(
                "sasl.jaas.config", "Login required password=\"hunter2\";",
                "ssl.truststore.password", "changeit",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "sasl.mechanism", "PLAIN"),
            "--kafka");

    assertThat(p.redacted())
        .isEqualTo(
            "sasl.jaas.config=[hidden], sasl.mechanism=PLAIN, ssl.keystore.key=[hidden],"
                + " ssl.truststore.password=[hidden]");
    assertThat(
            p.sanitize(
                "Invalid value changeit for\nconfiguration x; Login required password=\"hunter2\";"))
        .isEqualTo("Invalid value [hidden] for configuration x; [hidden]");
  }

  @Test
  void shouldTreatKafkaPasswordTypesAndSecretWordsAsSecret() {
    assertThat(ClientProperties.isSecret("sasl.jaas.config")).isTrue();
    assertThat(ClientProperties.isSecret("producer.sasl.jaas.config")).isTrue();
    assertThat(ClientProperties.isSecret("ssl.truststore.certificates")).isTrue();
    assertThat(ClientProperties.isSecret("sasl.oauthbearer.client.credentials.client.secret"))
        .isTrue();
    assertThat(ClientProperties.isSecret("security.protocol")).isFalse();
  }

  @Test
  void shouldKnowPrefixedAndStreamsProperties() {
    assertThat(ClientProperties.isKnown("main.consumer.max.poll.records")).isTrue();
    assertThat(ClientProperties.isKnown("producer.compression.type")).isTrue();
    assertThat(ClientProperties.isKnown("topic.min.insync.replicas")).isTrue();
    assertThat(ClientProperties.isKnown("processing.guarantee")).isTrue();
    assertThat(ClientProperties.isKnown("config.providers.file.class")).isTrue();
    assertThat(ClientProperties.isKnown("producer.no.such.thing")).isFalse();
    assertThat(ClientProperties.isKnown("port")).isFalse();
  }

  @Test
  void shouldLetHigherSourceWin() {
    ClientProperties env = ClientProperties.fromEnvironment(Map.of("KAFKA_LINGER_MS", "5"));
    ClientProperties flags = ClientProperties.fromFlags(Map.of("linger.ms", "50"), "--kafka");

    assertThat(env.overriddenBy(flags).asMap()).containsExactly(Map.entry("linger.ms", "50"));
    assertThat(env.overriddenBy(flags).get("linger.ms").source().where())
        .isEqualTo("flag --kafka linger.ms");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
            + " password=\"ss-S3cr3t-pw\"",
        "org.apache.kafka.common.security.plain.PlainLoginModule ss-S3cr3t-pw password=\"x\";",
        "org.apache.kafka.common.security.plain.PlainLoginModule required ss-S3cr3t-pw;",
        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"ss-S3cr3t-pw",
        "ss-S3cr3t-pw",
        "Login required password=\"ss-S3cr3t-pw\"; Other"
      })
  void shouldRefuseAMalformedJaasConfigurationWithoutQuotingAnyOfIt(String jaas) {
    assertThatThrownBy(
            () -> ClientProperties.fromEnvironment(Map.of("KAFKA_SASL_JAAS_CONFIG", jaas)))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("invalid sasl.jaas.config (env KAFKA_SASL_JAAS_CONFIG): ")
                    .doesNotContain("S3cr3t")
                    .doesNotContain("ss-")
                    .doesNotContain("\n"));
  }

  @Test
  void shouldAcceptAWellFormedJaasConfiguration() {
    String jaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
            + " password=\"p w;=\";";

    assertThat(ClientProperties.fromFlags(Map.of("sasl.jaas.config", jaas), "--kafka").asMap())
        .containsEntry("sasl.jaas.config", jaas);
  }

  @Test
  void shouldHideFragmentsOfASecretThatAMessageQuotes() {
    ClientProperties p =
        ClientProperties.fromFlags(
            Map.of("ssl.key.password", "alpha ss-S3cr3t-pw omega"), "--kafka");

    assertThat(p.sanitize("Value not specified for key 'ss-S3cr3t-pw' in JAAS config"))
        .isEqualTo("Value not specified for key '[hidden]' in JAAS config");
  }
}
