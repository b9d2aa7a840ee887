package dev.trailinsights.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.testkit.KafkaFixture.Backend;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KafkaFixtureTest {

  private final AtomicInteger dockerProbes = new AtomicInteger();

  private BooleanSupplier docker(boolean available) {
    return () -> {
      dockerProbes.incrementAndGet();
      return available;
    };
  }

  @Test
  void shouldUseExternalClusterWithoutProbingDocker() {
    assertThat(KafkaFixture.choose("broker-1:9092,broker-2:9092", docker(true)))
        .isEqualTo(Backend.EXTERNAL);
    assertThat(dockerProbes).hasValue(0);
  }

  @Test
  void shouldUseDockerWhenNoExternalClusterIsNamed() {
    assertThat(KafkaFixture.choose(null, docker(true))).isEqualTo(Backend.TESTCONTAINERS);
    assertThat(dockerProbes).hasValue(1);
  }

  @Test
  void shouldFallBackToEmbeddedBrokerWithoutDocker() {
    assertThat(KafkaFixture.choose(null, docker(false))).isEqualTo(Backend.EMBEDDED);
  }

  @Test
  void shouldTreatBlankBootstrapPropertyAsUnset() {
    assertThat(KafkaFixture.choose("  ", docker(false))).isEqualTo(Backend.EMBEDDED);
    assertThat(dockerProbes).hasValue(1);
  }

  @Test
  void shouldMakeTopicNamesUniqueAndValid() {
    KafkaFixture fixture = new KafkaFixture();
    String first = fixture.uniqueTopic("cloudtrail-events");
    String second = fixture.uniqueTopic("cloudtrail-events");
    assertThat(first).startsWith("cloudtrail-events-").matches("[a-zA-Z0-9._-]+");
    assertThat(second).isNotEqualTo(first);
  }
}
