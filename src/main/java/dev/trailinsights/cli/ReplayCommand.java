package dev.trailinsights.cli;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.InputException;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replay PATH...}: CloudTrail files through the detection core, no Kafka. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Runs CloudTrail files through the detector offline and writes AWS-format Insights events"
          + " as JSON lines; a summary goes to stderr.",
      "Reads .json, .json.gz, .jsonl and .ndjson files and folders (recursively, in sorted"
          + " order): bare records, {\"Records\":[...]} trail files and EventBridge events;"
          + " '-' or /dev/stdin reads standard input. A damaged record is reported and reading"
          + " goes on at the next record or line."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every record of every file was read",
      "1:something was not analysed: a bad record, a file or folder that could not be read, or"
          + " a file cut at input.max-file-mib (all listed in the summary, whose last line says"
          + " so)",
      "2:bad usage or configuration"
    })
final class ReplayCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "CloudTrail files or folders.")
  List<Path> paths;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write Insights events (default: stdout).")
  Path output;

  @Option(
      names = "--eventbridge",
      description =
          "Wrap each Insights event as an EventBridge 'AWS Insight via CloudTrail' event.")
  boolean eventBridge;

  @Option(
      names = "--show-bad",
      paramLabel = "N",
      defaultValue = "20",
      description = "Bad records listed with their file and line in the summary (default 20).")
  int showBad;

  @Mixin DetectionOptions detection;

  @Override
  public Integer call() throws IOException {
    if (showBad < 0) {
      throw new UsageException("--show-bad must be 0 or more, got " + showBad);
    }
    DetectorConfig config = detection.toConfig();
    OutputStream target = output == null ? System.out : Files.newOutputStream(output);
    Replay replay;
    try (OutputStream out = new BufferedOutputStream(target, 1 << 16)) {
      replay = new Replay(config, e -> write(out, e), showBad).run(paths);
      out.flush();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (InputException e) {
      throw new UsageException(e.getMessage()); // a path that does not exist
    }
    replay.printSummary(System.err);
    return replay.complete() ? 0 : 1;
  }

  private void write(OutputStream out, InsightEvent e) {
    try {
      out.write(eventBridge ? InsightJson.toEventBridgeBytes(e) : InsightJson.toBytes(e));
      out.write('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
