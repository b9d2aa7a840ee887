package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat receiver that is down for several minutes, on a real broker: with the default delivery
 * policy every insight arrives once it is back and nothing is parked; and what a short policy
 * parked is delivered by the documented redrive. Time is simulated: the delivery's sleeper moves a
 * clock, and the receiver comes back when that clock passes the end of the outage.
 */
class ForwardOutageIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int EVENTS = 8;

  private Receiver chat;
  private String insights;
  private String delivered;
  private String dlq;

  @BeforeEach
  void setUp() throws Exception {
    chat = new Receiver();
    insights = kafka.createTopic(kafka.uniqueTopic("cloudtrail-insights"), 2);
    delivered = kafka.uniqueTopic("trail-insights-forward-delivered");
    dlq = kafka.createTopic(kafka.uniqueTopic("cloudtrail-insights-forward-dlq"), 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      records.add(
          new ProducerRecord<>(
              insights,
              ("ev-" + i).getBytes(StandardCharsets.UTF_8),
              InsightJson.toBytes(Insights.start("ev-" + i, T))));
    }
    kafka.produce(insights, records);
  }

  @AfterEach
  void tearDown() {
    chat.close();
  }

  @Test
  void shouldDeliverEveryInsightOnceTheReceiverIsBackAfterTenMinutesDown() throws Exception {
    ForwardConfig config = config("");
    SimulatedTime time = new SimulatedTime(T);
    Instant back = T.plus(Duration.ofMinutes(10));
    chat.always(503);
    Sleeper sleeper =
        d -> {
          time.advance(d);
          if (!time.now().isBefore(back)) {
            chat.always(200);
          }
          Thread.sleep(1);
        };

    forward(config, sleeper, time.clock(), () -> accepted().size() >= EVENTS);

    assertThat(accepted())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, EVENTS).mapToObj(i -> "ev-" + i).toList());
    assertThat(time.now()).isAfterOrEqualTo(back);
    assertThat(dlqSize()).isZero();
    assertThat(chat.requests.size()).isGreaterThan(EVENTS);
  }

  @Test
  void shouldDeliverWhatWasParkedWhenRedriven() throws Exception {
    ForwardConfig config = config("delivery: {max-attempts: 2, initial-backoff-ms: 10}\n");
    chat.always(500);
    forward(config, d -> {}, Clock.systemUTC(), () -> dlqSize() >= EVENTS);
    assertThat(accepted()).isEmpty();

    chat.always(200);
    Redrive.Summary first = redrive(config);
    Redrive.Summary second = redrive(config);

    assertThat(first).isEqualTo(new Redrive.Summary(EVENTS, EVENTS, 0, 0));
    assertThat(first.describe())
        .isEqualTo(
            "redrive: 8 parked events read, 8 delivered, 0 parked again, 0 skipped (unreadable or"
                + " destination not configured)");
    assertThat(second).isEqualTo(new Redrive.Summary(0, 0, 0, 0));
    assertThat(accepted()).hasSize(EVENTS).doesNotHaveDuplicates();
  }

  private ForwardConfig config(String delivery) {
    String yaml =
        delivery
            + """
            destinations:
              chat: {type: webhook, url-env: CHAT_URL, hmac-key-env: CHAT_KEY}
            default-route: {destinations: [chat]}
            """;
    Map<String, String> env = Map.of("CHAT_URL", chat.url("/hook"), "CHAT_KEY", "k");
    return ForwardConfig.parse(yaml, env::get, null);
  }

  /** Event ids the receiver answered with 200. */
  private List<String> accepted() {
    List<String> ids = new ArrayList<>();
    synchronized (chat.requests) {
      for (Receiver.Request r : chat.requests) {
        if (r.status() == 200) {
          ids.add(r.headers().getFirst(WebhookFormat.EVENT_ID));
        }
      }
    }
    return ids;
  }

  private long dlqSize() {
    try (var c =
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
            kafka.clientConfig(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      return c.endOffsets(List.of(new org.apache.kafka.common.TopicPartition(dlq, 0)))
          .values()
          .iterator()
          .next();
    }
  }

  private Map<String, Destination> destinations(ForwardConfig config) {
    Map<String, Destination> out = new LinkedHashMap<>();
    config.destinations().forEach((n, s) -> out.put(n, Destination.of(s, System::nanoTime)));
    return out;
  }

  private Redrive.Summary redrive(ForwardConfig config) throws Exception {
    ForwardMetrics metrics = new ForwardMetrics(config.destinations().values());
    HttpDelivery delivery =
        new HttpDelivery(config.policy(), d -> {}, Clock.systemUTC(), new Random(1), metrics);
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(kafka.clientConfig(), delivered, timeout);
        KafkaDeadLetters dead = new KafkaDeadLetters(kafka.clientConfig(), dlq, timeout);
        Redrive r =
            new Redrive(
                kafka.clientConfig(),
                dlq,
                "forward-redrive",
                destinations(config),
                delivery,
                log,
                dead,
                metrics)) {
      return r.run();
    }
  }

  private void forward(ForwardConfig config, Sleeper sleeper, Clock clock, BooleanSupplier done)
      throws Exception {
    ForwardMetrics metrics = new ForwardMetrics(config.destinations().values());
    HttpDelivery delivery =
        new HttpDelivery(config.policy(), sleeper, clock, new Random(1), metrics);
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(kafka.clientConfig(), delivered, timeout);
        KafkaDeadLetters dead = new KafkaDeadLetters(kafka.clientConfig(), dlq, timeout);
        Dispatcher dispatcher =
            new Dispatcher(
                config.router(),
                destinations(config),
                delivery,
                log,
                dead,
                metrics,
                clock,
                null,
                config.policy().queueCapacity());
        KafkaForwarder forwarder =
            new KafkaForwarder(
                kafka.clientConfig(), insights, "forward", dispatcher, log::refresh, true)) {
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
      Thread.sleep(500);
      forwarder.wakeup();
      t.join(WAIT.toMillis());
      assertThat(failure[0]).isNull();
      assertThat(done.getAsBoolean()).as("forwarder reached the expected state").isTrue();
    }
  }

  /** A clock that moves only when told. */
  private static final class SimulatedTime {
    private final AtomicReference<Instant> now;

    SimulatedTime(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    Instant now() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    Clock clock() {
      return new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
    }
  }
}
