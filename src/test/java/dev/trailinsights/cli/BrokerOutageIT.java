package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.testkit.TcpProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} against a broker that its clients reach only through a proxy the test cuts, as when
 * the broker is frozen, dead or partitioned away: Kafka Streams stays RUNNING, but past {@code
 * readiness.broker-timeout} {@code /readyz} answers 503 with the reason and {@code
 * trail_insights_ready} is 0; once the broker is reachable again both recover by themselves.
 */
class BrokerOutageIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path state;

  @Test
  void shouldTurnNotReadyWhileTheBrokerIsUnreachableAndRecover() throws Exception {
    int brokerPort;
    try (ServerSocket s = new ServerSocket(0)) {
      brokerPort = s.getLocalPort();
    }
    try (TcpProxy proxy = new TcpProxy()) {
      proxy.target(brokerPort);
      try (EmbeddedKafka broker =
          EmbeddedKafka.start(
              brokerPort,
              null,
              Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port()))) {
        RunCommand command = new RunCommand();
        command.handleSignals = false;
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        command.cluster.env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + proxy.port());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        List<String> args =
            List.of(
                "--set",
                "http.port=0",
                "--set",
                "http.bind-address=127.0.0.1",
                "--set",
                "streams.state-dir=" + state,
                "--set",
                "topics.partitions=1",
                "--set",
                "readiness.broker-timeout=6s",
                "--application-id",
                "outage-it");
        CompletableFuture<Integer> exit =
            CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)));
        try {
          InsightsRunner runner = awaitRunner(command, exit, err);
          int port = command.observability().port();
          awaitReadyz(port, r -> r.statusCode() == 200, Duration.ofSeconds(60));

          proxy.cut();
          HttpResponse<String> away =
              awaitReadyz(port, r -> r.statusCode() == 503, Duration.ofSeconds(60));
          assertThat(away.body())
              .startsWith("not ready: the Kafka cluster has not answered for")
              .contains("(limit 6s); nothing can be committed");
          assertThat(runner.app().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
          assertThat(metrics(port)).contains("trail_insights_ready 0.0");

          proxy.restore();
          awaitReadyz(port, r -> r.statusCode() == 200, Duration.ofSeconds(120));
          assertThat(metrics(port)).contains("trail_insights_ready 1.0");
        } finally {
          command.stop();
          assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        }
      }
    }
  }

  private static InsightsRunner awaitRunner(
      RunCommand command, CompletableFuture<Integer> exit, StringWriter err) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (command.runner() == null || command.runner().app() == null) {
      if (exit.isDone()) {
        throw new AssertionError("run ended with " + exit.get() + ": " + err);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run did not start: " + err);
      }
      Thread.sleep(20);
    }
    InsightsRunner runner = command.runner();
    assertThat(runner.awaitRunning(Duration.ofSeconds(60))).as("reached RUNNING").isTrue();
    return runner;
  }

  private static HttpResponse<String> awaitReadyz(
      int port, Predicate<HttpResponse<String>> wanted, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = get(port, "/readyz");
      if (wanted.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "/readyz never answered as expected; last: "
            + (last == null ? "none" : last.statusCode() + " " + last.body()));
  }

  private static String metrics(int port) throws Exception {
    return get(port, "/metrics").body();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
