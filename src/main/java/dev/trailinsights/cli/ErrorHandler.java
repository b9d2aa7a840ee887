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

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
  }
}
