package dev.trailinsights.cli;

import dev.trailinsights.event.InputException;
import dev.trailinsights.event.TrailMessages;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.runtime.TrailLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code load PATH...}: CloudTrail files into the input topic, one message per record, for trying
 * {@code run} on real history.
 *
 * <p>Messages carry no key unless {@code --key account-region} asks for one. The topology re-keys
 * every record itself, so the input's key only decides the partition: without a key the producer's
 * partitioner fills large batches and spreads them over every partition, so every stream thread
 * gets work even when one account and region carries most of the traffic (as in most organisations,
 * and as with S3 notifications, connectors and EventBridge, which do not key by account). A key
 * that spreads evenly (an event id, say) would do the same with smaller batches and bigger
 * messages, for nothing the topology uses. Configuration as {@link RunCommand}: defaults &lt;
 * {@code --config} &lt; environment &lt; flags.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Writes CloudTrail files into a Kafka topic (default cloudtrail-events): one message per"
          + " record of {\"Records\":[...]} trail files (the record's bytes as in the file), per"
          + " line of JSON lines files, per EventBridge event; gzip is read by its magic bytes."
          + " Messages carry no key by default, so the producer spreads them over every"
          + " partition in large batches and every stream thread shares the work, even when one"
          + " account and region carries most of the traffic; --key account-region keys them"
          + " recipientAccountId|awsRegion instead, which keeps an account and region in one"
          + " partition in file order. A summary goes to stderr.",
      "",
      "Configuration as for run: defaults < --config file < environment (TRAIL_INSIGHTS_<KEY>,"
          + " KAFKA_<NAME>) < flags. The topic is created when missing unless topics.create is"
          + " false.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file was read and every message written",
      "1:a file or folder could not be read whole (or was cut at input.max-file-mib), a line"
          + " was too large to send, damaged JSON was sent to be dead-lettered, a message was"
          + " rejected, or the cluster failed",
      "2:bad usage or configuration"
    })
final class LoadCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "CloudTrail files or folders.")
  List<Path> paths;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Topic to write to (topics.input, default cloudtrail-events).")
  String topic;

  @Option(
      names = "--whole-files",
      description = "Send each file as one message instead of one message per record or line.")
  boolean wholeFiles;

  @Option(
      names = "--key",
      paramLabel = "MODE",
      defaultValue = "none",
      converter = KeyModeConverter.class,
      description =
          "none (default: no key, messages spread over every partition) or account-region"
              + " (keyed recipientAccountId|awsRegion: one partition per account and region).")
  TrailMessages.Keying key;

  @Mixin RunCommand.ClusterOptions cluster;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    EmbeddedKafka.quietBrokerLogs(); // Kafka clients' INFO logging is their configuration
    Map<String, String> flags = new LinkedHashMap<>();
    if (topic != null) {
      flags.put(RunSettings.INPUT.key(), topic);
    }
    TrailLoader.Config config = TrailLoader.Config.from(cluster.load(flags), key, wholeFiles);
    PrintWriter err = spec.commandLine().getErr();
    TrailLoader.Summary summary;
    try {
      summary = new TrailLoader(config).load(paths, err);
    } catch (InputException e) {
      throw new UsageException(e.getMessage()); // a path that does not exist
    }
    err.println(summary.topicOutcome().describe());
    err.println(summary.describe());
    err.flush();
    return summary.complete() ? 0 : 1;
  }

  /** {@code account-region} or {@code none}, in any case. */
  static final class KeyModeConverter implements CommandLine.ITypeConverter<TrailMessages.Keying> {
    @Override
    public TrailMessages.Keying convert(String value) {
      for (TrailMessages.Keying m : TrailMessages.Keying.values()) {
        if (m.name().replace('_', '-').equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected account-region or none, got '" + value + "'");
    }
  }
}
