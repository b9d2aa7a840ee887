package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean ready = new AtomicBoolean();
  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsServer server;

  @BeforeEach
  void start() {
    Counter.builder("trail.insights.test.things")
        .description("things")
        .baseUnit("things")
        .register(registry)
        .increment(3);
    server =
        MetricsServer.start(
            "127.0.0.1",
            0,
            registry,
            ready::get,
            () -> ready.get() ? "ready" : "not ready: testing");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServePrometheusTextByDefault() throws Exception {
    HttpResponse<String> r = get("/metrics", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
    assertThat(r.body())
        .contains("# TYPE trail_insights_test_things_total counter")
        .contains("trail_insights_test_things_total 3.0")
        .doesNotContain("# EOF");
  }

  @Test
  void shouldServeOpenMetricsWhenAskedFor() throws Exception {
    HttpResponse<String> r =
        get(
            "/metrics",
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsServer.OPENMETRICS);
    assertThat(r.body())
        .contains("# TYPE trail_insights_test_things counter")
        .contains("trail_insights_test_things_total 3.0")
        .endsWith("# EOF\n");
  }

  @Test
  void shouldAnswerHealthzWhileAlive() throws Exception {
    HttpResponse<String> r = get("/healthz", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok\n");
  }

  @Test
  void shouldAnswerReadyzWithTheReadiness() throws Exception {
    HttpResponse<String> before = get("/readyz", null);
    ready.set(true);
    HttpResponse<String> after = get("/readyz", null);

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).isEqualTo("not ready: testing\n");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("ready\n");
  }

  @Test
  void shouldRejectOtherPathsAndMethods() throws Exception {
    assertThat(get("/metricsx", null).statusCode()).isEqualTo(404);
    assertThat(get("/", null).statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void shouldNegotiateOnTheAcceptHeader() {
    assertThat(MetricsServer.negotiate(null)).isEqualTo(MetricsServer.PROMETHEUS_TEXT);
    assertThat(MetricsServer.negotiate("*/*")).isEqualTo(MetricsServer.PROMETHEUS_TEXT);
    assertThat(MetricsServer.negotiate("application/openmetrics-text"))
        .isEqualTo(MetricsServer.OPENMETRICS);
  }
}
