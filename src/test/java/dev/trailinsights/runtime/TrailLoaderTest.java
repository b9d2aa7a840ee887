package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.event.TrailMessages;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TrailLoaderTest {
  private static TrailLoader.Config config(Map<String, String> kafka) {
    return TrailLoader.Config.from(
        RunSettings.load(null, Map.of(), Map.of("kafka.bootstrap-servers", "broker:9092"), kafka),
        TrailMessages.Keying.NONE,
        false);
  }

  @Test
  void shouldSendOneRequestAtATimeToATopicJustCreated() {
    TrailLoader.Config c = config(Map.of());

    assertThat(c.producerPropertiesForNewTopic())
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    assertThat(c.producerProperties())
        .doesNotContainKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
  }

  @Test
  void shouldKeepTheUsersRequestsInFlightForATopicJustCreated() {
    assertThat(
            config(Map.of("max.in.flight.requests.per.connection", "3"))
                .producerPropertiesForNewTopic())
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "3");
    assertThat(
            config(Map.of("producer.max.in.flight.requests.per.connection", "2"))
                .producerPropertiesForNewTopic())
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "2");
  }
}
