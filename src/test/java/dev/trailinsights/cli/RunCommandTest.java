package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  /** Result of one command line: exit code and what went to stderr. */
  record Outcome(int exitCode, String err) {}

  static Outcome run(Map<String, String> env, String... args) {
    RunCommand command = new RunCommand();
    command.handleSignals = false;
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    command.cluster.env = env;
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Outcome(code, err.toString());
  }

  @Test
  void shouldStopWithOneLineAndExitCode2OnUnknownEnvironmentKey() {
    Outcome o = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092", "TRAIL_INSIGHTS_TOPICS_INPT", "x"));

    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err())
        .startsWith("trail-insights: unknown environment variable TRAIL_INSIGHTS_TOPICS_INPT");
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void shouldRejectFirstEventTrailStartNamingTheKey() {
    Outcome o =
        run(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092"),
            "--set",
            "detection.trail-start=first-event");

    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err())
        .startsWith(
            "trail-insights: detection.trail-start (flag detection.trail-start) cannot be"
                + " first-event for run");
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void shouldRequireBootstrapServers() {
    Outcome o = run(Map.of());

    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).startsWith("trail-insights: no Kafka bootstrap servers");
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void shouldRejectUnknownKafkaFlag() {
    Outcome o = run(Map.of(), "--bootstrap-servers", "b:9092", "--kafka", "acks.all=1");

    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err())
        .startsWith(
            "trail-insights: unknown Kafka client property 'acks.all' (flag --kafka acks.all)");
  }

  @Test
  void shouldWritePrecedenceInHelp() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out, true));

    int code = cl.execute("run", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("defaults < --config file < environment")
        .contains("KAFKA_<NAME>_FILE")
        .contains("--bootstrap-servers")
        .contains("--kafka");
  }

  @Test
  void shouldRegisterRunAndLoad() {
    assertThat(Main.newCommandLine().getSubcommands()).containsKeys("run", "load", "replay");
  }

  @Test
  void shouldRejectUnknownKeyModeOfLoad() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.newCommandLine();
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("load", "--key", "account", "x.json");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("expected account-region or none");
  }
}
