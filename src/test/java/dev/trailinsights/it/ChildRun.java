package dev.trailinsights.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code trail-insights run} in a child JVM on this test run's classpath, so that a test can kill
 * it as the operating system would ({@link #kill()} is SIGKILL on Linux) or watch it run out of
 * heap. Its standard output and error go to a file.
 */
final class ChildRun implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code run} with {@code settings} ({@code --set key=value} each), {@code env} added to
   * this process's environment, and {@code jvmFlags}.
   *
   * @param log file receiving standard output and error
   */
  static ChildRun start(
      String bootstrap,
      String applicationId,
      Map<String, String> settings,
      Map<String, String> env,
      List<String> jvmFlags,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.trailinsights.cli.Main");
    command.add("run");
    command.add("--application-id");
    command.add(applicationId);
    settings.forEach(
        (k, v) -> {
          command.add("--set");
          command.add(k + "=" + v);
        });
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return new ChildRun(pb.start(), log);
  }

  /** Whether the process is still alive. */
  boolean alive() {
    return process.isAlive();
  }

  /** Its exit code, after waiting at most {@code timeout}; null when still running. */
  Integer exitCode(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** Kills it at once (SIGKILL on Linux: no shutdown hook, no commit, no leaving the group). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Process id, for {@code ps}. */
  long pid() {
    return process.pid();
  }

  /** What it printed so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Resident set size in KiB from /proc, or -1 when unknown. */
  long residentKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
