package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.insight.InsightEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack Web API destination against a loopback server standing in for slack.com/api. */
class SlackBotTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");

  private final Map<String, String> threads = new HashMap<>();
  private Receiver slack;
  private Destination bot;
  private HttpDelivery delivery;

  @BeforeEach
  void setUp() throws Exception {
    slack = new Receiver();
    DestinationSpec spec =
        new DestinationSpec(
            "security-bot",
            DestinationType.SLACK_BOT,
            new Secret(slack.url("/api/"), "test"),
            null,
            null,
            6000,
            100,
            1440,
            new Secret("xoxb-test-token", "test"),
            "C0123456789");
    ThreadStore store =
        new ThreadStore() {
          @Override
          public String threadOf(String destination, String sharedEventId) {
            return threads.get(destination + "/" + sharedEventId);
          }

          @Override
          public void remember(String destination, String sharedEventId, String thread) {
            threads.put(destination + "/" + sharedEventId, thread);
          }
        };
    bot = Destination.of(spec, System::nanoTime, store);
    delivery =
        new HttpDelivery(
            new DeliveryPolicy(
                3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO),
            d -> {},
            Clock.systemUTC(),
            new Random(1),
            new ForwardMetrics(List.of()));
  }

  @AfterEach
  void tearDown() {
    slack.close();
  }

  @Test
  void shouldAnswerTheEndInTheThreadOfTheStart() throws Exception {
    slack.then(200, "{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1700000000.000100\"}");
    slack.then(200, "{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1700000600.000200\"}");
    InsightEvent start = Insights.start("ev-s", T);
    InsightEvent end = Insights.end("ev-e", T.plusSeconds(600), 10);

    assertThat(delivery.deliver(bot, start, new byte[0]))
        .isEqualTo(new DeliveryResult(DeliveryOutcome.DELIVERED, 1, null));
    assertThat(delivery.deliver(bot, end, new byte[0]))
        .isEqualTo(new DeliveryResult(DeliveryOutcome.DELIVERED, 1, null));

    Receiver.Request first = slack.requests.get(0);
    assertThat(first.path()).isEqualTo("/api/chat.postMessage");
    assertThat(first.headers().getFirst("Authorization")).isEqualTo("Bearer xoxb-test-token");
    JsonNode posted = JSON.readTree(first.body());
    assertThat(posted.get("channel").asText()).isEqualTo("C0123456789");
    assertThat(posted.has("thread_ts")).isFalse();
    JsonNode webhookMessage =
        JSON.readTree(
            MessageFormat.of(Insights.spec("w", DestinationType.SLACK, "http://127.0.0.1:9/x"))
                .format(start, new byte[0], T)
                .body());
    assertThat(posted.get("blocks").get(0)).isEqualTo(webhookMessage.get("blocks").get(0));
    assertThat(threads).containsEntry("security-bot/" + Insights.SHARED, "1700000000.000100");

    JsonNode reply = JSON.readTree(slack.requests.get(1).body());
    assertThat(reply.get("thread_ts").asText()).isEqualTo("1700000000.000100");
    assertThat(reply.get("text").asText()).startsWith("Insight ended");
  }

  @Test
  void shouldPostAnEndOnItsOwnWhenItsStartIsUnknown() throws Exception {
    slack.then(200, "{\"ok\":true,\"ts\":\"1.2\"}");

    delivery.deliver(bot, Insights.end("ev-e", T, 3), new byte[0]);

    assertThat(JSON.readTree(slack.requests.get(0).body()).has("thread_ts")).isFalse();
    assertThat(threads).isEmpty();
  }

  @Test
  void shouldParkOnAPermanentSlackError() throws Exception {
    slack.then(200, "{\"ok\":false,\"error\":\"channel_not_found\"}");

    DeliveryResult r = delivery.deliver(bot, Insights.start("ev-1", T), new byte[0]);

    assertThat(r)
        .isEqualTo(
            new DeliveryResult(
                DeliveryOutcome.PARKED, 1, "slack error channel_not_found, not retried"));
    assertThat(threads).isEmpty();
  }

  @Test
  void shouldRetryATransientSlackError() throws Exception {
    slack.then(200, "{\"ok\":false,\"error\":\"internal_error\"}");
    slack.then(200, "{\"ok\":true,\"ts\":\"1.5\"}");

    DeliveryResult r = delivery.deliver(bot, Insights.start("ev-2", T), new byte[0]);

    assertThat(r).isEqualTo(new DeliveryResult(DeliveryOutcome.DELIVERED, 2, null));
    assertThat(threads).containsValue("1.5");
  }

  @Test
  void shouldNotRepeatAnUnexpectedErrorText() throws Exception {
    slack.then(200, "{\"ok\":false,\"error\":\"<script>xoxb-leak</script>\"}");

    DeliveryResult r = delivery.deliver(bot, Insights.start("ev-3", T), new byte[0]);

    assertThat(r.reason()).isEqualTo("slack error unknown, not retried");
  }

  @Test
  void shouldConfigureABotWithTheDefaultApiUrl() {
    String yaml =
        """
        destinations:
          bot: {type: slack-bot, token-env: SLACK_BOT_TOKEN, channel: C0123456789}
        default-route: {destinations: [bot]}
        """;
    ForwardConfig cfg = ForwardConfig.parse(yaml, Map.of("SLACK_BOT_TOKEN", "xoxb-1")::get, null);
    DestinationSpec spec = cfg.destinations().get("bot");
    assertThat(spec.url().reveal()).isEqualTo("https://slack.com/api");
    assertThat(spec.token().reveal()).isEqualTo("xoxb-1");
    assertThat(spec.channel()).isEqualTo("C0123456789");
  }
}
