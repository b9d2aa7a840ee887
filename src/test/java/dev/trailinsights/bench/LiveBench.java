package dev.trailinsights.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trailinsights.cli.Main;
import dev.trailinsights.event.TrailMessages;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.runtime.ClientProperties;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.runtime.RunConfig;
import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.runtime.TrailLoader;
import dev.trailinsights.workload.GenerationSummary;
import dev.trailinsights.workload.OutputFormat;
import dev.trailinsights.workload.WorkloadGenerator;
import dev.trailinsights.workload.WorkloadParams;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live path's throughput and exactness on a multi-week backlog of one account and region,
 * against a plain Kafka Streams windowed count, in one run on an in-process KRaft broker.
 *
 * <ol>
 *   <li>generates the backlog with {@link WorkloadGenerator} (one account, one region, JSON lines
 *       in delivery order) and, as the reference, the insights {@code replay} finds in it;
 *   <li>writes it with {@link TrailLoader} (the engine of {@code load}) twice: once without keys
 *       (the producer spreads the records over the partitions) and once keyed {@code
 *       account|region} (every record in one partition);
 *   <li>runs, each with a fresh application id, the same threads and {@code exactly_once_v2}: (a) a
 *       plain Kafka Streams 1-minute windowed count (parse each record with Jackson's streaming
 *       parser for {@code eventTime} and the API key, repartition everything, count per key and
 *       minute with a grace that drops nothing), (b) {@code run}'s own wiring ({@link RunConfig},
 *       {@link InsightsRunner}, {@link Observability}) on the unkeyed topic, (c) the same on the
 *       keyed topic.
 * </ol>
 *
 * <p>Throughput is input records per second between the first offset commit the benchmark sees and
 * the moment the application has caught up: every input offset committed and every partition of its
 * repartition topics consumed (at most a trailing transaction marker left). It prints one table row
 * per run: records/s, its ratio to (a), late events (the {@code trail.insights.late.events}
 * metric), and the Insights events written, compared with {@code replay}'s.
 *
 * <p>Run: {@code ./mvnw -B -ntp -Plivebench -DskipTests test-compile exec:exec
 * [-Dlivebench.args='--records 2000000 --days 21']}.
 */
@Command(
    name = "LiveBench",
    mixinStandardHelpOptions = true,
    description = "Live throughput and exactness against a plain Kafka Streams windowed count.")
public final class LiveBench implements Callable<Integer> {
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Duration POLL = Duration.ofMillis(200);

  @Option(
      names = "--records",
      defaultValue = "500000",
      description = "Records to generate, about (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--days",
      defaultValue = "14",
      description = "Days of event time (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the input topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Stream threads of every run (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--instances",
      defaultValue = "1",
      description =
          "Instances of `run` (one application, in this JVM), each with --threads threads"
              + " (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--anomalies",
      defaultValue = "12",
      description = "Injected anomalies (default: ${DEFAULT-VALUE}).")
  int anomalies;

  @Option(
      names = "--seed",
      defaultValue = "11",
      description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--dir",
      defaultValue = "target/livebench",
      description = "Working folder: workload, state, results (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      description = "Seconds each run may take to catch up (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--runs",
      split = ",",
      defaultValue = "count,unkeyed,keyed",
      description =
          "Which runs, in order: count, unkeyed, keyed, signed (unkeyed with signed digests every"
              + " 10 s) (default: ${DEFAULT-VALUE}).")
  List<String> runs;

  @Option(
      names = "--kafka",
      paramLabel = "NAME=VALUE",
      description =
          "A Kafka client property for every run, e.g. --kafka producer.linger.ms=20"
              + " (repeatable).")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  /** One run's figures. */
  record Result(
      String name,
      long input,
      double seconds,
      double recordsPerSecond,
      long late,
      long selected,
      Long insights,
      String vsReplay,
      boolean caughtUp) {}

  public static void main(String[] args) {
    int code = new CommandLine(new LiveBench()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    if (partitions < 1 || threads < 1 || days < 2 || records < 1000) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "need partitions >= 1, threads >= 1, days >= 2, records >= 1000");
    }
    EmbeddedKafka.quietBrokerLogs();
    // the in-process broker logs, as errors, each produce request a transactional producer then
    // retries by itself (as demo does, off here)
    System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
    Path work = dir.toAbsolutePath();
    Utils.delete(work.toFile()); // Kafka's own recursive delete; nothing to do when absent
    Files.createDirectories(work);

    WorkloadParams params =
        new WorkloadParams(
            days,
            seed,
            1,
            1,
            150,
            records / (days * 86_400.0),
            anomalies,
            OutputFormat.JSONL,
            START);
    long t0 = System.nanoTime();
    GenerationSummary generated =
        new WorkloadGenerator(params).writeTo(work.resolve("workload"), 1);
    Path jsonl = work.resolve("workload").resolve(WorkloadGenerator.JSONL_FILE);
    say("generated in %.1f s: %s", secondsSince(t0), generated.describe());

    t0 = System.nanoTime();
    Path replayed = work.resolve("replay.jsonl");
    int replayCode =
        Main.newCommandLine()
            .execute(
                "replay",
                "--trail-start",
                START.toString(),
                // one JSON-lines file of the whole backlog: past the default per-file bound
                "--set",
                "input.max-file-mib=65536",
                "--output",
                replayed.toString(),
                jsonl.toString());
    if (replayCode != 0) {
      throw new IllegalStateException("replay failed with exit code " + replayCode);
    }
    List<String> reference = Files.readAllLines(replayed, StandardCharsets.UTF_8);
    say("replay: %d insights events in %.1f s", reference.size(), secondsSince(t0));

    List<Result> results = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
      String bootstrap = kafka.bootstrapServers();
      Map<String, String> topics = new LinkedHashMap<>();
      topics.put("unkeyed", load(bootstrap, "bench-unkeyed", TrailMessages.Keying.NONE, jsonl));
      topics.put(
          "keyed", load(bootstrap, "bench-keyed", TrailMessages.Keying.ACCOUNT_REGION, jsonl));
      for (String run : runs) {
        switch (run.trim()) {
          case "count" -> results.add(plainCount(bootstrap, topics.get("unkeyed"), work));
          case "unkeyed", "keyed" ->
              results.add(product(bootstrap, run.trim(), topics.get(run.trim()), work, reference));
          case "signed" ->
              results.add(product(bootstrap, "signed", topics.get("unkeyed"), work, reference));
          default ->
              throw new CommandLine.ParameterException(
                  new CommandLine(this),
                  "unknown run '" + run + "': count, unkeyed, keyed or signed");
        }
      }
    }
    System.out.println(table(results, reference.size()));
    Files.writeString(work.resolve("results.md"), table(results, reference.size()));
    return 0;
  }

  private String load(String bootstrap, String topic, TrailMessages.Keying keying, Path file) {
    TrailLoader.Config config =
        new TrailLoader.Config(
            bootstrap,
            topic,
            true,
            partitions,
            1,
            Duration.ofSeconds(30),
            ClientProperties.empty(),
            keying,
            false,
            dev.trailinsights.config.DetectorConfig.builder().build().maxRecordBytes(),
            Long.MAX_VALUE);
    PrintWriter err = new PrintWriter(System.err, true);
    TrailLoader.Summary s = new TrailLoader(config).load(List.of(file), err);
    if (!s.complete()) {
      throw new IllegalStateException("load incomplete: " + s.describe());
    }
    say("%s (%s)", s.describe(), keying);
    return topic;
  }

  // ---------------------------------------------------------------- (a) plain windowed count

  private Result plainCount(String bootstrap, String input, Path work) throws Exception {
    String app = "bench-count-" + System.currentTimeMillis();
    LongAdder unreadable = new LongAdder();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source"))
        .process(
            () -> new ParseToKey(unreadable), org.apache.kafka.streams.kstream.Named.as("parse"))
        .repartition(
            Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                .withName("by-api")
                .withNumberOfPartitions(partitions))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()).withName("group"))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofDays(days + 1L)))
        .count(Materialized.as("counts"));
    Topology topology = builder.build();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
    p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.putAll(kafkaProperties);
    say("(a) plain windowed count, application %s, input %s", app, input);
    Progress progress;
    try (KafkaStreams streams = new KafkaStreams(topology, p)) {
      streams.start();
      progress = await(bootstrap, app, input, () -> true);
      streams.close(Duration.ofSeconds(30));
    }
    return new Result(
        "plain windowed count (parse all, repartition all, count), records without keys",
        progress.input,
        progress.seconds(),
        progress.recordsPerSecond(),
        unreadable.sum(),
        progress.input - unreadable.sum(),
        null,
        "",
        progress.caughtUp);
  }

  /** Reads eventTime and the API key of a record with the streaming parser; no trees. */
  static final class ParseToKey implements Processor<byte[], byte[], String, byte[]> {
    private final LongAdder unreadable;
    private ProcessorContext<String, byte[]> context;

    ParseToKey(LongAdder unreadable) {
      this.unreadable = unreadable;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      String time = null;
      String account = null;
      String region = null;
      String source = null;
      String name = null;
      try (JsonParser parser = FACTORY.createParser(record.value())) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          unreadable.increment();
          return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (value == JsonToken.VALUE_STRING) {
            switch (field) {
              case "eventTime" -> time = parser.getText();
              case "recipientAccountId" -> account = parser.getText();
              case "awsRegion" -> region = parser.getText();
              case "eventSource" -> source = parser.getText();
              case "eventName" -> name = parser.getText();
              default -> {}
            }
          } else {
            parser.skipChildren();
          }
        }
      } catch (IOException e) {
        unreadable.increment();
        return;
      }
      if (time == null || name == null) {
        unreadable.increment();
        return;
      }
      long millis;
      try {
        millis = Instant.parse(time).toEpochMilli();
      } catch (RuntimeException e) {
        unreadable.increment();
        return;
      }
      String key = account + "|" + region + "|" + source + "|" + name;
      context.forward(new Record<>(key, record.value(), millis));
    }
  }

  // ---------------------------------------------------------------- (b), (c) the product

  private Result product(
      String bootstrap, String label, String input, Path work, List<String> reference)
      throws Exception {
    String app = "bench-" + label + "-" + System.currentTimeMillis();
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(RunSettings.BOOTSTRAP_SERVERS.key(), bootstrap);
    flags.put(RunSettings.APPLICATION.key(), app);
    flags.put(RunSettings.INPUT.key(), input);
    flags.put(RunSettings.OUTPUT.key(), app + "-insights");
    flags.put(RunSettings.DEAD_LETTER.key(), app + "-dlq");
    flags.put(RunSettings.HISTORY.key(), app + "-history");
    flags.put(RunSettings.PARTITIONS.key(), Integer.toString(partitions));
    flags.put(RunSettings.THREADS.key(), Integer.toString(threads));
    flags.put("detection.trail-start", START.toString());
    // a partition read alone for a while (keyed input leaves the others empty) must not pass for
    // idle while this machine is loaded; after catching up, the run waits this long so that the
    // empty partitions report idle and the last minutes close
    flags.put(RunSettings.IDLE_TIMEOUT.key(), IDLE.toSeconds() + "s");
    if (label.equals("signed")) {
      // digests every 10 s (not hourly), so that a run of a minute writes many
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
      Path key =
          Files.writeString(
              work.resolve("signing.pem"),
              "-----BEGIN PRIVATE KEY-----\n"
                  + java.util.Base64.getMimeEncoder()
                      .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                  + "\n-----END PRIVATE KEY-----\n");
      flags.put("integrity.signing-key-file", key.toString());
      flags.put("integrity.digest-interval", "10s");
      flags.put("topics.digests", app + "-digests");
    }
    say("(%s) run on %s, application %s, %d instance(s)", label, input, app, instances);
    Progress progress;
    long late = 0;
    long selected = 0;
    List<Observability> observed = new ArrayList<>();
    List<InsightsRunner> runners = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        flags.put(RunSettings.STATE_DIR.key(), work.resolve("state-" + label + "-" + i).toString());
        RunConfig config = RunConfig.from(RunSettings.load(null, Map.of(), flags, kafkaProperties));
        Observability obs = new Observability();
        observed.add(obs);
        InsightsRunner runner = new InsightsRunner(config, obs.latency(), obs::attach);
        runners.add(runner);
        runner.start();
      }
      // caught up means detected too: every deferred event counted and the watermark at the end
      // of the backlog (with keyed input, once the empty partitions have gone idle)
      long end = START.plus(Duration.ofDays(days)).minus(Duration.ofMinutes(2)).toEpochMilli();
      progress = await(bootstrap, app, input, () -> detected(observed, end));
      Thread.sleep(2_000);
      for (Observability obs : observed) {
        late += counter(obs.registry(), "trail.insights.late.events", Map.of());
        selected += counter(obs.registry(), "trail.insights.events", Map.of("outcome", "selected"));
      }
    } finally {
      for (InsightsRunner r : runners) {
        r.close();
      }
      for (Observability obs : observed) {
        obs.close();
      }
    }
    List<String> insights = readAll(bootstrap, app + "-insights");
    // kept beside replay.jsonl, to compare what differs
    Files.write(work.resolve(label + "-insights.jsonl"), insights, StandardCharsets.UTF_8);
    return new Result(
        "`run`, "
            + (label.equals("keyed")
                ? "keyed `account|region` (load --key account-region)"
                : label.equals("signed")
                    ? "records without keys, signed digests every 10 s"
                    : "records without keys (load --key none)")
            + (instances > 1 ? ", " + instances + " instances" : ""),
        progress.input,
        progress.seconds(),
        progress.recordsPerSecond(),
        late,
        selected,
        (long) insights.size(),
        compare(insights, reference),
        progress.caughtUp);
  }

  /**
   * Every deferred event counted and the watermark of every instance with detector tasks past
   * {@code endMillis}.
   */
  private static boolean detected(List<Observability> instances, long endMillis) {
    boolean any = false;
    for (Observability obs : instances) {
      MeterRegistry registry = obs.registry();
      var deferred = registry.find("trail.insights.deferred.events").gauge();
      var lag = registry.find("trail.insights.watermark.lag").gauge();
      if (deferred == null || lag == null || deferred.value() != 0) {
        return false;
      }
      if (Double.isNaN(lag.value())) {
        continue; // no detector task here
      }
      any = true;
      if (System.currentTimeMillis() - Math.round(lag.value() * 1000) < endMillis) {
        return false;
      }
    }
    return any;
  }

  private static long counter(MeterRegistry registry, String name, Map<String, String> tags) {
    double sum = 0;
    var search = registry.find(name);
    for (Map.Entry<String, String> t : tags.entrySet()) {
      search = search.tag(t.getKey(), t.getValue());
    }
    for (FunctionCounter c : search.functionCounters()) {
      sum += c.count();
    }
    return Math.round(sum);
  }

  private static final java.time.Duration IDLE = java.time.Duration.ofSeconds(20);

  /**
   * "same" when the two are equal as multisets of lines, else how many lines differ; then the same
   * for the part of each record that does not depend on arrival order (README, Determinism).
   */
  static String compare(List<String> live, List<String> reference) {
    return strictCompare(live, reference)
        + "; order-independent part: "
        + strictCompare(
            dev.trailinsights.it.OfflineReference.exactPart(live),
            dev.trailinsights.it.OfflineReference.exactPart(reference));
  }

  static String strictCompare(List<String> live, List<String> reference) {
    Map<String, Integer> diff = new HashMap<>();
    for (String s : live) {
      diff.merge(s, 1, Integer::sum);
    }
    for (String s : reference) {
      diff.merge(s, -1, Integer::sum);
    }
    long extra = diff.values().stream().filter(v -> v > 0).mapToLong(v -> v).sum();
    long missing = diff.values().stream().filter(v -> v < 0).mapToLong(v -> -v).sum();
    if (extra == 0 && missing == 0) {
      return "same as replay";
    }
    return missing + " of replay's missing, " + extra + " not in replay";
  }

  // ---------------------------------------------------------------- progress

  /** What a run did between the first commit seen and catching up. */
  record Progress(
      long input, long committedAtFirst, long firstNanos, long endNanos, boolean caughtUp) {
    double seconds() {
      return (endNanos - firstNanos) / 1e9;
    }

    double recordsPerSecond() {
      double s = seconds();
      return s <= 0 ? 0 : (input - committedAtFirst) / s;
    }
  }

  /**
   * Polls the group's committed offsets until every input offset is committed and the repartition
   * topics are consumed (a committed offset at most one below the end: the last transaction's
   * marker).
   */
  private Progress await(
      String bootstrap, String app, String input, java.util.function.BooleanSupplier done)
      throws Exception {
    Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(conf)) {
      Map<TopicPartition, Long> inputEnds = ends(admin, partitionsOf(admin, List.of(input)));
      long total = inputEnds.values().stream().mapToLong(Long::longValue).sum();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      long first = -1;
      long committedAtFirst = 0;
      long lastReport = System.nanoTime();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
        long now = System.nanoTime();
        long inputCommitted = 0;
        for (TopicPartition tp : inputEnds.keySet()) {
          OffsetAndMetadata o = committed.get(tp);
          inputCommitted += o == null ? 0 : o.offset();
        }
        if (first < 0 && inputCommitted > 0) {
          first = now;
          committedAtFirst = inputCommitted;
        }
        if (inputCommitted >= total
            && internalConsumed(admin, app, committed)
            && done.getAsBoolean()) {
          say("  caught up: %d records", total);
          return new Progress(total, committedAtFirst, first, now, true);
        }
        if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          say("  %d of %d input records committed", inputCommitted, total);
          lastReport = now;
        }
        Thread.sleep(POLL.toMillis());
      }
      say("  did not catch up within %d s", timeoutSeconds);
      return new Progress(total, committedAtFirst, Math.max(first, 0), System.nanoTime(), false);
    }
  }

  private static boolean internalConsumed(
      Admin admin, String app, Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
    List<String> repartition =
        admin.listTopics().names().get().stream()
            .filter(t -> t.startsWith(app + "-") && t.endsWith("-repartition"))
            .toList();
    if (repartition.isEmpty()) {
      return true;
    }
    for (Map.Entry<TopicPartition, Long> e :
        ends(admin, partitionsOf(admin, repartition)).entrySet()) {
      OffsetAndMetadata o = committed.get(e.getKey());
      long done = o == null ? 0 : o.offset();
      if (e.getValue() - done > 1) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitionsOf(Admin admin, Collection<String> topics)
      throws Exception {
    List<TopicPartition> out = new ArrayList<>();
    for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition())));
    }
    return out;
  }

  private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> tps)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest =
        tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, Long> out =
        new TreeMap<>(
            java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
        admin.listOffsets(latest).all().get().entrySet()) {
      out.put(e.getKey(), e.getValue().offset());
    }
    return out;
  }

  /** Every committed record of {@code topic}, as text. */
  private static List<String> readAll(String bootstrap, String topic) {
    Map<String, Object> conf = new HashMap<>();
    conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- report

  private String table(List<Result> results, int replayInsights) {
    double reference =
        results.stream()
            .filter(r -> r.name().startsWith("plain"))
            .mapToDouble(Result::recordsPerSecond)
            .findFirst()
            .orElse(Double.NaN);
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%n%d days, one account and region, %d input partitions, %d stream threads,"
                + " exactly_once_v2%s; replay finds %d insights events%n%n",
            days,
            partitions,
            threads,
            kafkaProperties.isEmpty() ? "" : ", " + kafkaProperties,
            replayInsights));
    b.append(
        "| run | records | seconds | records/s, first commit to caught up | vs plain count |"
            + " late events | selected | insights |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %s | %s | %s | %d | %s |%n",
              r.name(),
              r.input(),
              r.seconds(),
              (r.caughtUp() ? "" : "did not catch up, ")
                  + String.format(Locale.ROOT, "%.0f", r.recordsPerSecond()),
              Double.isNaN(reference)
                  ? "-"
                  : String.format(Locale.ROOT, "%.2fx", r.recordsPerSecond() / reference),
              r.name().startsWith("plain") ? "(grace drops none)" : Long.toString(r.late()),
              r.selected(),
              r.insights() == null ? "-" : r.insights() + " (" + r.vsReplay() + ")"));
    }
    return b.toString();
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void say(String format, Object... args) {
    System.err.println("livebench: " + String.format(Locale.ROOT, format, args));
    System.err.flush();
  }
}
