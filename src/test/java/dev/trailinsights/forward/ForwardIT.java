package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forwarder against a real broker and real HTTP receivers: every event delivered once, a
 * failing destination parked with its headers, and nothing sent again after a restart, even one
 * that starts from offsets that were never committed.
 */
class ForwardIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private Receiver hook;
  private Receiver broken;
  private String insights;
  private String delivered;
  private String dlq;
  private ForwardConfig config;

  @BeforeEach
  void setUp() throws Exception {
    hook = new Receiver();
    broken = new Receiver().always(400);
    insights = kafka.createTopic(kafka.uniqueTopic("cloudtrail-insights"), 2);
    delivered = kafka.uniqueTopic("trail-insights-forward-delivered");
    dlq = kafka.createTopic(kafka.uniqueTopic("cloudtrail-insights-forward-dlq"), 1);
    String yaml =
        """
        delivery: {max-attempts: 2, initial-backoff-ms: 10, max-backoff-ms: 20, timeout-ms: 5000}
        destinations:
          hook: {type: webhook, url-env: HOOK_URL, hmac-key-env: HOOK_KEY}
          broken: {type: slack, url-env: BROKEN_URL}
        routes:
          - {match: {event-name: DeleteTrail}, destinations: [broken]}
        default-route: {destinations: [hook]}
        """;
    Map<String, String> env =
        Map.of("HOOK_URL", hook.url("/hook"), "HOOK_KEY", "k", "BROKEN_URL", broken.url("/x"));
    config = ForwardConfig.parse(yaml, env::get, null);
  }

  @AfterEach
  void tearDown() {
    hook.close();
    broken.close();
  }

  @Test
  void shouldDeliverEachEventOnceAcrossRestarts() throws Exception {
    produce(
        event("ev-1", "CreateAccessKey"),
        event("ev-2", "CreateUser"),
        event("ev-3", "DeleteTrail"));
    kafka.produce(
        insights,
        List.of(new ProducerRecord<>(insights, null, "not json".getBytes(StandardCharsets.UTF_8))));

    runUntil("trail-insights-forward", () -> hook.requests.size() >= 2 && dlqCount() >= 2);

    produce(event("ev-4", "CreateAccessKey"));
    runUntil("trail-insights-forward", () -> hook.requests.size() >= 3);

    // A group with no committed offsets reads everything again, as after a crash before commit.
    String fresh = "trail-insights-forward-replay";
    runUntil(fresh, () -> consumedToEnd(fresh));

    assertThat(hook.requests)
        .extracting(r -> r.headers().getFirst(WebhookFormat.EVENT_ID))
        .containsExactlyInAnyOrder("ev-1", "ev-2", "ev-4");
    assertThat(broken.requests).hasSize(1);
    List<ConsumerRecord<byte[], byte[]>> parked = kafka.consumeAll(dlq, 2, WAIT);
    assertThat(parked).hasSize(2);
    ConsumerRecord<byte[], byte[]> failed =
        parked.stream()
            .filter(r -> r.headers().lastHeader(DeadLetterSink.DESTINATION) != null)
            .findFirst()
            .orElseThrow();
    assertThat(header(failed, DeadLetterSink.DESTINATION)).isEqualTo("broken");
    assertThat(header(failed, DeadLetterSink.REASON)).isEqualTo("http 400, not retried");
    assertThat(header(failed, DeadLetterSink.ATTEMPTS)).isEqualTo("1");
    assertThat(InsightJson.parse(failed.value()).eventId()).isEqualTo("ev-3");
    ConsumerRecord<byte[], byte[]> unreadable =
        parked.stream().filter(r -> r != failed).findFirst().orElseThrow();
    assertThat(new String(unreadable.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(header(unreadable, DeadLetterSink.REASON)).startsWith("not valid JSON");
  }

  @Test
  void shouldKeepDeliveriesAndSlackThreadsAcrossReopening() {
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(kafka.clientConfig(), delivered, timeout)) {
      log.record("ev-1", "hook", DeliveryOutcome.DELIVERED);
      log.remember("bot", Insights.SHARED, "1700000000.000100");
    }
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(kafka.clientConfig(), delivered, timeout)) {
      assertThat(log.done("ev-1", "hook")).isTrue();
      assertThat(log.done("ev-1", "bot")).isFalse();
      assertThat(log.threadOf("bot", Insights.SHARED)).isEqualTo("1700000000.000100");
      assertThat(log.threadOf("hook", Insights.SHARED)).isNull();
    }
  }

  private void runUntil(String group, BooleanSupplier done) throws Exception {
    ForwardMetrics metrics = new ForwardMetrics(config.destinations().values());
    Map<String, Destination> destinations = new java.util.LinkedHashMap<>();
    config
        .destinations()
        .forEach((n, s) -> destinations.put(n, Destination.of(s, System::nanoTime)));
    HttpDelivery delivery =
        new HttpDelivery(
            config.policy(), Sleeper.SYSTEM, Clock.systemUTC(), new Random(1), metrics);
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(kafka.clientConfig(), delivered, timeout);
        KafkaDeadLetters dead = new KafkaDeadLetters(kafka.clientConfig(), dlq, timeout)) {
      Dispatcher dispatcher =
          new Dispatcher(
              config.router(),
              destinations,
              delivery,
              log,
              dead,
              metrics,
              Clock.systemUTC(),
              null,
              config.policy().queueCapacity());
      try (KafkaForwarder forwarder =
          new KafkaForwarder(
              kafka.clientConfig(), insights, group, dispatcher, log::refresh, true)) {
        Throwable[] failure = new Throwable[1];
        Thread t =
            new Thread(
                () -> {
                  try {
                    forwarder.run(() -> true);
                  } catch (Throwable ex) {
                    failure[0] = ex;
                  }
                },
                "forwarder");
        t.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline && t.isAlive()) {
          Thread.sleep(50);
        }
        // let anything wrongly in flight arrive before stopping
        Thread.sleep(500);
        forwarder.wakeup();
        t.join(WAIT.toMillis());
        assertThat(failure[0]).isNull();
        assertThat(done.getAsBoolean()).as("forwarder reached the expected state").isTrue();
      }
    }
  }

  private boolean consumedToEnd(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          kafka.adminClient().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> end;
      try (var c =
          new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
              kafka.clientConfig(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
        end =
            c.endOffsets(List.of(new TopicPartition(insights, 0), new TopicPartition(insights, 1)));
      }
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        long at = committed.containsKey(e.getKey()) ? committed.get(e.getKey()).offset() : 0;
        if (e.getValue() > 0 && at < e.getValue()) {
          return false;
        }
      }
      return true;
    } catch (Exception ex) {
      return false;
    }
  }

  private long dlqCount() {
    try (var c =
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
            kafka.clientConfig(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      return c.endOffsets(List.of(new TopicPartition(dlq, 0))).values().iterator().next();
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static InsightEvent event(String id, String name) {
    InsightEvent s = Insights.start(id, T);
    return new InsightEvent(
        s.eventTimeMillis(),
        s.awsRegion(),
        id,
        s.recipientAccountId(),
        s.sharedEventId(),
        s.state(),
        s.eventSource(),
        name,
        s.insightType(),
        null,
        s.baselineAverage(),
        s.insightAverage(),
        s.insightDuration(),
        s.baselineDuration(),
        s.attributions(),
        null);
  }

  private void produce(InsightEvent... events) {
    List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    for (InsightEvent e : events) {
      records.add(
          new ProducerRecord<>(
              insights, e.eventId().getBytes(StandardCharsets.UTF_8), InsightJson.toBytes(e)));
    }
    kafka.produce(insights, records);
  }
}
