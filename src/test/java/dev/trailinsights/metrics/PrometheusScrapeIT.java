package dev.trailinsights.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.runtime.ClientProperties;
import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.runtime.RunConfig;
import dev.trailinsights.testkit.KafkaFixture;
import dev.trailinsights.topology.TopologyOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a running instance on a real broker; its query API must show the
 * project's metrics with the values a known input implies, and the project's alert rules must fire
 * on them.
 */
class PrometheusScrapeIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final Path RULES = Path.of("docker/observability/prometheus/rules.yml");
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private TopologyOptions topics;

  private RunConfig config() throws Exception {
    topics =
        new TopologyOptions(
            kafka.uniqueTopic("cloudtrail-events"),
            kafka.uniqueTopic("cloudtrail-insights"),
            kafka.uniqueTopic("cloudtrail-events-dlq"),
            false,
            TopologyOptions.DEFAULT_IDLE_TIMEOUT,
            kafka.uniqueTopic("cloudtrail-insights-history"),
            TopologyOptions.DEFAULT_HISTORY_RETENTION,
            1);
    return new RunConfig(
        kafka.bootstrapServers(),
        kafka.uniqueTopic("trail-insights"),
        topics,
        true,
        2,
        1,
        1,
        0,
        Files.createDirectories(dir.resolve("state")),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        // the traffic is months old and ends with its burst: judged on arrival, as at the live edge
        DetectorConfig.builder().liveEdge(Duration.ofDays(3650)).build(),
        ClientProperties.empty(),
        "");
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldShowTheProjectMetricsInPrometheusAfterAKnownInput() throws Exception {
    PrometheusProcess.binary("prometheus"); // fail first, and clearly, when it is missing
    List<String> traffic =
        TrafficRecords.steadyThenBurst(
            Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(2), 2, 40);
    int selected = traffic.size();
    int skipped = 5;
    int deadLetters = 3;
    try (Observability obs = new Observability();
        InsightsRunner runner = new InsightsRunner(config(), obs.latency(), obs::attach)) {
      int port = obs.serve("127.0.0.1", 0);
      runner.start();
      assertThat(runner.awaitRunning(PATIENCE)).as("reached RUNNING").isTrue();

      byte[] key = (TrafficRecords.ACCOUNT + "|" + TrafficRecords.REGION).getBytes(UTF_8);
      String in = topics.inputTopic();
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 0; i < skipped; i++) {
        String r =
            TrafficRecords.record(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i), true);
        records.add(new ProducerRecord<>(in, key, r.getBytes(UTF_8)));
      }
      for (String r : traffic) {
        records.add(new ProducerRecord<>(in, key, r.getBytes(UTF_8)));
      }
      for (int i = 0; i < deadLetters; i++) {
        records.add(new ProducerRecord<>(in, key, ("not json " + i).getBytes(UTF_8)));
      }
      kafka.produce(in, records);
      assertThat(kafka.consumeAll(topics.outputTopic(), 1, PATIENCE))
          .extracting(r -> new String(r.value(), UTF_8))
          .singleElement()
          .asString()
          .contains("\"state\":\"Start\"");

      String scrape = get(port, "/metrics").body();
      Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);

      try (PrometheusProcess prometheus =
          PrometheusProcess.start(dir, "127.0.0.1:" + port, RULES.toAbsolutePath())) {
        String job = "{job=\"trail-insights\"}";
        prometheus.awaitValue("up" + job, 1, PATIENCE);
        prometheus.awaitValue(
            "trail_insights_events_total{category=\"management\",outcome=\"selected\"}",
            selected,
            PATIENCE);
        prometheus.awaitValue(
            "trail_insights_events_total{category=\"management\",outcome=\"skipped\"}",
            skipped,
            PATIENCE);
        prometheus.awaitValue(
            "trail_insights_dead_letter_messages_total{reason=\"not-json\"}",
            deadLetters,
            PATIENCE);
        prometheus.awaitValue(
            "sum(trail_insights_dead_letter_messages_total)", deadLetters, PATIENCE);
        prometheus.awaitValue(
            "trail_insights_input_messages_total", selected + skipped + deadLetters, PATIENCE);
        prometheus.awaitValue(
            "trail_insights_emitted_insights_total{type=\"ApiCallRateInsight\",state=\"Start\"}",
            1,
            PATIENCE);
        prometheus.awaitValue("sum(trail_insights_emitted_insights_total)", 1, PATIENCE);
        prometheus.awaitValue("trail_insights_detection_delay_seconds_count", 1, PATIENCE);
        prometheus.awaitValue("trail_insights_event_lag_seconds_count", selected, PATIENCE);
        prometheus.awaitValue("trail_insights_open_insights", 1, PATIENCE);
        prometheus.awaitValue("trail_insights_baseline_keys >= bool 1", 1, PATIENCE);
        prometheus.awaitValue("trail_insights_ready", 1, PATIENCE);
        prometheus.awaitValue("trail_insights_streams_state{state=\"running\"}", 1, PATIENCE);
        prometheus.awaitValue("count(kafka_stream_thread_process_total) > bool 0", 1, PATIENCE);
        prometheus.awaitValue("count(jvm_memory_used_bytes) > bool 0", 1, PATIENCE);
        // a Start leaves an insight open: the rule of that name fires at once
        awaitFiring(prometheus, "TrailInsightsInsightOpen");

        TreeSet<String> names = new TreeSet<>();
        for (JsonNode n : prometheus.query("count by (__name__) ({job=\"trail-insights\"})")) {
          names.add(n.path("metric").path("__name__").asText());
        }
        Files.write(Path.of("target", "prometheus-metric-names.txt"), names);
        assertThat(names).allSatisfy(n -> assertThat(n).doesNotContain("arn"));
      }
    }
  }

  private static void awaitFiring(PrometheusProcess prometheus, String alert) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode alerts = null;
    while (System.nanoTime() < deadline) {
      alerts = prometheus.alerts();
      for (JsonNode a : alerts) {
        if (alert.equals(a.path("labels").path("alertname").asText())
            && "firing".equals(a.path("state").asText())) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(alert + " not firing; alerts: " + alerts + "; " + prometheus.log());
  }

  @Test
  void shouldBeReadyOnlyWhileTheTopologyRuns() throws Exception {
    try (Observability obs = new Observability()) {
      InsightsRunner runner = new InsightsRunner(config(), obs.latency(), obs::attach);
      int port = obs.serve("127.0.0.1", 0);

      HttpResponse<String> before = get(port, "/readyz");
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);

      runner.start();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      HttpResponse<String> r = get(port, "/readyz");
      while (r.statusCode() != 200 && System.nanoTime() < deadline) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("not ready: ");
        Thread.sleep(50);
        r = get(port, "/readyz");
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(runner.app().streams().state().isRunningOrRebalancing()).isTrue();

      runner.close();

      HttpResponse<String> after = get(port, "/readyz");
      assertThat(after.statusCode()).isEqualTo(503);
      assertThat(after.body()).isEqualTo("not ready: Kafka Streams is NOT_RUNNING\n");
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    }
  }
}
