package dev.trailinsights.cli;

import dev.trailinsights.integrity.DigestFiles;
import dev.trailinsights.integrity.InsightLines;
import dev.trailinsights.integrity.Keys;
import dev.trailinsights.integrity.Verifier;
import dev.trailinsights.integrity.VerifyReport;
import dev.trailinsights.runtime.IntegritySettings;
import dev.trailinsights.runtime.IntegrityTopics;
import dev.trailinsights.runtime.RunSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify}: checks Insights records against their signed digests with only public keys, like
 * {@code aws cloudtrail validate-logs}.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks Insights records against their signed digests with only the public key(s), and"
          + " reports per digest interval: valid, or modified, deleted, inserted or reordered"
          + " records, a broken chain, a bad signature, a missing interval, a chain cut at its"
          + " start.",
      "Records come from --insights FILE (JSON lines, as replay writes them) or else from the"
          + " cluster's topics.output topic; digests from --digests DIR (as replay --digest"
          + " writes them) or else from the cluster's topics.digests topic. Topics are read to"
          + " their current end, committed records only. Records written after their chain's"
          + " newest digest are counted as pending: the next digest proves them."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything read is proven by a valid digest (pending records aside)",
      "1:tampering or damage found (listed), or the cluster could not be read",
      "2:bad usage: a missing or unreadable key, file or folder, or a bad setting"
    })
final class VerifyCommand implements Callable<Integer> {
  @Option(
      names = "--insights",
      paramLabel = "FILE",
      description = "Insights records as JSON lines (default: the topics.output topic).")
  Path insights;

  @Option(
      names = "--digests",
      paramLabel = "DIR",
      description = "Folder of digest files (default: the topics.digests topic).")
  Path digests;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      required = true,
      description =
          "PEM public key (BEGIN PUBLIC KEY) whose digests are accepted; repeat it for the keys"
              + " before and after a rotation.")
  List<Path> publicKeys;

  @Option(names = "--json", description = "Write the report as one JSON object.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT5M",
      description = "How long reading each topic may take (ISO-8601, default PT5M).")
  Duration timeout;

  @Mixin RunCommand.ClusterOptions cluster;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<PublicKey> keys = new ArrayList<>();
    for (Path p : publicKeys) {
      String pem;
      try {
        if (Files.size(p) > 1 << 20) {
          throw new UsageException("--public-key " + p + " is larger than 1 MiB");
        }
        pem = Files.readString(p);
      } catch (IOException e) {
        throw new UsageException("--public-key " + p + " cannot be read");
      }
      keys.addAll(Keys.publicKeys(pem, "--public-key " + p));
    }
    List<Verifier.Insight> records;
    List<Verifier.DigestInput> digestInputs;
    RunSettings.Loaded settings =
        insights == null || digests == null ? cluster.load(Map.of()) : null;
    Map<String, Object> client = settings == null ? Map.of() : client(settings);
    if (insights != null) {
      try {
        records = InsightLines.read(insights);
      } catch (IOException e) {
        throw new UsageException("--insights " + insights + " cannot be read: " + e.getMessage());
      }
    } else {
      records = IntegrityTopics.insights(client, settings.get(RunSettings.OUTPUT), timeout);
    }
    if (digests != null) {
      if (!Files.isDirectory(digests)) {
        throw new UsageException("--digests " + digests + " is not a folder");
      }
      try {
        digestInputs = DigestFiles.read(digests);
      } catch (IOException e) {
        throw new UsageException("--digests " + digests + " cannot be read: " + e.getMessage());
      }
    } else {
      digestInputs =
          IntegrityTopics.digests(client, settings.get(IntegritySettings.TOPIC), timeout);
    }
    VerifyReport report = new Verifier(keys).verify(records, digestInputs);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.json() + "\n" : report.text());
    out.flush();
    return report.valid() ? 0 : 1;
  }

  private static Map<String, Object> client(RunSettings.Loaded s) {
    Map<String, Object> p = new HashMap<>(s.client().asMap());
    p.put("bootstrap.servers", s.requireBootstrap());
    return p;
  }
}
