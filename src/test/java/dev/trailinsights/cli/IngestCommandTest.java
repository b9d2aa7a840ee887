package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandTest {
  private record Outcome(int exitCode, String err) {}

  private static Outcome ingest(Map<String, String> env, String... args) {
    IngestCommand command = new IngestCommand();
    command.handleSignals = false;
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    command.cluster.env = env;
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    return new Outcome(cl.execute(args), err.toString());
  }

  @Test
  void shouldStopWithOneLineNamingTheQueueUrlWhenItIsMissing() {
    Outcome o = ingest(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"));

    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err().strip().lines()).hasSize(1);
    assertThat(o.err()).contains("ingest.queue-url").contains("TRAIL_INSIGHTS_INGEST_QUEUE_URL");
  }

  @Test
  void shouldRejectABadRegionNamingTheKey() {
    Outcome o =
        ingest(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
            "--queue-url",
            "https://sqs.eu-west-1.amazonaws.com/1/q",
            "--region",
            "Mars");

    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("ingest.region").contains("an AWS region such as eu-west-1");
  }

  @Test
  void shouldListEveryIngestOptionInItsHelp() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out, true));

    assertThat(cl.execute("ingest", "--help")).isZero();
    assertThat(out.toString())
        .contains("--queue-url=URL", "--region=REGION", "--topic=TOPIC", "--set=KEY=VALUE")
        .contains("Exit codes:");
  }
}
