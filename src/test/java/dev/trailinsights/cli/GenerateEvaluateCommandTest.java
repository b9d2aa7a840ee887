package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateEvaluateCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private String[] generate(Path output, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "generate",
                "--output",
                output.toString(),
                "--days",
                "2",
                "--accounts",
                "1",
                "--regions",
                "1",
                "--apis",
                "50",
                "--events-per-second",
                "0.2",
                "--anomalies",
                "4",
                "--format",
                "jsonl"));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  @Test
  void shouldGenerateRecordsAndLabels() {
    Path output = dir.resolve("w");
    assertThat(run(generate(output))).isZero();
    assertThat(output.resolve("events.jsonl")).isNotEmptyFile();
    assertThat(output.resolve("labels.json")).isNotEmptyFile();
    assertThat(err.toString()).contains("records", "4 labelled anomalies");
  }

  @Test
  void shouldRefuseToOverwriteAWorkloadWithoutForce() throws IOException {
    Path output = dir.resolve("w");
    assertThat(run(generate(output))).isZero();
    byte[] first = Files.readAllBytes(output.resolve("labels.json"));
    assertThat(run(generate(output, "--seed", "43"))).isEqualTo(2);
    assertThat(err.toString()).contains("--force");
    assertThat(run(generate(output, "--seed", "43", "--force"))).isZero();
    assertThat(Files.readAllBytes(output.resolve("labels.json"))).isNotEqualTo(first);
  }

  @Test
  void shouldRejectBadGenerateOptionsWithExitCodeTwo() {
    assertThat(run(generate(dir.resolve("a"), "--days", "1"))).isEqualTo(2);
    assertThat(err.toString()).contains("--days");
    assertThat(run(generate(dir.resolve("b"), "--format", "parquet"))).isEqualTo(2);
    assertThat(run(generate(dir.resolve("c"), "--start", "yesterday"))).isEqualTo(2);
    assertThat(run(generate(dir.resolve("d"), "--start", "2026-03-02T00:00:30Z"))).isEqualTo(2);
    assertThat(run("generate")).isEqualTo(2);
  }

  @Test
  void shouldEvaluateInsightsAgainstLabels() throws IOException {
    Path output = dir.resolve("w");
    assertThat(run(generate(output))).isZero();
    Path insights = dir.resolve("insights.jsonl");
    Files.writeString(insights, "");
    Path json = dir.resolve("report.json");
    int code =
        run(
            "evaluate",
            "--labels",
            output.resolve("labels.json").toString(),
            "--insights",
            insights.toString(),
            "--json",
            json.toString(),
            "--slack",
            "10m",
            "--selection",
            "write-management,read-management");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("recall", "precision", "false insights", "missed labels");
    assertThat(json).isNotEmptyFile();
    assertThat(Files.readString(json)).contains("\"slackSeconds\" : 600");
  }

  @Test
  void shouldRejectBadEvaluateInputWithExitCodeTwo() throws IOException {
    Path labels = dir.resolve("labels.json");
    Files.writeString(
        labels,
        "{\"keys\":1,\"start\":\"2026-03-02T00:00:00Z\",\"end\":\"2026-03-03T00:00:00Z\","
            + "\"anomalies\":[]}");
    Path insights = dir.resolve("insights.jsonl");
    Files.writeString(insights, "{\"broken\n");
    assertThat(run("evaluate", "--labels", labels.toString(), "--insights", insights.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("insights.jsonl:1");
    assertThat(
            run(
                "evaluate",
                "--labels",
                dir.resolve("none.json").toString(),
                "--insights",
                insights.toString()))
        .isEqualTo(2);
    Files.writeString(insights, "");
    assertThat(
            run(
                "evaluate",
                "--labels",
                labels.toString(),
                "--insights",
                insights.toString(),
                "--slack",
                "soon"))
        .isEqualTo(2);
    assertThat(
            run(
                "evaluate",
                "--labels",
                labels.toString(),
                "--insights",
                insights.toString(),
                "--selection",
                "writes"))
        .isEqualTo(2);
    assertThat(run("evaluate", "--labels", labels.toString(), "--insights", insights.toString()))
        .isZero();
  }

  @Test
  void shouldParseSlackDurations() {
    assertThat(EvaluateCommand.parseDuration("90s").toSeconds()).isEqualTo(90);
    assertThat(EvaluateCommand.parseDuration("15m").toMinutes()).isEqualTo(15);
    assertThat(EvaluateCommand.parseDuration("2h").toHours()).isEqualTo(2);
    assertThat(EvaluateCommand.parseDuration("PT5M").toMinutes()).isEqualTo(5);
  }
}
