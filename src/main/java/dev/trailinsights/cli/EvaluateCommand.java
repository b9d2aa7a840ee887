package dev.trailinsights.cli;

import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.workload.Evaluation;
import dev.trailinsights.workload.EvaluationReport;
import dev.trailinsights.workload.InsightLines;
import dev.trailinsights.workload.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: precision, recall and detection delay of Insights events against labels. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores Insights events (JSON lines, as `replay` writes them) against labels (as `generate`"
          + " writes them): recall, precision, false insights per key per day, detection delay"
          + " (median, p95), single-call insights, Ends, per-kind breakdown, missed labels and"
          + " false Starts.",
      "A report, not a gate: exit code 0 whenever it ran, 2 on bad input."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description = "labels.json written by `generate` (or by hand).")
  Path labels;

  @Option(
      names = "--insights",
      required = true,
      paramLabel = "FILE",
      description = "Insights events, one JSON record per line.")
  Path insights;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @Option(
      names = "--slack",
      defaultValue = "15m",
      description = "Tolerance around a label's window: 90s, 15m, 1h or ISO-8601 (default: 15m).")
  String slack;

  @Option(
      names = "--selection",
      defaultValue = "write-management",
      split = ",",
      description =
          "Event classes the call-rate series were built from (write-management,"
              + " read-management, data); recall counts call-rate labels of these"
              + " (default: write-management).")
  List<String> selection;

  @Option(
      names = "--error-selection",
      defaultValue = "write-management,read-management",
      split = ",",
      description =
          "Event classes the error-rate series were built from; recall counts error-rate labels"
              + " of these (default: write-management,read-management).")
  List<String> errorSelection;

  @Override
  public Integer call() throws IOException {
    Evaluation.Options options =
        new Evaluation.Options(
            parseDuration(slack),
            classes(selection, "--selection"),
            classes(errorSelection, "--error-selection"));
    Labels l = read(() -> Labels.read(labels), "--labels", labels);
    List<InsightEvent> events = read(() -> InsightLines.read(insights), "--insights", insights);
    EvaluationReport report = Evaluation.evaluate(l, events, options);
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.toText());
    out.flush();
    if (json != null) {
      try (OutputStream o = Files.newOutputStream(json)) {
        report.writeJson(o);
      } catch (NoSuchFileException e) {
        throw new UsageException("cannot write --json: no such folder: " + json.getParent());
      }
    }
    return 0;
  }

  private interface Reader<T> {
    T read() throws IOException;
  }

  private static <T> T read(Reader<T> reader, String option, Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new UsageException("cannot read " + option + ": no such file: " + path);
    }
    return reader.read();
  }

  private static Set<EventClass> classes(List<String> labels, String option) {
    Set<EventClass> out = EnumSet.noneOf(EventClass.class);
    for (String s : labels) {
      try {
        out.add(EventClass.fromLabel(s.trim()));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "invalid value for "
                + option
                + ": expected write-management, read-management or data, got "
                + s);
      }
    }
    return out;
  }

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT15M}). */
  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.length() >= 2) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        switch (s.charAt(s.length() - 1)) {
          case 's':
            return Duration.ofSeconds(n);
          case 'm':
            return Duration.ofMinutes(n);
          case 'h':
            return Duration.ofHours(n);
          case 'd':
            return Duration.ofDays(n);
          default:
            break;
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below
    }
    throw new UsageException(
        "invalid value for --slack: expected a duration like 90s, 15m, 1h or PT15M, got " + text);
  }
}
