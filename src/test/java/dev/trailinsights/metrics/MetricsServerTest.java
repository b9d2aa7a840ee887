package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  /** Sends {@code raw} on a fresh connection and returns everything the server answers. */
  private String raw(String raw) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void shouldAnswerAMalformedRequestTargetWithOnePlainLine() throws Exception {
    String r = raw("GET /healthz%zz%%/../.. HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(r).startsWith("HTTP/1.1 400");
    assertThat(r).containsIgnoringCase("Content-Type: text/plain");
    assertThat(body(r)).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
    assertThat(body(r).strip().lines()).hasSize(1);
  }

  @Test
  void shouldRefuseHttp09() throws Exception {
    String r = raw("GET /healthz\r\n\r\n");

    assertThat(r).doesNotStartWith("ok").startsWith("HTTP/1.1 ");
    assertThat(r).doesNotStartWith("HTTP/1.1 200");
  }

  @Test
  void shouldAnswerBusyBeyondTheRoutedConcurrencyAndStayHealthy() throws Exception {
    int permits = MetricsServer.Limits.DEFAULT.routedConcurrency();
    CountDownLatch entered = new CountDownLatch(permits);
    CountDownLatch release = new CountDownLatch(1);
    server.route(
        "/api/",
        ex -> {
          entered.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          try (ex) {
            ex.sendResponseHeaders(204, -1);
          }
        });
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < permits; i++) {
      held.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> over = get("/api/y", null);
    HttpResponse<String> health = get("/healthz", null);
    HttpResponse<String> metrics = get("/metrics", null);
    release.countDown();

    assertThat(over.statusCode()).isEqualTo(503);
    assertThat(over.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(metrics.statusCode()).isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void shouldRouteTheLongestPrefix() throws Exception {
    server.route("/", ex -> HttpResponses.send(ex, 200, "root".getBytes(StandardCharsets.UTF_8)));
    server.route(
        "/api/v1/", ex -> HttpResponses.send(ex, 200, "api".getBytes(StandardCharsets.UTF_8)));

    assertThat(get("/", null).body()).isEqualTo("root");
    assertThat(get("/index.html", null).body()).isEqualTo("root");
    assertThat(get("/api/v1/insights", null).body()).isEqualTo("api");
    assertThat(get("/healthz", null).body()).isEqualTo("ok\n");
    assertThat(get("/metricsx", null).statusCode()).isEqualTo(404);
  }
}
