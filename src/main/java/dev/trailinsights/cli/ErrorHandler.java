package dev.trailinsights.cli;

import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr and an exit code: 2 for bad usage or configuration, 1
 * for a failure at run time. Stack traces only with {@code TRAIL_INSIGHTS_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    boolean usage = ex instanceof IllegalArgumentException || ex instanceof UsageException;
    cl.getErr().println("trail-insights: " + message(ex));
    if ("1".equals(System.getenv("TRAIL_INSIGHTS_DEBUG"))) {
      ex.printStackTrace(cl.getErr());
    }
    cl.getErr().flush();
    return usage ? 2 : 1;
  }

  /**
   * Usage errors picocli finds (unknown option, malformed or missing value): one line naming the
   * flag, with the closest option when there is one and where to find the usage, exit code 2; not
   * picocli's usage page.
   */
  static final class Usage implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      String m =
          message(ex).lines().findFirst().orElse("").strip().replace("option option", "option");
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        m += " (did you mean " + u.getSuggestions().get(0) + "?)";
      }
      cl.getErr()
          .println(
              "trail-insights: "
                  + m
                  + "; see '"
                  + cl.getCommandSpec().qualifiedName()
                  + " --help'");
      cl.getErr().flush();
      return 2;
    }
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
  }
}
