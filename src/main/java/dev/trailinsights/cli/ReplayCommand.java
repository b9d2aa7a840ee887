package dev.trailinsights.cli;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.InputException;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.integrity.DigestSigner;
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

  @Option(
      names = "--digest",
      paramLabel = "DIR",
      description =
          "Also write signed digests of the output into DIR (one chain 'replay', intervals of"
              + " the insights' event time), for verify --digests DIR; needs --signing-key.")
  Path digestDir;

  @Option(
      names = "--signing-key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key (RSA or Ed25519) that signs the --digest digests.")
  Path signingKey;

  @Option(
      names = "--digest-interval",
      paramLabel = "DURATION",
      defaultValue = "PT1H",
      description = "Interval of the --digest digests (ISO-8601, default PT1H).")
  java.time.Duration digestInterval;

  @Mixin DetectionOptions detection;

  @Override
  public Integer call() throws IOException {
    if (showBad < 0) {
      throw new UsageException("--show-bad must be 0 or more, got " + showBad);
    }
    DetectorConfig config = detection.toConfig();
    ReplayDigests digests = digests();
    OutputStream target = output == null ? System.out : Files.newOutputStream(output);
    Replay replay;
    try (OutputStream out = new BufferedOutputStream(target, 1 << 16)) {
      replay = new Replay(config, e -> write(out, e, digests), showBad).run(paths);
      out.flush();
      if (digests != null) {
        digests.finish();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (InputException e) {
      throw new UsageException(e.getMessage()); // a path that does not exist
    }
    replay.printSummary(System.err);
    if (digests != null) {
      System.err.println(digests.summary());
    }
    return replay.complete() ? 0 : 1;
  }

  private ReplayDigests digests() {
    if (digestDir == null) {
      if (signingKey != null) {
        throw new UsageException("--signing-key is for --digest DIR");
      }
      return null;
    }
    if (signingKey == null) {
      throw new UsageException("--digest needs --signing-key FILE");
    }
    if (digestInterval.toMillis() < 1000 || digestInterval.toDays() > 1) {
      throw new UsageException("--digest-interval must be from PT1S to P1D, got " + digestInterval);
    }
    String pem;
    try {
      if (Files.size(signingKey) > 64 * 1024) {
        throw new UsageException("--signing-key " + signingKey + " is larger than a PEM key");
      }
      pem = Files.readString(signingKey);
    } catch (IOException e) {
      throw new UsageException("--signing-key " + signingKey + " cannot be read");
    }
    return new ReplayDigests(
        digestDir, digestInterval, DigestSigner.fromPem(pem, "--signing-key " + signingKey));
  }

  private void write(OutputStream out, InsightEvent e, ReplayDigests digests) {
    try {
      byte[] bytes = eventBridge ? InsightJson.toEventBridgeBytes(e) : InsightJson.toBytes(e);
      out.write(bytes);
      out.write('\n');
      if (digests != null) {
        digests.add(e, bytes);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
