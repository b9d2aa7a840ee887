package dev.trailinsights.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code trail-insights.jar}: one subcommand per driver of the detection core. */
@Command(
    name = "trail-insights",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Self-hosted CloudTrail Insights: AWS-format Insights events from CloudTrail records.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      LoadCommand.class,
      IngestCommand.class,
      ScoreCommand.class,
      GenerateCommand.class,
      EvaluateCommand.class,
      ForwardCommand.class,
      VerifyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command line with every subcommand, exit codes: 0 success, 1 runtime failure, 2 usage. */
  public static CommandLine newCommandLine() {
    quietLibraries();
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler.Usage());
    return cl;
  }

  /**
   * Library log lines that are noise on a command line: Jetty's start and stop banners, and the
   * Kafka admin client's "Rebootstrapping" line, written thousands of times a second while no
   * broker answers. A {@code -Dorg.slf4j.simpleLogger.log.<name>} given by the user wins.
   */
  static void quietLibraries() {
    for (String logger :
        List.of(
            "org.eclipse.jetty", "org.apache.kafka.clients.admin.internals.AdminMetadataManager")) {
      String property = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(property) == null) {
        System.setProperty(property, "warn");
      }
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }
}
