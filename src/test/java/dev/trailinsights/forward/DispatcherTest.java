package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");
  private static final Clock CLOCK = Clock.fixed(T.plusSeconds(73), ZoneOffset.UTC);

  /** The parked calls of the dead-letter sink. */
  record Parked(long offset, String destination, String reason, int attempts) {}

  private final Map<String, DeliveryOutcome> log = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Parked> parked = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Receiver receiver;
  private ForwardMetrics metrics;
  private Map<String, Destination> destinations;
  private Router router;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new Receiver();
    DestinationSpec ok = Insights.spec("ops-slack", DestinationType.SLACK, receiver.url("/ok"));
    DestinationSpec down = Insights.spec("ops-teams", DestinationType.TEAMS, receiver.url("/down"));
    destinations =
        Map.of(
            ok.name(),
            Destination.of(ok, System::nanoTime),
            down.name(),
            Destination.of(down, System::nanoTime));
    metrics = new ForwardMetrics(List.of(ok, down));
    metrics.bindTo(registry);
    router = new Router(List.of(), List.of("ops-slack", "ops-teams"));
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void shouldParkWhatFailsAndNotSendAnythingTwice() throws Exception {
    // each destination has its own thread: give the failing one its own receiver
    Receiver down = new Receiver().then(500).then(503);
    DestinationSpec teams = Insights.spec("ops-teams", DestinationType.TEAMS, down.url("/down"));
    destinations = new java.util.HashMap<>(destinations);
    destinations.put(teams.name(), Destination.of(teams, System::nanoTime));
    Dispatcher dispatcher = dispatcher(null);
    InsightEvent e = Insights.start("ev-1", T);
    SourceRecord record =
        new SourceRecord("cloudtrail-insights", 0, 41, null, InsightJson.toBytes(e));

    settle(dispatcher, record);
    settle(dispatcher, record);

    assertThat(receiver.requests).extracting(Receiver.Request::path).containsExactly("/ok");
    assertThat(down.requests).extracting(Receiver.Request::path).containsExactly("/down", "/down");
    down.close();
    assertThat(parked).containsExactly(new Parked(41, "ops-teams", "http 503 after 2 attempts", 2));
    assertThat(log)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ops-slack/ev-1",
                DeliveryOutcome.DELIVERED,
                "ops-teams/ev-1",
                DeliveryOutcome.PARKED));
    assertThat(count(ForwardMetrics.DELIVERIES, "ops-slack", "delivered")).isEqualTo(1);
    assertThat(count(ForwardMetrics.DELIVERIES, "ops-teams", "parked")).isEqualTo(1);
    assertThat(count(ForwardMetrics.DELIVERIES, "ops-slack", "duplicate")).isEqualTo(1);
    assertThat(count(ForwardMetrics.DELIVERIES, "ops-teams", "duplicate")).isEqualTo(1);
    assertThat(
            registry.get(ForwardMetrics.RETRIES).tag("destination", "ops-teams").counter().count())
        .isEqualTo(1);
    assertThat(
            registry.get(ForwardMetrics.PARKED).tag("destination", "ops-teams").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(ForwardMetrics.LATENCY)
                .tag("destination", "ops-slack")
                .tag("outcome", "delivered")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.getMeters())
        .allSatisfy(
            m -> assertThat(m.getId().getTags().toString()).doesNotContain("127.0.0.1", "http"));
  }

  @Test
  void shouldParkAnUnreadableRecordOnce() throws Exception {
    Dispatcher dispatcher = dispatcher(null);
    SourceRecord bad =
        new SourceRecord(
            "cloudtrail-insights", 1, 7, null, "{\"eventType\":\"AwsApiCall\"}".getBytes());

    settle(dispatcher, bad);
    settle(dispatcher, bad);

    assertThat(parked)
        .containsExactly(
            new Parked(
                7,
                null,
                "not an Insights record: eventType is 'AwsApiCall', expected AwsCloudTrailInsight",
                0));
    assertThat(receiver.requests).isEmpty();
    assertThat(registry.get(ForwardMetrics.UNREADABLE).counter().count()).isEqualTo(2);
  }

  @Test
  void shouldPrintInsteadOfSendingInADryRun() throws Exception {
    List<String> printed = new ArrayList<>();
    Dispatcher dispatcher = dispatcher(printed::add);

    settle(
        dispatcher,
        new SourceRecord("t", 0, 0, null, InsightJson.toBytes(Insights.start("ev-9", T))));

    assertThat(receiver.requests).isEmpty();
    assertThat(parked).isEmpty();
    assertThat(log).isEmpty();
    assertThat(printed).hasSize(2);
    assertThat(printed.get(0)).startsWith("ops-slack (slack) ev-9: {\"text\":\"Insight started: ");
    assertThat(printed.get(1)).startsWith("ops-teams (teams) ev-9: {\"type\":\"message\"");
  }

  @Test
  void shouldNotLetARetryingDestinationDelayTheOthers() throws Exception {
    try (Receiver down = new Receiver().always(503)) {
      DestinationSpec failing = Insights.spec("ops-teams", DestinationType.TEAMS, down.url("/x"));
      DestinationSpec ok = Insights.spec("ops-slack", DestinationType.SLACK, receiver.url("/ok"));
      java.util.concurrent.CountDownLatch outageOver = new java.util.concurrent.CountDownLatch(1);
      // only the failing destination retries, so only its thread waits here
      Sleeper waitForTheReceiver = d -> outageOver.await();
      HttpDelivery delivery =
          new HttpDelivery(
              new DeliveryPolicy(
                  3,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5),
                  Duration.ZERO),
              waitForTheReceiver,
              CLOCK,
              new Random(1),
              metrics);
      try (Dispatcher dispatcher =
          new Dispatcher(
              router,
              Map.of(
                  ok.name(),
                  Destination.of(ok, System::nanoTime),
                  failing.name(),
                  Destination.of(failing, System::nanoTime)),
              delivery,
              memoryLog(),
              (r, d, reason, attempts) -> parked.add(new Parked(r.offset(), d, reason, attempts)),
              metrics,
              CLOCK,
              null,
              10)) {
        List<java.util.concurrent.CompletableFuture<Void>> settled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          settled.add(
              dispatcher.submit(
                  new SourceRecord(
                      "t", 0, i, null, InsightJson.toBytes(Insights.start("ev-" + i, T)))));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.requests.size() < 5 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(receiver.requests).hasSize(5);
        assertThat(down.requests).hasSize(1);
        assertThat(settled).noneMatch(java.util.concurrent.CompletableFuture::isDone);
        assertThat(dispatcher.queued("ops-teams")).isEqualTo(5);

        down.always(200);
        outageOver.countDown();
        java.util.concurrent.CompletableFuture.allOf(
                settled.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
            .get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(down.requests).hasSize(6);
        assertThat(parked).isEmpty();
        assertThat(log.values()).hasSize(10).containsOnly(DeliveryOutcome.DELIVERED);
      }
    }
  }

  @Test
  void shouldRefuseARecordWhileADestinationQueueIsFull() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (Receiver down = new Receiver().always(503)) {
      DestinationSpec failing = Insights.spec("ops-teams", DestinationType.TEAMS, down.url("/x"));
      HttpDelivery delivery =
          new HttpDelivery(
              new DeliveryPolicy(
                  2,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5),
                  Duration.ZERO),
              d -> release.await(),
              CLOCK,
              new Random(1),
              metrics);
      try (Dispatcher dispatcher =
          new Dispatcher(
              new Router(List.of(), List.of("ops-teams")),
              Map.of(failing.name(), Destination.of(failing, System::nanoTime)),
              delivery,
              memoryLog(),
              (r, d, reason, attempts) -> parked.add(new Parked(r.offset(), d, reason, attempts)),
              metrics,
              CLOCK,
              null,
              2)) {
        SourceRecord first = record(0);
        assertThat(dispatcher.submit(first)).isNotNull();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (down.requests.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(dispatcher.submit(record(1))).isNotNull();
        assertThat(dispatcher.submit(record(2))).isNotNull();

        assertThat(dispatcher.submit(record(3))).isNull();
        release.countDown();
      }
    }
  }

  /**
   * Settles {@code record} at every destination its routes choose and waits for it, as the
   * forwarder does; a failure of the delivery log or dead-letter sink is thrown as it was.
   */
  static void settle(Dispatcher dispatcher, SourceRecord record) throws InterruptedException {
    java.util.concurrent.CompletableFuture<Void> settled;
    while ((settled = dispatcher.submit(record)) == null) {
      Thread.sleep(10);
    }
    try {
      settled.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IllegalStateException ise
          ? ise
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static SourceRecord record(int i) {
    return new SourceRecord("t", 0, i, null, InsightJson.toBytes(Insights.start("ev-" + i, T)));
  }

  private DeliveryLog memoryLog() {
    return new DeliveryLog() {
      @Override
      public boolean done(String eventId, String destination) {
        return log.containsKey(destination + "/" + eventId);
      }

      @Override
      public void record(String eventId, String destination, DeliveryOutcome outcome) {
        log.put(destination + "/" + eventId, outcome);
      }
    };
  }

  private Dispatcher dispatcher(java.util.function.Consumer<String> dryRun) {
    HttpDelivery delivery =
        new HttpDelivery(
            new DeliveryPolicy(
                2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO),
            d -> {},
            CLOCK,
            new Random(1),
            metrics);
    DeliveryLog memory = memoryLog();
    DeadLetterSink sink =
        (r, d, reason, attempts) -> parked.add(new Parked(r.offset(), d, reason, attempts));
    if (dryRun != null) {
      return Dispatcher.dryRun(router, destinations, metrics, CLOCK, dryRun);
    }
    return new Dispatcher(
        router,
        destinations,
        delivery,
        memory,
        sink,
        metrics,
        CLOCK,
        null,
        DeliveryPolicy.DEFAULT_QUEUE_CAPACITY);
  }

  private double count(String name, String destination, String outcome) {
    return registry
        .get(name)
        .tag("destination", destination)
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
