package dev.trailinsights.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP endpoints of an instance, on one port:
 *
 * <ul>
 *   <li>{@code GET /metrics}: the Prometheus registry, as OpenMetrics when the {@code Accept}
 *       header asks for {@code application/openmetrics-text}, else the Prometheus text format;
 *   <li>{@code GET /healthz}: 200 while the process serves requests;
 *   <li>{@code GET /readyz}: 200 when ready, 503 otherwise, with one line saying why.
 * </ul>
 *
 * Other paths answer 404 unless {@link #route routed}, other methods 405.
 *
 * <p>Served by Jetty (through its {@code com.sun.net.httpserver} bridge, so handlers stay plain
 * {@link HttpHandler}s) with the {@link Limits limits} a port open to a network needs: a request's
 * line and headers must arrive within {@link Limits#requestRead()} whatever the client drips (the
 * server parses them without holding a thread, and closes the connection at the deadline), idle
 * connections close after {@link Limits#idle()}, at most {@link Limits#maxConnections()} are open
 * (more wait in the accept queue), and routed endpoints and {@code /metrics} each run at most a
 * fixed number of requests at once (beyond that: 503 with {@code Retry-After}), so the threads left
 * always answer {@code /healthz} and {@code /readyz}. Only HTTP/1.0 and 1.1 are spoken (HTTP/0.9 is
 * refused), and protocol errors such as a malformed request target get a one-line plain-text
 * answer.
 */
public final class MetricsServer implements AutoCloseable {
  private static final String TEXT = "text/plain; charset=utf-8";

  /** Content type of the OpenMetrics text format. */
  public static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** Content type of the Prometheus text format. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * The bounds of the HTTP port.
   *
   * @param requestRead time a connection gets to deliver a request's line and headers
   * @param idle time an open connection may stay silent between requests
   * @param maxConnections connections open at once; further ones wait to be accepted
   * @param threads request threads (Jetty also runs its acceptor and selector on this pool)
   * @param routedConcurrency requests to {@link #route routed} endpoints (the console) at once
   * @param metricsConcurrency {@code /metrics} scrapes at once
   */
  public record Limits(
      Duration requestRead,
      Duration idle,
      int maxConnections,
      int threads,
      int routedConcurrency,
      int metricsConcurrency) {
    /** The limits of every instance: 10 s, 30 s, 512 connections, 16 threads, 6 routed, 2. */
    public static final Limits DEFAULT =
        new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 512, 16, 6, 2);

    /** Checks that the limits leave threads for the health endpoints. */
    public Limits {
      if (threads < routedConcurrency + metricsConcurrency + 4) {
        throw new IllegalArgumentException(
            "threads must exceed the routed and metrics concurrency by at least 4");
      }
    }
  }

  private final Server jetty;
  private final ServerConnector connector;
  private final Router router;
  private final ReadDeadline deadline;
  private final ScheduledExecutorService sweeper;

  private MetricsServer(
      Server jetty,
      ServerConnector connector,
      Router router,
      ReadDeadline deadline,
      ScheduledExecutorService sweeper) {
    this.jetty = jetty;
    this.connector = connector;
    this.router = router;
    this.deadline = deadline;
    this.sweeper = sweeper;
  }

  /**
   * Starts listening with the {@link Limits#DEFAULT default limits}.
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
    return start(bindAddress, port, registry, ready, readiness, Limits.DEFAULT);
  }

  /** Starts listening with {@code limits}; see {@link #start(String, int, ...)}. */
  public static MetricsServer start(
      String bindAddress,
      int port,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      Supplier<String> readiness,
      Limits limits) {
    Objects.requireNonNull(registry, "registry");
    QueuedThreadPool pool = new QueuedThreadPool(limits.threads(), 2);
    pool.setName("trail-insights-http");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    Server jetty = new Server(pool);
    jetty.setStopTimeout(1000);
    jetty.setErrorHandler(MetricsServer::plainError);

    HttpConfiguration http = new HttpConfiguration();
    http.setHttpCompliance(HttpCompliance.RFC9110);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(8 * 1024);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(bindAddress);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idle().toMillis());
    connector.setAcceptQueueSize(64);
    ReadDeadline deadline = new ReadDeadline(limits.requestRead().toMillis());
    connector.addBean(deadline);
    jetty.addConnector(connector);
    NetworkConnectionLimit limit = new NetworkConnectionLimit(limits.maxConnections(), connector);
    limit.setEndPointIdleTimeout(Math.min(limits.idle().toMillis(), 2000));
    jetty.addBean(limit);
    jetty.setHandler(new ContextHandlerCollection());

    JettyHttpServer server = new JettyHttpServer(jetty, true, http);
    Router router = new Router(limits);
    server.createContext("/", router);
    Semaphore scrapes = new Semaphore(limits.metricsConcurrency());
    router.builtIn(
        "/metrics",
        ex -> {
          if (!allowed(ex, "/metrics")) {
            return;
          }
          if (!scrapes.tryAcquire()) {
            busy(ex);
            return;
          }
          try {
            String format = negotiate(ex.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            registry.scrape(body, format);
            send(ex, 200, format, body.toByteArray());
          } finally {
            scrapes.release();
          }
        });
    router.builtIn(
        "/healthz",
        ex -> {
          if (allowed(ex, "/healthz")) {
            send(ex, 200, TEXT, "ok\n".getBytes(StandardCharsets.UTF_8));
          }
        });
    router.builtIn(
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
    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly(jetty);
      Throwable cause = e instanceof IOException || e.getCause() == null ? e : e.getCause();
      String why = cause instanceof BindException ? "address in use or not available" : null;
      throw new UncheckedIOException(
          "cannot listen on "
              + bindAddress
              + ":"
              + port
              + " for HTTP: "
              + (why != null ? why : String.valueOf(cause.getMessage())),
          cause instanceof IOException io ? io : new IOException(cause.getMessage()));
    }
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "trail-insights-http-deadline");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(100, Math.min(1000, limits.requestRead().toMillis() / 4));
    sweeper.scheduleWithFixedDelay(deadline::sweep, period, period, TimeUnit.MILLISECONDS);
    return new MetricsServer(jetty, connector, router, deadline, sweeper);
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

  private static void busy(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Retry-After", "1");
    send(
        ex, 503, TEXT, "busy: too many requests at once, retry\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      HttpResponses.send(ex, status, body);
    }
  }

  /** Jetty's answer to protocol errors and failed handlers: one plain line, no page, no trace. */
  private static boolean plainError(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = HttpStatus.getMessage(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(
        true,
        BufferUtil.toBuffer(status + " " + reason.toLowerCase(java.util.Locale.ROOT) + "\n"),
        callback);
    return true;
  }

  /**
   * Serves {@code path} and everything below it with {@code handler} (the longest registered prefix
   * wins), on the same port; at most {@link Limits#routedConcurrency()} such requests run at once.
   */
  public void route(String path, HttpHandler handler) {
    router.route(path, handler);
  }

  /** The port listened on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Connections closed because their request did not arrive in time, since start. */
  long requestReadTimeouts() {
    return deadline.closed.get();
  }

  /** Stops listening; requests under way get a second to finish. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    stopQuietly(jetty);
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping: nothing more to do
    }
  }

  /**
   * Dispatches by the longest registered path prefix, as the JDK server does, and bounds the
   * requests to routed endpoints.
   */
  private static final class Router implements HttpHandler {
    private final ConcurrentSkipListMap<String, HttpHandler> builtIn =
        new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, HttpHandler> routed = new ConcurrentSkipListMap<>();
    private final Semaphore routedPermits;

    Router(Limits limits) {
      this.routedPermits = new Semaphore(limits.routedConcurrency());
    }

    void builtIn(String path, HttpHandler handler) {
      builtIn.put(path, handler);
    }

    void route(String path, HttpHandler handler) {
      if (builtIn.containsKey(path) || routed.putIfAbsent(path, handler) != null) {
        throw new IllegalArgumentException("path already served: " + path);
      }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getRawPath();
      if (path == null) {
        path = "/";
      }
      Map.Entry<String, HttpHandler> b = longest(builtIn, path);
      Map.Entry<String, HttpHandler> r = longest(routed, path);
      if (b != null && (r == null || b.getKey().length() >= r.getKey().length())) {
        b.getValue().handle(ex);
        return;
      }
      if (r == null) {
        send(ex, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!routedPermits.tryAcquire()) {
        busy(ex);
        return;
      }
      try {
        r.getValue().handle(ex);
      } finally {
        routedPermits.release();
      }
    }

    private static Map.Entry<String, HttpHandler> longest(
        ConcurrentSkipListMap<String, HttpHandler> map, String path) {
      Map.Entry<String, HttpHandler> best = null;
      for (Map.Entry<String, HttpHandler> e : map.entrySet()) {
        if (path.startsWith(e.getKey())
            && (best == null || e.getKey().length() > best.getKey().length())) {
          best = e;
        }
      }
      return best;
    }
  }

  /**
   * Closes connections whose request line and headers take longer than the deadline to arrive,
   * however slowly the client keeps sending (idle timeouts alone do not stop a client dripping a
   * byte a second). A connection that sends nothing at all is held to the same deadline until its
   * first request.
   */
  static final class ReadDeadline implements Connection.Listener {
    private final long deadlineMillis;
    private final Map<HttpConnection, long[]> open = new ConcurrentHashMap<>();
    final AtomicLong closed = new AtomicLong();

    ReadDeadline(long deadlineMillis) {
      this.deadlineMillis = deadlineMillis;
    }

    @Override
    public void onOpened(Connection connection) {
      if (connection instanceof HttpConnection http) {
        // {requests completed when last seen, time the current request started}
        open.put(http, new long[] {0, System.nanoTime()});
      }
    }

    @Override
    public void onClosed(Connection connection) {
      open.remove(connection);
    }

    void sweep() {
      long now = System.nanoTime();
      for (Map.Entry<HttpConnection, long[]> e : open.entrySet()) {
        HttpConnection c = e.getKey();
        long[] seen = e.getValue();
        long messages = c.getMessagesIn();
        boolean silent = messages == 0 && c.getParser().isStart();
        boolean reading = !c.getParser().isStart() && c.getParser().inHeaderState();
        if (messages != seen[0] || !(reading || silent)) {
          seen[0] = messages;
          seen[1] = now;
          continue;
        }
        if (now - seen[1] > TimeUnit.MILLISECONDS.toNanos(deadlineMillis)) {
          open.remove(c);
          closed.incrementAndGet();
          c.getEndPoint().close();
        }
      }
    }
  }
}
