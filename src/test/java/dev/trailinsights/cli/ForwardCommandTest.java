package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForwardCommandTest {
  record Result(int exitCode, String out, String err) {}

  @TempDir Path dir;

  static Result run(Map<String, String> env, String... args) {
    ForwardCommand command = new ForwardCommand();
    command.env = env;
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void shouldBeASubcommandOfMain() {
    assertThat(Main.newCommandLine().getSubcommands()).containsKey("forward");
  }

  @Test
  void shouldListItsOptionsInHelp() {
    Result r = run(Map.of(), "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("--config", "--bootstrap-servers", "--topic", "--group", "--dry-run")
        .contains("trail-insights-forward", "cloudtrail-insights");
  }

  @Test
  void shouldRequireAConfigFile() {
    Result r = run(Map.of());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--config");
  }

  @Test
  void shouldStopWithOneLineNamingTheKeyOfABadConfig() throws Exception {
    Path file = dir.resolve("forward.yaml");
    Files.writeString(
        file,
        """
        destinations:
          chat: {type: slack, url-env: CHAT_URL}
        default-route: {destinations: [chat]}
        """);

    Result r = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9"), "--config", file.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "trail-insights: "
                + file
                + ": destinations.chat.url-env: variable CHAT_URL is not set"
                + System.lineSeparator());
  }

  @Test
  void shouldRequireBootstrapServers() throws Exception {
    Path file = dir.resolve("forward.yaml");
    Files.writeString(
        file,
        """
        destinations:
          am: {type: alertmanager, url: "http://127.0.0.1:9093"}
        default-route: {destinations: [am]}
        """);

    Result r = run(Map.of(), "--config", file.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS is required");
  }
}
