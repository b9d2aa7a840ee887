package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-03-02T14:08:13Z");
  private static final DeliveryPolicy POLICY =
      new DeliveryPolicy(
          4,
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30));

  private Receiver receiver;
  private final List<Duration> slept = new ArrayList<>();
  private final ForwardMetrics metrics = new ForwardMetrics(List.of());
  private HttpDelivery delivery;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new Receiver();
    delivery =
        new HttpDelivery(
            POLICY, slept::add, Clock.fixed(NOW, ZoneOffset.UTC), fixedJitter(), metrics);
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void shouldPostTheRecordAsIsWithAVerifiableSignature() throws Exception {
    InsightEvent e = Insights.start("ev-1", Instant.parse("2026-03-02T14:07:00Z"));
    byte[] raw = InsightJson.toBytes(e);
    Destination d = destination(DestinationType.WEBHOOK, "/hook");

    DeliveryResult r = delivery.deliver(d, e, raw);

    assertThat(r).isEqualTo(new DeliveryResult(DeliveryOutcome.DELIVERED, 1, null));
    Receiver.Request req = receiver.requests.get(0);
    assertThat(req.body()).isEqualTo(raw);
    assertThat(req.headers().getFirst("X-Trail-Insights-Event-Id")).isEqualTo("ev-1");
    String ts = req.headers().getFirst("X-Trail-Insights-Timestamp");
    assertThat(ts).isEqualTo(Long.toString(NOW.getEpochSecond()));
    // What a receiver does: recompute HMAC-SHA256 over "<timestamp>.<body>" with the shared key.
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] signed =
        (ts + "." + new String(raw, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(signed));
    assertThat(req.headers().getFirst("X-Trail-Insights-Signature")).isEqualTo(expected);
  }

  @Test
  void shouldRejectASignatureMadeWithAnotherKey() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String good = WebhookFormat.sign(new SecretKeySpec("k1".getBytes(), "HmacSHA256"), "1", body);
    String other = WebhookFormat.sign(new SecretKeySpec("k2".getBytes(), "HmacSHA256"), "1", body);
    String otherTime =
        WebhookFormat.sign(new SecretKeySpec("k1".getBytes(), "HmacSHA256"), "2", body);
    assertThat(good).hasSize(64).isNotEqualTo(other).isNotEqualTo(otherTime);
  }

  @Test
  void shouldRetryAfterServerErrorsWithGrowingBackoff() throws Exception {
    receiver.then(500).then(502);
    InsightEvent e = Insights.start("ev-2", Instant.parse("2026-03-02T14:07:00Z"));

    DeliveryResult r =
        delivery.deliver(destination(DestinationType.SLACK, "/slack"), e, new byte[0]);

    assertThat(r.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(receiver.requests).hasSize(3);
    // jitter 0.5: half the backoff plus half of the other half
    assertThat(slept).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150));
    assertThat(new String(receiver.requests.get(0).body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(receiver.requests.get(2).body(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldHonourRetryAfterOn429() throws Exception {
    receiver.then(429, Map.of("Retry-After", "7"));
    InsightEvent e = Insights.start("ev-3", Instant.parse("2026-03-02T14:07:00Z"));

    DeliveryResult r =
        delivery.deliver(destination(DestinationType.TEAMS, "/teams"), e, new byte[0]);

    assertThat(r).isEqualTo(new DeliveryResult(DeliveryOutcome.DELIVERED, 2, null));
    assertThat(slept).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void shouldCapAnUnreasonableRetryAfter() throws Exception {
    receiver.then(429, Map.of("Retry-After", "86400"));
    InsightEvent e = Insights.start("ev-4", Instant.parse("2026-03-02T14:07:00Z"));

    delivery.deliver(destination(DestinationType.SLACK, "/slack"), e, new byte[0]);

    assertThat(slept).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void shouldParkAfterTheRetryBudget() throws Exception {
    receiver.then(500).then(500).then(503).then(500).then(200);
    InsightEvent e = Insights.start("ev-5", Instant.parse("2026-03-02T14:07:00Z"));

    DeliveryResult r =
        delivery.deliver(destination(DestinationType.SLACK, "/slack"), e, new byte[0]);

    assertThat(r)
        .isEqualTo(new DeliveryResult(DeliveryOutcome.PARKED, 4, "http 500 after 4 attempts"));
    assertThat(receiver.requests).hasSize(4);
    assertThat(slept).hasSize(3);
  }

  @Test
  void shouldNotRetryARequestTheReceiverRejects() throws Exception {
    receiver.then(400);
    InsightEvent e = Insights.start("ev-6", Instant.parse("2026-03-02T14:07:00Z"));

    DeliveryResult r =
        delivery.deliver(destination(DestinationType.SLACK, "/slack"), e, new byte[0]);

    assertThat(r).isEqualTo(new DeliveryResult(DeliveryOutcome.PARKED, 1, "http 400, not retried"));
    assertThat(slept).isEmpty();
  }

  @Test
  void shouldNameNoUrlWhenTheReceiverIsUnreachable() throws Exception {
    String url = receiver.url("/secret-token-path");
    receiver.close();
    DestinationSpec spec = Insights.spec("slack", DestinationType.SLACK, url);
    InsightEvent e = Insights.start("ev-7", Instant.parse("2026-03-02T14:07:00Z"));

    DeliveryResult r = delivery.deliver(Destination.of(spec, System::nanoTime), e, new byte[0]);

    assertThat(r.outcome()).isEqualTo(DeliveryOutcome.PARKED);
    assertThat(r.reason())
        .startsWith("connection failed (")
        .doesNotContain("secret-token-path", "127.0.0.1");
  }

  @Test
  void shouldWaitForTheTokenBucket() throws Exception {
    long[] now = {0};
    DestinationSpec spec =
        new DestinationSpec(
            "slack",
            DestinationType.SLACK,
            new Secret(receiver.url("/slack"), "test"),
            null,
            null,
            60,
            2,
            1440,
            null,
            null);
    Destination d = Destination.of(spec, () -> now[0]);
    InsightEvent e = Insights.start("ev-8", Instant.parse("2026-03-02T14:07:00Z"));

    for (int i = 0; i < 4; i++) {
      delivery.deliver(d, e, new byte[0]);
    }

    // burst 2, then one a second: the third waits 1 s, the fourth 2 s (the clock stands still)
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void shouldReadRetryAfterAsSecondsOrHttpDate() {
    assertThat(HttpDelivery.retryAfter(Optional.of("120"), NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(HttpDelivery.retryAfter(Optional.of("Mon, 02 Mar 2026 14:09:13 GMT"), NOW))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(HttpDelivery.retryAfter(Optional.of("soon"), NOW)).isNull();
    assertThat(HttpDelivery.retryAfter(Optional.empty(), NOW)).isNull();
  }

  @Test
  void shouldParkOnceTheNextWaitWouldPassTheRetryBudget() throws Exception {
    receiver.always(503);
    Instant[] now = {NOW};
    DeliveryPolicy budgeted =
        new DeliveryPolicy(
            100,
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ofMinutes(30),
            10);
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    HttpDelivery timed =
        new HttpDelivery(
            budgeted,
            d -> {
              slept.add(d);
              now[0] = now[0].plus(d);
            },
            moving,
            fixedJitter(),
            metrics);
    InsightEvent e = Insights.start("ev-1", Instant.parse("2026-03-02T14:07:00Z"));

    DeliveryResult r =
        timed.deliver(destination(DestinationType.WEBHOOK, "/hook"), e, InsightJson.toBytes(e));

    assertThat(r.outcome()).isEqualTo(DeliveryOutcome.PARKED);
    Duration waited = slept.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(waited)
        .isLessThanOrEqualTo(Duration.ofMinutes(30))
        .isGreaterThan(Duration.ofMinutes(28));
    assertThat(slept).allMatch(d -> d.compareTo(Duration.ofMinutes(1)) <= 0);
    assertThat(r.attempts()).isEqualTo(slept.size() + 1).isBetween(30, 60);
    assertThat(r.reason())
        .startsWith("http 503 after " + r.attempts() + " attempts in ")
        .endsWith("s (retry budget 1800s)");
  }

  private Destination destination(DestinationType type, String path) {
    return Destination.of(
        Insights.spec(type.configName(), type, receiver.url(path)), System::nanoTime);
  }

  private static RandomGenerator fixedJitter() {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return 0.5;
      }
    };
  }
}
