package dev.trailinsights.cli;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.console.Console;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.runtime.ClientProperties;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.runtime.RunConfig;
import dev.trailinsights.topology.TopologyOptions;
import dev.trailinsights.workload.OutputFormat;
import dev.trailinsights.workload.WorkloadGenerator;
import dev.trailinsights.workload.WorkloadParams;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole product on a laptop with no Kafka installed. Starts a single-node KRaft
 * broker in this JVM, runs the same topology as {@code run}, feeds it synthetic CloudTrail traffic
 * with injected anomalies at accelerated time, and prints every Insights event as one JSON line on
 * stdout.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts an in-process Kafka broker, the detector topology and a synthetic CloudTrail feed"
          + " (two days of history at full speed, then live traffic with injected anomalies at"
          + " accelerated time), and prints each Insights event as one JSON line on stdout.",
      "The broker's bootstrap address is printed on stderr: point any Kafka client at it."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the embedded broker on 127.0.0.1 (default: any free port).")
  int kafkaPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of /metrics, /healthz and /readyz on 127.0.0.1 (default: any free port).")
  int httpPort;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, e.g. 90s, 5m (default: run until interrupted).")
  String duration;

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "120",
      description = "Simulated seconds per second once live (default 120: an hour in 30 s).")
  double speed;

  @Option(
      names = "--events-per-second",
      paramLabel = "N",
      defaultValue = "4",
      description = "Mean simulated CloudTrail events per second (default 4).")
  double eventsPerSecond;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the synthetic workload.")
  long seed;

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final long DAY_MS = 86_400_000L;

  /** Simulated days: two of history at full speed (a daily profile needs two), then live. */
  private static final int DAYS = 4;

  private static final int HISTORY_DAYS = 2;

  @Override
  public Integer call() throws Exception {
    if (!EmbeddedKafka.available()) {
      throw new IllegalStateException(
          "demo needs the in-process Kafka broker, which the run-only build leaves out"
              + " (trail-insights-run.jar, image target run); use trail-insights.jar or the full"
              + " image");
    }
    Duration limit = duration == null ? null : parseDuration(duration);
    if (speed < 1 || speed > 100_000) {
      throw new UsageException("invalid value for --speed: expected a number from 1 to 100000");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new UsageException(
          "invalid value for --http-port: expected a port from 0 (any free port) to 65535");
    }
    WorkloadParams workload =
        new WorkloadParams(3, seed, 2, 2, 80, eventsPerSecond, 24, OutputFormat.JSONL, START);
    PrintStream err = System.err;
    EmbeddedKafka.quietBrokerLogs();
    // the broker logs, as errors, the sequence retries a transactional producer recovers from by
    // itself; in a demo they only hide the output
    System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
    Path state = Files.createTempDirectory("trail-insights-demo");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort, null)) {
      err.println("demo: Kafka broker at " + kafka.bootstrapServers());
      DetectorConfig detection =
          DetectorConfig.builder()
              .minBaseline(Duration.ofDays(1))
              .trailStart(new TrailStart(TrailStart.Mode.AT, START))
              // the feed's "now" is simulated (March 2026, sped up): its live part is judged on
              // arrival, as the live edge of a real trail is, whatever the real clock says
              .liveEdge(Duration.ofDays(36500))
              .build();
      // one feeder writes every input partition at accelerated time: a partition it leaves empty
      // need not hold event time back for long
      TopologyOptions d = TopologyOptions.defaults();
      TopologyOptions topics =
          new TopologyOptions(
              d.inputTopic(), d.outputTopic(), d.deadLetterTopic(), false, Duration.ofSeconds(2));
      RunConfig config =
          new RunConfig(
              kafka.bootstrapServers(),
              "trail-insights-demo",
              topics,
              true,
              3,
              1,
              1,
              0,
              state,
              Duration.ofSeconds(60),
              Duration.ofSeconds(20),
              detection,
              ClientProperties.empty(),
              "");
      CountDownLatch done = new CountDownLatch(1);
      try (Observability obs = new Observability()) {
        int port;
        try {
          port = obs.serve("127.0.0.1", httpPort);
        } catch (UncheckedIOException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        String self = "127.0.0.1:" + port;
        Console console = Console.register(obs, detection, topics.historyRetention(), self);
        err.println(
            "demo: console at http://"
                + self
                + "/ (API /api/v1/insights, metrics /metrics, health /healthz, readiness"
                + " /readyz)");
        try (InsightsRunner runner =
            new InsightsRunner(
                config.withApplicationServer(self),
                obs.latency(),
                app -> {
                  obs.attach(app);
                  console.attach(app.streams());
                })) {
          runner.start();
          Thread shutdown = new Thread(done::countDown, "demo-shutdown");
          Runtime.getRuntime().addShutdownHook(shutdown);
          err.printf(
              Locale.ROOT,
              "demo: topics %s -> %s (dead letters %s); feeding %d simulated days from %s,"
                  + " %d at full speed, then %.0fx%n",
              topics.inputTopic(),
              topics.outputTopic(),
              topics.deadLetterTopic(),
              DAYS,
              START,
              HISTORY_DAYS,
              speed);
          Thread printer = daemon("demo-printer", () -> print(kafka.bootstrapServers(), topics));
          Thread feeder =
              daemon("demo-feeder", () -> feed(kafka.bootstrapServers(), topics, workload, err));
          printer.start();
          feeder.start();
          if (limit == null) {
            done.await();
          } else {
            done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
          }
          try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
          } catch (IllegalStateException alreadyShuttingDown) {
            // interrupted by a signal: the hook has run
          }
          stopPrinting();
          feeder.join(10_000);
          printer.join(5_000);
          err.println("demo: stopping");
        }
      }
    } finally {
      deleteQuietly(state);
    }
    return 0;
  }

  private void feed(
      String bootstrap, TopologyOptions topics, WorkloadParams workload, PrintStream err) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
    long liveFrom = START.toEpochMilli() + HISTORY_DAYS * DAY_MS;
    AtomicLong sent = new AtomicLong();
    long[] liveWall = {0};
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      new WorkloadGenerator(workload)
          .forEachRecord(
              1,
              (delivery, record) -> {
                if (delivery >= liveFrom) {
                  if (liveWall[0] == 0) {
                    liveWall[0] = System.currentTimeMillis();
                    err.printf(
                        Locale.ROOT,
                        "demo: %d days of history sent (%,d records); live traffic from now%n",
                        HISTORY_DAYS,
                        sent.get());
                  }
                  long due = liveWall[0] + (long) ((delivery - liveFrom) / speed);
                  for (long wait = due - System.currentTimeMillis();
                      wait > 0 && !stopping;
                      wait = due - System.currentTimeMillis()) {
                    sleep(Math.min(wait, 200));
                  }
                }
                if (stopping) {
                  throw new StopFeeding();
                }
                // no key: records spread over every input partition, as `load` sends them
                producer.send(new ProducerRecord<>(topics.inputTopic(), null, record));
                sent.incrementAndGet();
              });
      err.printf(Locale.ROOT, "demo: synthetic feed complete (%,d records)%n", sent.get());
    } catch (StopFeeding e) {
      // stopping
    } catch (IOException e) {
      err.println("demo: feed failed: " + e.getMessage());
    }
  }

  /** Ends the generator's walk when the demo stops. */
  private static final class StopFeeding extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopFeeding() {
      super(null, null, false, false);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StopFeeding();
    }
  }

  /** Prints the insights topic on stdout until {@link #stopPrinting}. */
  private void print(String bootstrap, TopologyOptions topics) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "trail-insights-demo-printer",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    PrintStream out = System.out;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      printer = consumer;
      consumer.subscribe(List.of(topics.outputTopic()));
      while (!stopping) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.write(r.value(), 0, r.value().length);
          out.write('\n');
        }
        out.flush();
      }
    } catch (WakeupException e) {
      // stopping
    }
  }

  private volatile KafkaConsumer<byte[], byte[]> printer;
  private volatile boolean stopping;

  private void stopPrinting() {
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = printer;
    if (c != null) {
      c.wakeup();
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static Duration parseDuration(String raw) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,9})([smh])").matcher(raw.trim());
    if (!m.matches()) {
      throw new UsageException(
          "invalid value '" + raw + "' for --duration: expected e.g. 90s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
