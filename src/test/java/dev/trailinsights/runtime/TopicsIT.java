package dev.trailinsights.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.runtime.Topics.Action;
import dev.trailinsights.runtime.Topics.TopicResult;
import dev.trailinsights.testkit.KafkaFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicsIT {

  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @Test
  void shouldCreateMissingTopicsWithTheirConfiguration() throws Exception {
    String events = kafka.uniqueTopic("cloudtrail-events");
    String insights = kafka.uniqueTopic("cloudtrail-insights");

    List<TopicResult> outcomes =
        Topics.ensureTopics(
            kafka.adminClient(),
            List.of(
                new TopicSpec(events, 3, TopicSpec.BROKER_DEFAULT_REPLICATION, Map.of()),
                new TopicSpec(
                    insights,
                    2,
                    TopicSpec.BROKER_DEFAULT_REPLICATION,
                    Map.of("cleanup.policy", "compact"))),
            true);

    assertThat(outcomes)
        .containsExactly(
            new TopicResult(events, Action.CREATED, 3, 3),
            new TopicResult(insights, Action.CREATED, 2, 2));
    assertThat(outcomes.get(0).describe())
        .isEqualTo("created topic " + events + " with 3 partitions");
    assertThat(kafka.adminClient().describeTopics(Set.of(events)).allTopicNames().get())
        .extractingByKey(events)
        .satisfies(d -> assertThat(d.partitions()).hasSize(3));
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, insights);
    Config config = kafka.adminClient().describeConfigs(Set.of(resource)).all().get().get(resource);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void shouldReportExistingTopicsWithExpectedPartitions() {
    String topic = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 4);

    List<TopicResult> outcomes =
        Topics.ensureTopics(kafka.adminClient(), List.of(spec(topic, 4)), false);

    assertThat(outcomes).containsExactly(new TopicResult(topic, Action.EXISTS, 4, 4));
  }

  @Test
  void shouldFailNamingTopicExpectedAndActualOnPartitionMismatch() {
    String topic = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 2);

    assertThatThrownBy(
            () -> Topics.ensureTopics(kafka.adminClient(), List.of(spec(topic, 6)), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("topic " + topic + " has 2 partitions, expected 6");
  }

  @Test
  void shouldAcceptOtherPartitionCountWhenSpecAllowsIt() {
    String topic = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 2);

    List<TopicResult> outcomes =
        Topics.ensureTopics(kafka.adminClient(), List.of(spec(topic, 6).anyPartitionCount()), true);

    assertThat(outcomes)
        .containsExactly(new TopicResult(topic, Action.EXISTS_WITH_OTHER_PARTITION_COUNT, 2, 6));
  }

  @Test
  void shouldFailOnMissingTopicsWhenCreationIsDisabledAndCreateNothing() throws Exception {
    String present = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 1);
    String missing = kafka.uniqueTopic("cloudtrail-insights");

    assertThatThrownBy(
            () ->
                Topics.ensureTopics(
                    kafka.adminClient(), List.of(spec(present, 1), spec(missing, 3)), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "topic "
                + missing
                + " does not exist and topic creation is disabled (expected 3 partitions)");
    assertThat(kafka.adminClient().listTopics().names().get()).doesNotContain(missing);
  }

  @Test
  void shouldReportEveryProblemInOneLine() {
    String small = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 1);
    String impossible = kafka.uniqueTopic("cloudtrail-events-dlq");

    assertThatThrownBy(
            () ->
                Topics.ensureTopics(
                    kafka.adminClient(),
                    List.of(
                        spec(small, 2), new TopicSpec(impossible, 1, Short.MAX_VALUE, Map.of())),
                    true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("topic " + small + " has 1 partitions, expected 2; ")
        .hasMessageContaining("cannot create topic " + impossible + ": ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldRejectTopicNamedTwice() {
    assertThatThrownBy(
            () ->
                Topics.ensureTopics(
                    kafka.adminClient(), List.of(spec("twice", 1), spec("twice", 2)), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topic twice is specified twice");
  }

  @Test
  void shouldLetCreatedTopicCarryRecords() {
    String topic = kafka.uniqueTopic("cloudtrail-events");
    Topics.ensureTopics(kafka.adminClient(), List.of(spec(topic, 2)), true);
    kafka.produce(
        topic,
        List.of(
            new ProducerRecord<>(topic, 0, null, "first".getBytes(UTF_8)),
            new ProducerRecord<>(topic, 1, null, "second".getBytes(UTF_8)),
            new ProducerRecord<>(topic, 0, null, "third".getBytes(UTF_8))));

    List<ConsumerRecord<byte[], byte[]>> records =
        kafka.consumeAll(topic, 3, Duration.ofSeconds(30));

    assertThat(records)
        .extracting(r -> r.partition() + ":" + new String(r.value(), UTF_8))
        .containsExactly("0:first", "0:third", "1:second");
  }

  private static TopicSpec spec(String name, int partitions) {
    return new TopicSpec(name, partitions, TopicSpec.BROKER_DEFAULT_REPLICATION, Map.of());
  }
}
