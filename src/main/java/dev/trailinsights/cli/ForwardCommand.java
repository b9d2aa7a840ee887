package dev.trailinsights.cli;

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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
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
    ForwardConfig cfg = ForwardConfig.load(config, env::get);
    Map<String, Object> client = new HashMap<>(clientConfig(env));
    Duration kafkaTimeout = Duration.ofSeconds(30);
    ForwardMetrics metrics = new ForwardMetrics(cfg.destinations().values());
    try (Observability observability = new Observability();
        MetricsServer http = serve(observability, metrics)) {
      return forward(cfg, client, kafkaTimeout, metrics);
    }
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
    AtomicBoolean running = new AtomicBoolean(true);
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              running.set(false);
              forwarder.wakeup();
              try {
                main.join(Duration.ofSeconds(20).toMillis());
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
            },
            "forward-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    consuming.set(true);
    try {
      forwarder.run(running::get);
    } finally {
      consuming.set(false);
    }
  }

  private Map<String, Object> clientConfig(Map<String, String> env) {
    Map<String, Object> client = new HashMap<>(ClientProperties.fromEnvironment(env).asMap());
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    if (!client.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new UsageException("--bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS is required");
    }
    return client;
  }
}
