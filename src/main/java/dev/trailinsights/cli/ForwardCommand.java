package dev.trailinsights.cli;

import dev.trailinsights.config.InvalidValueException;
import dev.trailinsights.config.SettingType;
import dev.trailinsights.forward.Destination;
import dev.trailinsights.forward.Dispatcher;
import dev.trailinsights.forward.ForwardConfig;
import dev.trailinsights.forward.ForwardMetrics;
import dev.trailinsights.forward.HttpDelivery;
import dev.trailinsights.forward.KafkaDeadLetters;
import dev.trailinsights.forward.KafkaDeliveryLog;
import dev.trailinsights.forward.KafkaForwarder;
import dev.trailinsights.forward.Redrive;
import dev.trailinsights.forward.Sleeper;
import dev.trailinsights.forward.ThreadStore;
import dev.trailinsights.metrics.MetricsServer;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.runtime.ClientProperties;
import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.runtime.Startup;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forward}: consumes the insights topic and delivers each Insights event to the destinations
 * its routes choose (webhook, Slack, Alertmanager, Teams), until SIGTERM or SIGINT. See {@link
 * ForwardConfig} for the file and {@link KafkaForwarder} for the delivery guarantee.
 */
@Command(
    name = "forward",
    mixinStandardHelpOptions = true,
    description = {
      "Delivers Insights events from the insights topic to Slack (webhooks or the Web API),"
          + " Microsoft Teams, Alertmanager and signed webhooks, as routed by the --config file. Offsets are committed only"
          + " once every destination has an event delivered or parked in the dead-letter topic;"
          + " a delivery log topic keeps a restart from sending an event twice.",
      "",
      "Secrets (webhook URLs, HMAC keys) come only from environment variables or files named in"
          + " the configuration. Kafka client properties come from KAFKA_<NAME> variables"
          + " (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, ...).",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGTERM or SIGINT",
      "1:Kafka cannot be reached, or the delivery log or dead-letter topic cannot be written",
      "2:bad usage or configuration"
    })
final class ForwardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "YAML file with delivery, destinations, routes and default-route.")
  Path config;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (or KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "cloudtrail-insights",
      description = "Insights topic to consume (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--group",
      paramLabel = "ID",
      defaultValue = "trail-insights-forward",
      description = "Consumer group (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--dlq-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaDeadLetters.DEFAULT_TOPIC,
      description = "Dead-letter topic of parked events (default: ${DEFAULT-VALUE}).")
  String dlqTopic;

  @Option(
      names = "--delivered-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaDeliveryLog.DEFAULT_TOPIC,
      description = "Compacted delivery log topic (default: ${DEFAULT-VALUE}).")
  String deliveredTopic;

  @Option(
      names = "--dry-run",
      description =
          "Print each request body instead of sending it; commits nothing and writes no topic.")
  boolean dryRun;

  @Option(
      names = "--redrive",
      description =
          "Deliver again what was parked: read the dead-letter topic (--dlq-topic) from where the"
              + " last redrive stopped to its current end, send each event to the destination it"
              + " was parked for, print a summary and exit. Run it once the receiver is back.")
  boolean redrive;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "Port of /metrics, /healthz and /readyz (default ${DEFAULT-VALUE}; 0 = any free port,"
              + " -1 = none).")
  int httpPort;

  @Option(
      names = "--http-bind-address",
      paramLabel = "ADDRESS",
      defaultValue = "0.0.0.0",
      description = "Address of the HTTP endpoints (default ${DEFAULT-VALUE}).")
  String httpBindAddress;

  /** Environment of secrets and Kafka client properties; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    checkFlags();
    ForwardConfig cfg = ForwardConfig.load(config, env::get);
    ClientProperties properties = ClientProperties.fromEnvironment(env).checkValues();
    Map<String, Object> client = new HashMap<>(clientConfig(properties));
    Duration kafkaTimeout = Duration.ofSeconds(30);
    ForwardMetrics metrics = new ForwardMetrics(cfg.destinations().values());
    Thread hook = new Thread(this::onSignal, "forward-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Observability observability = new Observability();
        MetricsServer http = serve(observability, metrics)) {
      if (!dryRun) {
        Startup.requireReachable(client, kafkaTimeout, properties);
      }
      Integer code = forward(cfg, client, kafkaTimeout, metrics);
      clean = true;
      return code;
    } finally {
      finished.countDown();
      if (!shuttingDown) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutdown began meanwhile: the hook ends the JVM
        }
      }
    }
  }

  /** Flags picocli parses but does not range-check: one line naming the flag, exit code 2. */
  private void checkFlags() {
    if (httpPort < -1 || httpPort > 65535) {
      throw new UsageException(
          "invalid value '"
              + httpPort
              + "' for --http-port: expected -1 (no HTTP), 0 (any free port) or 1 to 65535");
    }
    check("--http-bind-address", RunSettings.BIND_ADDRESS, httpBindAddress);
    check("--topic", RunSettings.TOPIC_NAME, topic);
    check("--dlq-topic", RunSettings.TOPIC_NAME, dlqTopic);
    check("--delivered-topic", RunSettings.TOPIC_NAME, deliveredTopic);
    if (group == null || group.isBlank()) {
      throw new UsageException("invalid value '' for --group: expected a consumer group id");
    }
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      check("--bootstrap-servers", RunSettings.BOOTSTRAP, bootstrapServers);
    }
  }

  private static void check(String flag, SettingType<?> type, String raw) {
    try {
      type.parse(raw == null ? "" : raw);
    } catch (InvalidValueException e) {
      throw new UsageException("invalid value '" + raw + "' for " + flag + ": " + e.getMessage());
    }
  }

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile KafkaForwarder active;
  private volatile boolean shuttingDown;
  private volatile boolean clean;

  /**
   * SIGTERM or SIGINT: during start-up nothing is consumed yet, so the JVM ends at once with 0;
   * while consuming, the loop stops, the main thread commits and closes, and the JVM ends with 0
   * after a clean stop, 1 otherwise. (Without this the JVM would exit with 128 + the signal.)
   */
  private void onSignal() {
    shuttingDown = true;
    running.set(false);
    KafkaForwarder forwarder = active;
    int code = 0;
    if (forwarder != null) {
      forwarder.wakeup();
      boolean done;
      try {
        done = finished.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        done = false;
      }
      code = done && clean ? 0 : 1;
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  private final AtomicBoolean consuming = new AtomicBoolean();

  /**
   * The metrics endpoints, ready while the forwarder consumes; null with {@code --http-port -1}.
   */
  private MetricsServer serve(Observability observability, ForwardMetrics metrics) {
    observability.bind(metrics);
    if (httpPort < 0) {
      return null;
    }
    MetricsServer server =
        MetricsServer.start(
            httpBindAddress,
            httpPort,
            observability.prometheusRegistry(),
            consuming::get,
            () -> consuming.get() ? "forwarding" : "not consuming");
    System.err.println("forward: metrics on " + httpBindAddress + ":" + server.port());
    return server;
  }

  private Integer forward(
      ForwardConfig cfg,
      Map<String, Object> client,
      Duration kafkaTimeout,
      ForwardMetrics metrics) {
    HttpDelivery delivery =
        new HttpDelivery(
            cfg.policy(), Sleeper.SYSTEM, Clock.systemUTC(), new SecureRandom(), metrics);
    if (dryRun) {
      return runDry(cfg, client, destinations(cfg, ThreadStore.NONE), metrics);
    }
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(client, deliveredTopic, kafkaTimeout);
        KafkaDeadLetters dlq = new KafkaDeadLetters(client, dlqTopic, kafkaTimeout)) {
      Map<String, Destination> destinations = destinations(cfg, log);
      if (redrive) {
        return redrive(client, destinations, delivery, log, dlq, metrics);
      }
      try (Dispatcher dispatcher =
              new Dispatcher(
                  cfg.router(),
                  destinations,
                  delivery,
                  log,
                  dlq,
                  metrics,
                  Clock.systemUTC(),
                  null,
                  cfg.policy().queueCapacity());
          KafkaForwarder forwarder =
              new KafkaForwarder(client, topic, group, dispatcher, log::refresh, true)) {
        runUntilSignal(forwarder);
      }
    }
    return 0;
  }

  private Integer redrive(
      Map<String, Object> client,
      Map<String, Destination> destinations,
      HttpDelivery delivery,
      KafkaDeliveryLog log,
      KafkaDeadLetters dlq,
      ForwardMetrics metrics) {
    try (Redrive r =
        new Redrive(
            client, dlqTopic, group + "-redrive", destinations, delivery, log, dlq, metrics)) {
      Redrive.Summary summary = r.run();
      spec.commandLine().getErr().println(summary.describe());
      spec.commandLine().getErr().flush();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private Integer runDry(
      ForwardConfig cfg,
      Map<String, Object> client,
      Map<String, Destination> destinations,
      ForwardMetrics metrics) {
    java.io.PrintWriter out = spec.commandLine().getOut();
    Dispatcher dispatcher =
        Dispatcher.dryRun(
            cfg.router(),
            destinations,
            metrics,
            Clock.systemUTC(),
            line -> {
              out.println(line);
              out.flush();
            });
    try (KafkaForwarder forwarder =
        new KafkaForwarder(client, topic, group, dispatcher, () -> {}, false)) {
      runUntilSignal(forwarder);
    }
    return 0;
  }

  private static Map<String, Destination> destinations(ForwardConfig cfg, ThreadStore threads) {
    Map<String, Destination> out = new LinkedHashMap<>();
    cfg.destinations().forEach((n, s) -> out.put(n, Destination.of(s, System::nanoTime, threads)));
    return out;
  }

  private void runUntilSignal(KafkaForwarder forwarder) {
    active = forwarder;
    consuming.set(true);
    try {
      forwarder.run(running::get);
    } finally {
      consuming.set(false);
    }
  }

  private Map<String, Object> clientConfig(ClientProperties properties) {
    Map<String, Object> client = new HashMap<>(properties.asMap());
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    } else if (client.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      check(
          "KAFKA_BOOTSTRAP_SERVERS",
          RunSettings.BOOTSTRAP,
          String.valueOf(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)));
    }
    if (!client.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new UsageException("--bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS is required");
    }
    return client;
  }
}
