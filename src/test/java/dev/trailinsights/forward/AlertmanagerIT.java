package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start and End against a real Alertmanager (Debian package {@code prometheus-alertmanager}) on
 * loopback: the Start makes an active alert with the series' labels, the End resolves it.
 */
class AlertmanagerIT {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static Process alertmanager;
  private static String base;

  @BeforeAll
  static void startAlertmanager() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      fail(
          BINARY
              + " not found: install the Debian package prometheus-alertmanager"
              + " (apt-get install -y prometheus-alertmanager; .ci/run does this)");
    }
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: blackhole
          group_wait: 1s
        receivers:
          - name: blackhole
        """);
    Files.createDirectories(dir.resolve("data"));
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    alertmanager =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!alertmanager.isAlive()) {
        fail("alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    fail("alertmanager not ready after 30 s: " + Files.readString(dir.resolve("alertmanager.log")));
  }

  @AfterAll
  static void stopAlertmanager() throws Exception {
    if (alertmanager != null) {
      alertmanager.destroy();
      alertmanager.waitFor();
    }
  }

  @Test
  void shouldFireOnStartAndResolveOnEnd() throws Exception {
    DestinationSpec spec = Insights.spec("am", DestinationType.ALERTMANAGER, base + "/");
    Destination d = Destination.of(spec, System::nanoTime);
    HttpDelivery delivery =
        new HttpDelivery(
            new DeliveryPolicy(
                3,
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1)),
            Sleeper.SYSTEM,
            Clock.systemUTC(),
            new Random(1),
            new ForwardMetrics(List.of()));
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    InsightEvent start =
        Insights.errorRate("ev-start", minute.minus(Duration.ofMinutes(10)), "AccessDenied");

    assertThat(delivery.deliver(d, start, InsightJson.toBytes(start)).outcome())
        .isEqualTo(DeliveryOutcome.DELIVERED);

    List<JsonNode> active = alerts();
    assertThat(active).hasSize(1);
    JsonNode alert = active.get(0);
    assertThat(alert.get("labels"))
        .isEqualTo(
            JSON.readTree(
                """
                {"alertname": "CloudTrailInsight", "insight_type": "ApiErrorRateInsight",
                 "event_source": "ec2.amazonaws.com", "event_name": "RunInstances",
                 "account": "123456789012", "region": "eu-west-1", "error_code": "AccessDenied"}
                """));
    assertThat(alert.at("/status/state").asText()).isEqualTo("active");
    assertThat(Instant.parse(alert.get("startsAt").asText()))
        .isEqualTo(Instant.ofEpochMilli(start.eventTimeMillis()));
    assertThat(alert.at("/annotations/insight_average").asText()).isEqualTo("12");

    InsightEvent end = ended(start, minute.minus(Duration.ofMinutes(1)), 9);
    assertThat(delivery.deliver(d, end, InsightJson.toBytes(end)).outcome())
        .isEqualTo(DeliveryOutcome.DELIVERED);

    assertThat(alerts()).isEmpty();
    JsonNode all =
        JSON.readTree(
            get("/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true").body());
    assertThat(all).isEmpty();
  }

  private static InsightEvent ended(InsightEvent s, Instant at, long minutes) {
    return new InsightEvent(
        at.toEpochMilli(),
        s.awsRegion(),
        "ev-end",
        s.recipientAccountId(),
        s.sharedEventId(),
        dev.trailinsights.insight.InsightState.END,
        s.eventSource(),
        s.eventName(),
        s.insightType(),
        s.errorCode(),
        s.baselineAverage(),
        9.5,
        minutes,
        s.baselineDuration(),
        s.attributions(),
        null);
  }

  private static List<JsonNode> alerts() throws Exception {
    String filter = URLEncoder.encode("alertname=\"CloudTrailInsight\"", StandardCharsets.UTF_8);
    JsonNode body = JSON.readTree(get("/api/v2/alerts?filter=" + filter).body());
    List<JsonNode> out = new java.util.ArrayList<>();
    body.forEach(out::add);
    return out;
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
