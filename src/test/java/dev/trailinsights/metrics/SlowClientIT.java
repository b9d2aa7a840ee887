package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile clients on the HTTP port: many connections that never finish their headers or drip a byte
 * a second must neither starve {@code /healthz} nor stay open past the request-read deadline.
 */
class SlowClientIT {
  private static final Duration READ = Duration.ofSeconds(3);
  private final List<Socket> sockets = new ArrayList<>();
  private MetricsServer server;

  @AfterEach
  void stop() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing: nothing more to do
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket open(String partial) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(s);
    s.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  /** One {@code /healthz} request on a fresh connection, answered within a second. */
  private boolean healthy() {
    try (Socket s = new Socket()) {
      s.connect(
          new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 1000);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return r.startsWith("HTTP/1.1 200") && r.endsWith("ok\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the server has closed {@code s}: a read sees the end of the stream or a reset. */
  private static boolean closedByServer(Socket s) {
    try {
      s.setSoTimeout(200);
      InputStream in = s.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldAnswerHealthzWhileSlowClientsHoldConnectionsAndCloseThemAtTheDeadline()
      throws Exception {
    server =
        MetricsServer.start(
            "127.0.0.1",
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> true,
            () -> "ready",
            new MetricsServer.Limits(READ, Duration.ofSeconds(30), 512, 16, 6, 2));
    // two clients that never finish their headers, and 200 that drip a byte a second
    List<Socket> stalled =
        List.of(open("GET / HTTP/1.1\r\nHost: x\r\n"), open("GET / HTTP/1.1\r\nHost: x\r\n"));
    List<Socket> drippers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      drippers.add(open("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "));
    }
    Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(silent);

    long end = System.nanoTime() + READ.multipliedBy(3).toNanos();
    int probes = 0;
    int answered = 0;
    int drips = 0;
    while (System.nanoTime() < end) {
      for (Socket d : drippers) {
        try {
          d.getOutputStream().write('a');
          d.getOutputStream().flush();
        } catch (IOException e) {
          // closed by the server: expected after the deadline
        }
      }
      drips++;
      for (int i = 0; i < 4; i++) {
        probes++;
        if (healthy()) {
          answered++;
        }
        Thread.sleep(250);
      }
    }

    assertThat(drips).isGreaterThanOrEqualTo(8);
    assertThat(answered).as("healthz probes answered").isEqualTo(probes);
    assertThat(stalled).allMatch(SlowClientIT::closedByServer);
    assertThat(closedByServer(silent)).isTrue();
    assertThat(drippers.stream().filter(SlowClientIT::closedByServer).count())
        .as("dripping clients closed at the deadline")
        .isEqualTo(drippers.size());
    assertThat(server.requestReadTimeouts()).isGreaterThanOrEqualTo(203);
  }
}
