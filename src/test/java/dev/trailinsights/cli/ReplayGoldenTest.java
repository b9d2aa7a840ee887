package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.testkit.Golden;
import dev.trailinsights.workload.OutputFormat;
import dev.trailinsights.workload.WorkloadGenerator;
import dev.trailinsights.workload.WorkloadParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code replay} of a generated week (two accounts, injected anomalies, late and repeated records,
 * a per-API override) writes exactly the Insights events and summary counts recorded in {@code
 * src/test/resources/golden/}: a refactoring of the detection core must not change one byte.
 */
class ReplayGoldenTest {
  @TempDir Path dir;

  @Test
  void shouldReplayAGeneratedWeekExactlyAsRecorded() throws IOException {
    WorkloadParams params =
        new WorkloadParams(
            7, 2026, 2, 1, 60, 0.3, 16, OutputFormat.FILES, Instant.parse("2026-03-02T00:00:00Z"));
    new WorkloadGenerator(params).writeTo(dir.resolve("w"), 2);
    Path config = dir.resolve("detection.yaml");
    Files.writeString(
        config,
        """
        overrides:
          - api: "ec2.amazonaws.com:*"
            sensitivity: high
            min-count: 3
        """);
    Path insights = dir.resolve("insights.jsonl");

    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    PrintStream err = System.err;
    StringWriter usage = new StringWriter();
    int exit;
    System.setErr(new PrintStream(summary, true, StandardCharsets.UTF_8));
    try {
      CommandLine cl = Main.newCommandLine();
      cl.setErr(new PrintWriter(usage));
      exit =
          cl.execute(
              "replay",
              "--config",
              config.toString(),
              "--output",
              insights.toString(),
              dir.resolve("w").resolve(WorkloadGenerator.TRAIL_FOLDER).toString());
    } finally {
      System.setErr(err);
    }

    assertThat(exit).as("exit code; %s", usage).isZero();
    byte[] written = Files.readAllBytes(insights);
    assertThat(new String(written, StandardCharsets.UTF_8))
        .contains("\"state\":\"Start\"", "ApiErrorRateInsight");
    Golden.assertMatches("replay-week.jsonl", written);
    // the summary without its first line (files, bytes and timing)
    String counts = summary.toString(StandardCharsets.UTF_8);
    counts = counts.substring(counts.indexOf('\n') + 1);
    Golden.assertMatches("replay-week-summary.txt", counts.getBytes(StandardCharsets.UTF_8));
  }
}
