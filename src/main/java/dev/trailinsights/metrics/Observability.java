package dev.trailinsights.metrics;

import dev.trailinsights.topology.LatencyRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics and health endpoints of one instance: a Prometheus registry with JVM metrics, the
 * topology's latency histograms, and, once {@link #attach attached} to a {@link MonitoredApp}, its
 * counters, readiness and Kafka Streams client metrics, served by a {@link MetricsServer}.
 *
 * <pre>{@code
 * try (Observability obs = new Observability()) {
 *   InsightsRunner runner = new InsightsRunner(config, obs.latency(), obs::attach);
 *   obs.serve("0.0.0.0", 8080);
 *   runner.start();
 *   ...
 * }
 * }</pre>
 *
 * Other drivers add their own meters with {@link #bind(MeterBinder)} or {@link #registry()}.
 */
public final class Observability implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LatencyMetrics latency = new LatencyMetrics();
  private final Readiness readiness = new Readiness();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private MetricsServer server;

  /** A registry with JVM, process and latency meters bound. */
  public Observability() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    closeables.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    latency.bindTo(registry);
    readiness.bindTo(registry);
  }

  /** The registry every meter of the instance is in; bind more meters to it. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus registry, for scraping. */
  public PrometheusMeterRegistry prometheusRegistry() {
    return registry;
  }

  /** Binds {@code binder}; a binder that is {@link AutoCloseable} is closed with this. */
  public synchronized void bind(MeterBinder binder) {
    binder.bindTo(registry);
    if (binder instanceof AutoCloseable c) {
      closeables.add(c);
    }
  }

  /** The recorder of the topology's latencies: pass it to the application. */
  public LatencyRecorder latency() {
    return latency;
  }

  /** Readiness of the attached application. */
  public Readiness readiness() {
    return readiness;
  }

  /**
   * Binds the meters of {@code app} and listens to its state and restoration; call before the
   * application starts (e.g. as the runner's before-start hook).
   */
  public synchronized void attach(MonitoredApp app) {
    app.addStateListener(readiness);
    app.streams().setGlobalStateRestoreListener(readiness);
    bind(new ParseMetrics(app.parseCounters()));
    bind(new DetectionMetrics(app.liveDetectors()));
    bind(
        new EventTimeMetrics(
            app.parseCounters(), app.liveDetectors(), java.time.Clock.systemUTC()));
    bind(new StoreMetrics(app.streams()));
    bind(new DigestMetrics(app.digests()));
    bind(new KafkaStreamsMetrics(app.streams()));
  }

  /**
   * Starts the HTTP endpoints.
   *
   * @return the port listened on
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public synchronized int serve(String bindAddress, int port) {
    if (server != null) {
      throw new IllegalStateException("already serving on port " + server.port());
    }
    server =
        MetricsServer.start(bindAddress, port, registry, readiness::ready, readiness::describe);
    return server.port();
  }

  /**
   * Adds endpoints under {@code path} to the HTTP server.
   *
   * @throws IllegalStateException before {@link #serve}
   */
  public synchronized void route(String path, com.sun.net.httpserver.HttpHandler handler) {
    if (server == null) {
      throw new IllegalStateException("not serving yet");
    }
    server.route(path, handler);
  }

  /** The port of the HTTP endpoints, or -1 before {@link #serve}. */
  public synchronized int port() {
    return server == null ? -1 : server.port();
  }

  /** Stops the endpoints, closes the binders that hold resources and the registry. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
    }
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // closing: nothing more to do
      }
    }
    closeables.clear();
    registry.close();
  }
}
