package dev.trailinsights.cli;

import dev.trailinsights.config.IngestSettings;
import dev.trailinsights.ingest.AwsClients;
import dev.trailinsights.ingest.IngestConfig;
import dev.trailinsights.ingest.IngestMetrics;
import dev.trailinsights.ingest.Ingestor;
import dev.trailinsights.metrics.MetricsServer;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.RunSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ingest}: trail files from S3, announced on an SQS queue, into the input topic, until
 * SIGTERM or SIGINT. See {@link Ingestor} for the delivery guarantee.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an SQS queue of notifications of new CloudTrail log files (S3 event notifications,"
          + " direct or through SNS; CloudTrail's SNS notifications; EventBridge Object Created"
          + " events), downloads each file from S3 and writes its records to the input topic"
          + " (default cloudtrail-events) as load does: the record's bytes as in the file, keyed"
          + " recipientAccountId|awsRegion.",
      "",
      "Each file is one Kafka transaction with its entry in the ledger topic of ingested objects"
          + " (ingest.ledger-topic); a message is deleted only once all its files are committed,"
          + " so a crash gives a re-delivery, never a loss, and a re-delivered file is not written"
          + " twice. Digest and Insights files are skipped. A bad file (not gzip, truncated, not a"
          + " CloudTrail log file, too large) goes to the dead-letter topic with its bucket, key"
          + " and reason, and its message is left to the queue's redrive policy; a message of"
          + " unknown form goes to the dead-letter topic and is deleted.",
      "",
      "AWS credentials: the SDK's default chain (AWS_* variables, profile files, web identity"
          + " for EKS IRSA, container and instance roles). Configuration as for run: defaults <"
          + " --config file < environment (TRAIL_INSIGHTS_<KEY>, KAFKA_<NAME>) < flags; the"
          + " ingest.* keys are in the README's configuration table. /metrics, /healthz and"
          + " /readyz on http.port.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGTERM or SIGINT",
      "1:Kafka or the ledger topic failed, or the cluster cannot be reached",
      "2:bad usage or configuration"
    })
final class IngestCommand implements Callable<Integer> {

  @Option(
      names = "--queue-url",
      paramLabel = "URL",
      description = "SQS queue of the notifications (ingest.queue-url).")
  String queueUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (ingest.region; default: the SDK's chain, e.g. AWS_REGION).")
  String region;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Topic to write to (topics.input, default cloudtrail-events).")
  String topic;

  @Mixin RunCommand.ClusterOptions cluster;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whether to stop on SIGTERM and SIGINT; tests running in-process turn it off. */
  boolean handleSignals = true;

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Ingestor ingestor;
  private volatile int port = -1;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka.quietBrokerLogs();
    Map<String, String> flags = new LinkedHashMap<>();
    if (queueUrl != null) {
      flags.put(IngestSettings.QUEUE_URL.key(), queueUrl);
    }
    if (region != null) {
      flags.put(IngestSettings.REGION_SETTING.key(), region);
    }
    if (topic != null) {
      flags.put(RunSettings.INPUT.key(), topic);
    }
    RunSettings.Loaded settings = cluster.load(flags);
    IngestConfig config = IngestConfig.from(settings);
    PrintWriter err = spec.commandLine().getErr();
    IngestMetrics metrics = new IngestMetrics();
    SqsClient sqs = AwsClients.sqs(config);
    S3Client s3 = AwsClients.s3(config);
    Ingestor in = new Ingestor(config, sqs, s3, metrics);
    ingestor = in;
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = null;
    if (handleSignals) {
      hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  closed.await(40, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "trail-insights-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try (Observability obs = new Observability()) {
      obs.bind(metrics);
      try (MetricsServer http =
          MetricsServer.start(
              settings.get(RunSettings.HTTP_BIND_ADDRESS),
              settings.get(RunSettings.HTTP_PORT),
              obs.prometheusRegistry(),
              in::ready,
              in::describe)) {
        port = http.port();
        err.println(
            "ingest: "
                + config.queueUrl()
                + " -> "
                + config.inputTopic()
                + "; /metrics, /healthz, /readyz on port "
                + http.port());
        err.flush();
        try {
          in.start();
          while (in.failure() == null && !stop.await(1, TimeUnit.SECONDS)) {
            // running
          }
        } finally {
          in.close(Duration.ofSeconds(20));
        }
      }
    } finally {
      closed.countDown();
    }
    if (in.failure() != null) {
      err.println("trail-insights: ingest stopped: " + in.failureMessage());
      err.flush();
      return 1;
    }
    err.println("ingest: stopped; " + metrics.records() + " records written");
    err.flush();
    return 0;
  }

  /** Stops a running {@link #call()} as a signal would; for tests. */
  void stop() {
    stop.countDown();
  }

  /** The HTTP port of the running {@link #call()}, or -1; for tests. */
  int port() {
    return port;
  }

  /** The ingest of the running {@link #call()}; for tests. */
  Ingestor ingestor() {
    return ingestor;
  }
}
