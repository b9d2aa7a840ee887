package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  private static final List<String> KEYS =
      List.of(
          "org.slf4j.simpleLogger.log.kafka",
          "org.slf4j.simpleLogger.log.org.apache.kafka",
          "org.slf4j.simpleLogger.log.state.change.logger",
          "org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController");

  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clearLoggerSettings() {
    for (String key : KEYS) {
      saved.put(key, System.getProperty(key));
      System.clearProperty(key);
    }
  }

  @AfterEach
  void restoreLoggerSettings() {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  @Test
  void shouldFindTheBrokerWhenItsClassesAreOnTheClassPath() {
    assertThat(EmbeddedKafka.available()).isTrue();
  }

  @Test
  void shouldReportTheBrokerMissingWhenAClassOfItIsNotLoadable() {
    for (String missing : EmbeddedKafka.BROKER_CLASSES) {
      ClassLoader withoutIt =
          new ClassLoader(EmbeddedKafka.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                throws ClassNotFoundException {
              if (name.equals(missing)) {
                throw new ClassNotFoundException(name);
              }
              return super.loadClass(name, resolve);
            }
          };

      assertThat(EmbeddedKafka.available(withoutIt)).as("without %s", missing).isFalse();
    }
  }

  @Test
  void shouldQuietBrokerLoggersByDefault() {
    EmbeddedKafka.quietBrokerLogs();

    assertThat(System.getProperty("org.slf4j.simpleLogger.log.kafka")).isEqualTo("warn");
    assertThat(System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka")).isEqualTo("warn");
    assertThat(System.getProperty("org.slf4j.simpleLogger.log.state.change.logger"))
        .isEqualTo("warn");
    assertThat(
            System.getProperty(
                "org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController"))
        .isEqualTo("error");
  }

  @Test
  void shouldLeaveLoggersTheUserConfiguredAndTheirChildrenAlone() {
    EmbeddedKafka.quietBrokerLogs(); // an earlier start set its own levels
    System.clearProperty("org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "debug");

    EmbeddedKafka.quietBrokerLogs();

    assertThat(System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka"))
        .isEqualTo("debug");
    assertThat(
            System.getProperty(
                "org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController"))
        .isNull();
    assertThat(System.getProperty("org.slf4j.simpleLogger.log.kafka")).isEqualTo("warn");
  }
}
