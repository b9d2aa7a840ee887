package dev.trailinsights.cli;

import dev.trailinsights.workload.GenerationSummary;
import dev.trailinsights.workload.OutputFormat;
import dev.trailinsights.workload.WorkloadGenerator;
import dev.trailinsights.workload.WorkloadParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: synthetic CloudTrail traffic with injected, labelled anomalies. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes realistic multi-day CloudTrail traffic with injected, labelled anomalies:"
          + " trail log files (or JSON lines) and DIR/labels.json. The same seed gives the same"
          + " bytes.",
      "Files mode writes DIR/trail/<delivery time>/<account>_CloudTrail_<region>_..."
          + ".json.gz: sorting paths gives delivery order, so `replay DIR/trail` reads them as"
          + " CloudTrail delivered them."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write into (created if needed).")
  Path output;

  @Option(names = "--days", defaultValue = "7", description = "Days of traffic (default: 7).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: 42).")
  long seed;

  @Option(names = "--accounts", defaultValue = "3", description = "AWS accounts (default: 3).")
  int accounts;

  @Option(
      names = "--regions",
      defaultValue = "2",
      description = "Regions per account (default: 2).")
  int regions;

  @Option(
      names = "--apis",
      defaultValue = "150",
      description = "Distinct APIs in use (default: 150).")
  int apis;

  @Option(
      names = "--events-per-second",
      defaultValue = "20",
      description = "Mean events per second over the whole workload (default: 20).")
  double eventsPerSecond;

  @Option(
      names = "--anomalies",
      defaultValue = "40",
      description = "Injected, labelled anomalies (default: 40).")
  int anomalies;

  @Option(
      names = "--format",
      defaultValue = "files",
      description = "files (gzip trail log files) or jsonl (DIR/events.jsonl) (default: files).")
  String format;

  @Option(
      names = "--start",
      defaultValue = "2026-03-02T00:00:00Z",
      description = "Event time of the first minute, UTC (default: 2026-03-02T00:00:00Z).")
  String start;

  @Option(
      names = "--threads",
      description = "Worker threads; output does not depend on it (default: available cores).")
  Integer threads;

  @Option(
      names = "--force",
      description = "Replace a workload already in DIR (its trail/, events.jsonl, labels.json).")
  boolean force;

  @Override
  public Integer call() throws IOException {
    Instant startTime;
    try {
      startTime = Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "invalid value for --start: expected an ISO-8601 UTC time like 2026-03-02T00:00:00Z");
    }
    WorkloadParams params =
        new WorkloadParams(
            days,
            seed,
            accounts,
            regions,
            apis,
            eventsPerSecond,
            anomalies,
            OutputFormat.fromLabel(format),
            startTime);
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1 || workers > 256) {
      throw new UsageException("invalid value for --threads: expected 1..256");
    }
    prepare(output);
    GenerationSummary summary = new WorkloadGenerator(params).writeTo(output, workers);
    PrintWriter err = spec.commandLine().getErr();
    err.println("trail-insights generate: " + summary.describe());
    err.println(
        "trail-insights generate: labels in " + output.resolve(WorkloadGenerator.LABELS_FILE));
    err.flush();
    return 0;
  }

  private void prepare(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException("--output is not a folder: " + dir);
    }
    Path trail = dir.resolve(WorkloadGenerator.TRAIL_FOLDER);
    Path jsonl = dir.resolve(WorkloadGenerator.JSONL_FILE);
    Path labels = dir.resolve(WorkloadGenerator.LABELS_FILE);
    boolean existing = Files.exists(trail) || Files.exists(jsonl) || Files.exists(labels);
    if (!existing) {
      return;
    }
    if (!force) {
      throw new UsageException(
          "output folder already holds a workload: " + dir + " (use --force to replace it)");
    }
    Files.deleteIfExists(jsonl);
    Files.deleteIfExists(labels);
    if (Files.exists(trail)) {
      try (Stream<Path> walk = Files.walk(trail)) {
        walk.sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.delete(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
