package dev.trailinsights.cli;

import dev.trailinsights.console.Console;
import dev.trailinsights.console.ConsoleToken;
import dev.trailinsights.console.DigestStatus;
import dev.trailinsights.console.DigestWatcher;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.metrics.RetentionMetrics;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.runtime.RetentionCheck;
import dev.trailinsights.runtime.RunConfig;
import dev.trailinsights.runtime.RunSettings;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code run}: the detector against a Kafka cluster, until SIGTERM or SIGINT.
 *
 * <p>Configuration comes from, lowest precedence first: defaults in code &lt; the {@code --config}
 * YAML file &lt; environment variables ({@code TRAIL_INSIGHTS_<KEY>} for settings, {@code
 * KAFKA_<NAME>} for Kafka client properties) &lt; flags ({@code --bootstrap-servers}, {@code
 * --set}, {@code --kafka}). An unknown key or invalid value stops start-up with one line naming it
 * (exit code 2); see {@link RunSettings} and {@link dev.trailinsights.runtime.ClientProperties}.
 *
 * <p>Start-up connects with an admin client (bounded by {@code kafka.startup-timeout}; an
 * unreachable cluster is one line naming the bootstrap servers, exit code 1), creates or checks the
 * topics, and starts Kafka Streams. A signal closes Kafka Streams within {@code
 * streams.close-timeout} and exits 0; Kafka Streams failing exits 1 with the reason.
 *
 * <p>While it runs, {@code http.bind-address}:{@code http.port} serves {@code /metrics}
 * (Prometheus), {@code /healthz} and {@code /readyz}; see {@link Observability}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the detector on a Kafka cluster: CloudTrail records from the input topic, Insights"
          + " events to the output topic, unreadable input to the dead-letter topic. Stops"
          + " cleanly on SIGTERM or SIGINT.",
      "",
      "Configuration, lowest precedence first: defaults < --config file < environment"
          + " (TRAIL_INSIGHTS_<KEY> settings, KAFKA_<NAME> client properties such as"
          + " KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG) < flags."
          + " KAFKA_<NAME>_FILE=/path reads a secret from a file. Unknown keys are errors.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGTERM or SIGINT after a clean shutdown",
      "1:the cluster cannot be reached, a topic is unusable, or Kafka Streams failed",
      "2:bad usage or configuration"
    },
    footer = {
      "",
      "Not read as client properties: KAFKA_OPTS, KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS,"
          + " KAFKA_GC_LOG_OPTS, KAFKA_JMX_OPTS, KAFKA_LOG4J_OPTS, KAFKA_DEBUG, KAFKA_HOME,"
          + " KAFKA_VERSION, and Kubernetes service links (KAFKA_PORT*, KAFKA_SERVICE_*).",
      "Values of sasl.jaas.config and of properties whose name contains password, secret,"
          + " token or credential never appear in logs or errors."
    })
final class RunCommand implements Callable<Integer> {

  /** Cluster and configuration options shared by the commands that talk to Kafka. */
  static final class ClusterOptions {
    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description =
            "YAML configuration file: settings as in the README's configuration table, and Kafka"
                + " client properties under 'kafka:'.")
    Path config;

    @Option(
        names = "--bootstrap-servers",
        paramLabel = "HOST:PORT[,...]",
        description = "Kafka brokers (kafka.bootstrap-servers; or KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "Any configuration key, e.g. --set topics.partitions=12 (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(
        names = "--kafka",
        paramLabel = "NAME=VALUE",
        description =
            "A Kafka client property, e.g. --kafka security.protocol=SSL (repeatable). Overrides"
                + " KAFKA_* variables and the file.")
    Map<String, String> kafka = new LinkedHashMap<>();

    /** The environment; replaced by tests. */
    Map<String, String> env = System.getenv();

    /** Settings and client properties from every source; {@code flags} add to {@code --set}. */
    RunSettings.Loaded load(Map<String, String> flags) {
      Map<String, String> all = new LinkedHashMap<>(set);
      if (bootstrapServers != null) {
        all.put(RunSettings.BOOTSTRAP_SERVERS.key(), bootstrapServers);
      }
      all.putAll(flags);
      return RunSettings.load(config, env, all, kafka);
    }
  }

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description =
          "Kafka Streams application id (kafka.application-id, default trail-insights): instances"
              + " with the same id share the work.")
  String applicationId;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whether to stop on SIGTERM and SIGINT; tests running in-process turn it off. */
  boolean handleSignals = true;

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private volatile InsightsRunner runner;
  private volatile Observability observability;

  @Override
  public Integer call() throws InterruptedException {
    // Kafka clients log every configuration at INFO; keep their warnings and errors only.
    EmbeddedKafka.quietBrokerLogs();
    Map<String, String> flags = new LinkedHashMap<>();
    if (applicationId != null) {
      flags.put(RunSettings.APPLICATION.key(), applicationId);
    }
    RunSettings.Loaded settings = cluster.load(flags);
    RunConfig settled = RunConfig.from(settings);
    ConsoleToken token =
        ConsoleToken.load(settings.get(RunSettings.HTTP_AUTH_TOKEN_FILE), cluster.env);
    Observability obs = new Observability();
    observability = obs;
    String bind = settings.get(RunSettings.HTTP_BIND_ADDRESS);
    int port;
    try {
      port = obs.serve(bind, settings.get(RunSettings.HTTP_PORT));
    } catch (UncheckedIOException e) {
      obs.close();
      throw new IllegalStateException(e.getMessage(), e);
    }
    String self = Console.advertised(settings.get(RunSettings.HTTP_ADVERTISED_ADDRESS), bind, port);
    RunConfig config = settled.withApplicationServer(self);
    DigestStatus digestStatus =
        config.digests().enabled()
            ? new DigestStatus(
                config.digests().signer().publicKey(), config.topology().eventBridge())
            : DigestStatus.OFF;
    Console console =
        Console.register(
            obs,
            config.detection(),
            config.topology().historyRetention(),
            self,
            token,
            digestStatus);
    DigestWatcher digestWatcher =
        config.digests().enabled()
            ? new DigestWatcher(config.clientProperties(), config.digests().topic(), digestStatus)
            : null;
    LOG.info(
        "HTTP on {}:{}: console /, API /api/v1{}, /metrics, /healthz, /readyz; advertised as {}",
        bind,
        port,
        token == null ? "" : " (bearer token required)",
        self);
    InsightsRunner r =
        new InsightsRunner(
            config,
            obs.latency(),
            app -> {
              obs.attach(app);
              console.attach(app.streams());
              InsightsRunner started = runner;
              obs.bind(new RetentionMetrics(RetentionCheck.shortByTopic(started.retention())));
              obs.readiness().watchBroker(started.brokerContact()::age, config.brokerTimeout());
            });
    runner = r;
    Signals signals = handleSignals ? new Signals(r, config, spec.commandLine().getErr()) : null;
    boolean ok = false;
    try {
      r.start();
      r.awaitStop();
      ok = true;
    } catch (RuntimeException e) {
      if (signals != null && signals.shuttingDown()) {
        // the hook ends the JVM; the error handler would not get to print
        spec.commandLine().getErr().println("trail-insights: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
      throw e;
    } finally {
      r.close();
      if (digestWatcher != null) {
        digestWatcher.close();
      }
      obs.close();
      if (signals != null) {
        signals.finished(ok);
      }
    }
    return 0;
  }

  /** Stops a running {@link #call()} as a signal would; for tests. */
  void stop() {
    InsightsRunner r = runner;
    if (r != null) {
      r.stop();
    }
  }

  /** The metrics and endpoints of the current {@link #call()}; for tests. */
  Observability observability() {
    return observability;
  }

  /** The runner of the current {@link #call()}; for tests. */
  InsightsRunner runner() {
    return runner;
  }

  /**
   * SIGTERM and SIGINT: a shutdown hook stops the runner, waits for the main thread to close Kafka
   * Streams, and ends the JVM with 0 after a clean shutdown, 1 otherwise. (The JVM would otherwise
   * exit with 128 + the signal number whatever happened.)
   */
  private static final class Signals {
    private final InsightsRunner runner;
    private final Duration patience;
    private final PrintWriter err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean shuttingDown;
    private volatile boolean ok;

    Signals(InsightsRunner runner, RunConfig config, PrintWriter err) {
      this.runner = runner;
      this.err = err;
      this.patience =
          config.closeTimeout().plus(config.startupTimeout()).plus(Duration.ofSeconds(5));
      this.hook = new Thread(this::onShutdown, "trail-insights-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean shuttingDown() {
      return shuttingDown;
    }

    private void onShutdown() {
      shuttingDown = true;
      runner.stop();
      boolean done;
      try {
        done = finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        done = false;
      }
      if (!done) {
        err.println("trail-insights: did not stop within " + patience.toSeconds() + "s");
      }
      err.flush();
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(done && ok ? 0 : 1);
    }

    /**
     * The main thread is done, cleanly or not: release the hook, or remove it if no shutdown is
     * under way.
     */
    void finished(boolean clean) {
      ok = clean;
      finished.countDown();
      if (!shuttingDown) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM started shutting down meanwhile: the hook runs and sees finished
        }
      }
    }
  }
}
