package dev.trailinsights.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.runtime.InsightsRunner;
import dev.trailinsights.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path stateDir;

  private record Running(RunCommand command, CompletableFuture<Integer> exit, StringWriter err) {}

  private String input;
  private String output;
  private String deadLetters;
  private String history;

  private List<String> topicArgs(String... more) {
    input = kafka.uniqueTopic("cloudtrail-events");
    output = kafka.uniqueTopic("cloudtrail-insights");
    deadLetters = kafka.uniqueTopic("cloudtrail-events-dlq");
    history = kafka.uniqueTopic("cloudtrail-insights-history");
    List<String> args = new ArrayList<>();
    for (String s :
        new String[] {
          "topics.input=" + input,
          "topics.output=" + output,
          "topics.dead-letter=" + deadLetters,
          "topics.history=" + history,
          "http.port=0",
          "topics.partitions=2",
          "streams.state-dir=" + stateDir,
          "kafka.startup-timeout=20s"
        }) {
      args.add("--set");
      args.add(s);
    }
    args.add("--application-id");
    args.add(kafka.uniqueTopic("trail-insights"));
    args.addAll(List.of(more));
    return args;
  }

  private static Running start(Map<String, String> env, List<String> args) {
    RunCommand command = new RunCommand();
    command.handleSignals = false;
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    command.cluster.env = env;
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)));
    return new Running(command, exit, err);
  }

  private static InsightsRunner awaitRunner(Running r) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (r.command().runner() == null || r.command().runner().app() == null) {
      if (r.exit().isDone()) {
        throw new AssertionError("run ended with " + r.exit().get() + ": " + r.err());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run did not start: " + r.err());
      }
      Thread.sleep(20);
    }
    InsightsRunner runner = r.command().runner();
    assertThat(runner.awaitRunning(Duration.ofSeconds(60))).as("reached RUNNING").isTrue();
    return runner;
  }

  @Test
  void shouldStartInsightFromGeneratedTrafficAndStopCleanly() throws Exception {
    // the traffic is months old and ends with its burst: judged on arrival, as at the live edge
    List<String> args = topicArgs("--set", "detection.live-edge=3650d");
    Running run = start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), args);
    InsightsRunner runner = awaitRunner(run);
    System.out.println("run start-up time: " + runner.startupTime().toMillis() + " ms");
    assertThat(runner.topics())
        .extracting(o -> o.topic())
        .containsExactly(input, output, deadLetters, history);

    byte[] key = (Scenario.ACCOUNT + "|" + Scenario.REGION).getBytes(UTF_8);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (String r :
        Scenario.steadyThenBurst(
            Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(2), 2, 40)) {
      records.add(new ProducerRecord<>(input, key, r.getBytes(UTF_8)));
    }
    records.add(new ProducerRecord<>(input, key, "not json".getBytes(UTF_8)));
    kafka.produce(input, records);

    List<ConsumerRecord<byte[], byte[]>> insights =
        kafka.consumeAll(output, 1, Duration.ofSeconds(90));
    String first = new String(insights.get(0).value(), UTF_8);
    assertThat(first)
        .contains("\"state\":\"Start\"")
        .contains("\"eventName\":\"" + Scenario.EVENT_NAME + "\"")
        .contains("\"insightType\":\"ApiCallRateInsight\"");
    assertThat(kafka.consumeAll(deadLetters, 1, Duration.ofSeconds(30)))
        .extracting(r -> new String(r.value(), UTF_8))
        .containsExactly("not json");

    run.command().stop();
    assertThat(run.exit().get(60, TimeUnit.SECONDS)).isZero();
    assertThat(run.err().toString()).isEmpty();
  }

  @Test
  void shouldLogNoProducerRetryOrGlobalHandlerWarningsOnAnExactlyOnceRunOverManyPartitions()
      throws Exception {
    List<String> args = topicArgs("--set", "topics.partitions=4", "--set", "streams.threads=2");
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // slf4j-simple writes to whatever System.err is at the time of each line
    System.setErr(new PrintStream(new TeeStream(stderr, log), true, UTF_8));
    try {
      Running run = start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), args);
      awaitRunner(run);
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (String r :
          Scenario.steadyThenBurst(
              Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(2), 6, 60)) {
        records.add(new ProducerRecord<>(input, null, r.getBytes(UTF_8)));
      }
      kafka.produce(input, records);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (inputMessages(run) < records.size()) {
        assertThat(System.nanoTime()).as("all input read").isLessThan(deadline);
        Thread.sleep(100);
      }
      Thread.sleep(3000); // the last transactions' writes to the repartition topic and changelogs
      run.command().stop();
      assertThat(run.exit().get(60, TimeUnit.SECONDS)).isZero();
    } finally {
      System.setErr(stderr);
    }

    String text = log.toString(UTF_8);
    assertThat(text).contains("Kafka Streams REBALANCING -> RUNNING");
    assertThat(text.lines().filter(l -> l.contains(" WARN ")))
        .noneMatch(l -> l.contains("CONCURRENT_TRANSACTIONS"))
        .noneMatch(l -> l.contains("OUT_OF_ORDER_SEQUENCE_NUMBER"));
    assertThat(
            text.lines()
                .filter(l -> l.contains("Processing exception handler is not enabled"))
                .count())
        .as("warnings that the global thread's processing handler is off")
        .isZero();
  }

  private static long inputMessages(Running run) {
    var obs = run.command().observability();
    var counter = obs == null ? null : obs.registry().find("trail.insights.input.messages");
    return counter == null || counter.functionCounter() == null
        ? 0
        : (long) counter.functionCounter().count();
  }

  /** Writes to two streams. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      synchronized (b) {
        b.write(c);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      a.flush();
    }
  }

  @Test
  void shouldExitWithOneLineNamingBootstrapServersWhenClusterIsUnreachable() throws Exception {
    String bootstrap = "127.0.0.1:" + freePort();
    List<String> args = topicArgs("--set", "kafka.startup-timeout=2s");

    Running run = start(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap), args);

    assertThat(run.exit().get(60, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(run.err().toString())
        .startsWith(
            "trail-insights: cannot reach Kafka at "
                + bootstrap
                + ": no broker answered within 2s");
    assertThat(run.err().toString().lines()).hasSize(1);
  }

  @Test
  void shouldExitWithTheReasonWhenKafkaStreamsFails() throws Exception {
    // A transaction timeout above the broker's maximum fails every stream thread at start; the
    // short session lets each replacement thread join without waiting for the dead one's.
    List<String> args =
        topicArgs(
            "--kafka",
            "producer.transaction.timeout.ms=86400000",
            "--kafka",
            "main.consumer.session.timeout.ms=6000");

    Running run = start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), args);

    assertThat(run.exit().get(120, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(run.err().toString())
        .startsWith("trail-insights: Kafka Streams stopped with an error: ")
        .containsIgnoringCase("transaction timeout");
    assertThat(run.err().toString().lines()).hasSize(1);
  }

  @Test
  void shouldExitZeroAfterCleanShutdownOnSigterm() throws Exception {
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(topicArgs());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    Path log = Files.createTempFile(stateDir, "run", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(log).contains("running after")) {
        assertThat(p.isAlive()).as("process alive; log: %s", Files.readString(log)).isTrue();
        assertThat(System.nanoTime())
            .as("started in time; log: %s", Files.readString(log))
            .isLessThan(deadline);
        Thread.sleep(100);
      }

      p.destroy(); // SIGTERM

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(log);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("stopping").contains("stopped in");
    } finally {
      p.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
