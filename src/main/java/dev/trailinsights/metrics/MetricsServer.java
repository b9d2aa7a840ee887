package dev.trailinsights.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP endpoints of an instance, on one port (JDK {@code com.sun.net.httpserver}, at most
 * {@value #THREADS} handler threads and {@value #QUEUE} queued requests; beyond that the accepting
 * thread handles the request itself, which stops it reading new ones until done):
 *
 * <ul>
 *   <li>{@code GET /metrics}: the Prometheus registry, as OpenMetrics when the {@code Accept}
 *       header asks for {@code application/openmetrics-text}, else the Prometheus text format;
 *   <li>{@code GET /healthz}: 200 while the process serves requests;
 *   <li>{@code GET /readyz}: 200 when ready, 503 otherwise, with one line saying why.
 * </ul>
 *
 * Other paths answer 404, other methods 405.
 */
public final class MetricsServer implements AutoCloseable {
  static final int THREADS = 2;
  static final int QUEUE = 32;
  private static final String TEXT = "text/plain; charset=utf-8";

  /** Content type of the OpenMetrics text format. */
  public static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** Content type of the Prometheus text format. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  private MetricsServer(HttpServer server, ThreadPoolExecutor executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts listening.
   *
   * @param bindAddress address to listen on, e.g. {@code 0.0.0.0}
   * @param port port, 0 for any free one (see {@link #port()})
   * @param ready whether {@code /readyz} answers 200
   * @param readiness the one-line body of {@code /readyz}
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static MetricsServer start(
      String bindAddress,
      int port,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      Supplier<String> readiness) {
    Objects.requireNonNull(registry, "registry");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + bindAddress + ":" + port + " for HTTP: " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "trail-insights-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            // overloaded: the accepting thread answers itself, so no new request is read
            // meanwhile
            new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        ex -> {
          if (allowed(ex, "/metrics")) {
            String format = negotiate(ex.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            registry.scrape(body, format);
            send(ex, 200, format, body.toByteArray());
          }
        });
    server.createContext(
        "/healthz",
        ex -> {
          if (allowed(ex, "/healthz")) {
            send(ex, 200, TEXT, "ok\n".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.createContext(
        "/readyz",
        ex -> {
          if (allowed(ex, "/readyz")) {
            boolean ok = ready.getAsBoolean();
            send(
                ex,
                ok ? 200 : 503,
                TEXT,
                (readiness.get() + "\n").getBytes(StandardCharsets.UTF_8));
          }
        });
    server.start();
    return new MetricsServer(server, executor);
  }

  /** The content type of the format asked for by an {@code Accept} header. */
  static String negotiate(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? OPENMETRICS
        : PROMETHEUS_TEXT;
  }

  private static boolean allowed(HttpExchange ex, String path) throws IOException {
    if (!ex.getRequestURI().getPath().equals(path)) {
      send(ex, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
      return false;
    }
    if (!HttpResponses.readOnly(ex)) {
      send(ex, 405, TEXT, "method not allowed\n".getBytes(StandardCharsets.UTF_8));
      return false;
    }
    return true;
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      HttpResponses.send(ex, status, body);
    }
  }

  /**
   * Serves {@code path} and everything below it with {@code handler} (the longest registered prefix
   * wins), on the same port and threads as the metrics.
   */
  public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening; requests under way get a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
