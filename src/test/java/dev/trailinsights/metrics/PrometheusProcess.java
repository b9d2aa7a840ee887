package dev.trailinsights.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for tests, started from the {@code prometheus} binary on loopback with a
 * random port, its own storage directory, and a generated configuration scraping one target every
 * second.
 */
final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The {@code name} binary on the PATH (or in /usr/bin).
   *
   * @throws AssertionError naming the package to install when it is missing
   */
  static Path binary(String name) {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    candidates.add(Path.of("/usr/bin", name));
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        name
            + " not found on the PATH: this test needs a real Prometheus. Install it, e.g. with"
            + " `apt-get update && apt-get install -y prometheus` (as .ci/run does in CI).");
  }

  /**
   * Starts Prometheus scraping {@code target} ({@code host:port}, path {@code /metrics}) every
   * second as job {@code trail-insights}, with {@code rules} loaded if not null; waits until it is
   * ready.
   */
  static PrometheusProcess start(Path dir, String target, Path rules) throws Exception {
    Path binary = binary("prometheus");
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    StringBuilder yml = new StringBuilder();
    yml.append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
    if (rules != null) {
      yml.append("rule_files:\n  - ").append(rules.toAbsolutePath()).append('\n');
    }
    yml.append("scrape_configs:\n")
        .append("  - job_name: trail-insights\n")
        .append("    metrics_path: /metrics\n")
        .append("    static_configs:\n")
        .append("      - targets: ['")
        .append(target)
        .append("']\n");
    Files.writeString(config, yml.toString());
    Path data = Files.createDirectories(dir.resolve("data"));
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(p, port, log);
    prometheus.awaitReady(Duration.ofSeconds(60));
    return prometheus;
  }

  private void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited with " + process.exitValue() + ": " + log());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("prometheus not ready within " + timeout + ": " + log());
      }
      Thread.sleep(100);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The result of an instant query: the {@code data.result} array. */
  JsonNode query(String promql) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base()
                            + "/api/v1/query?query="
                            + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError("query " + promql + " failed: " + r.body());
    }
    return body.path("data").path("result");
  }

  /** The value of a query returning one sample, or null when it returns none. */
  Double value(String promql) throws Exception {
    JsonNode result = query(promql);
    if (result.size() == 0) {
      return null;
    }
    if (result.size() > 1) {
      throw new AssertionError("query " + promql + " returned " + result.size() + ": " + result);
    }
    return Double.valueOf(result.get(0).path("value").get(1).asText());
  }

  /** Polls until {@code promql} returns one sample equal to {@code expected}. */
  void awaitValue(String promql, double expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Double last = null;
    while (System.nanoTime() < deadline) {
      last = value(promql);
      if (last != null && last == expected) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Prometheus query " + promql + " = " + last + ", expected " + expected + "; " + log());
  }

  /** Active alerts: the {@code data.alerts} array of {@code /api/v1/alerts}. */
  JsonNode alerts() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/alerts")).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("data").path("alerts");
  }

  String log() {
    try {
      String s = Files.readString(log);
      return "prometheus log (tail): " + s.substring(Math.max(0, s.length() - 3000));
    } catch (IOException e) {
      return "no prometheus log: " + e.getMessage();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
