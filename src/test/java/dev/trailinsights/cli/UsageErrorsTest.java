package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression suite of bad flags and configurations found by hostile testing: each stops with exit
 * code 2 and exactly one line that names the flag or key, before any connection, with no stack
 * trace and no fragment of a secret. The large inputs are generated here, not committed.
 */
class UsageErrorsTest {
  private static final String SECRET = "ss-S3cr3t-pw";
  private static final String[] OFFLINE = {
    "--bootstrap-servers",
    "127.0.0.1:1",
    "--set",
    "http.port=0",
    "--set",
    "kafka.startup-timeout=2s"
  };

  @TempDir static Path dir;
  private static Path forwardConfig;
  private static Path aliasConfig;
  private static Path hugeConfig;
  private static Path shortToken;

  @BeforeAll
  static void files() throws IOException {
    forwardConfig = dir.resolve("forward.yaml");
    Files.writeString(
        forwardConfig,
        "destinations:\n  am: {type: alertmanager, url: \"http://127.0.0.1:9\"}\n"
            + "default-route: {destinations: [am]}\n");
    aliasConfig = dir.resolve("alias.yaml");
    Files.writeString(aliasConfig, "detection:\n  sensitivity: &s low\n  min-count: *s\n");
    shortToken = Files.writeString(dir.resolve("console-token"), "S3cr3t\n");
    hugeConfig = dir.resolve("huge.yaml");
    Files.writeString(hugeConfig, "detection.sensitivity: " + "x".repeat(10 << 20) + "\n");
  }

  private static String[] run(String... args) {
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(List.of(OFFLINE));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  static Stream<Arguments> cases() {
    String fwd = "--config=" + forwardConfig;
    return Stream.of(
        Arguments.of(new String[] {"run", "--bogus"}, "--bogus"),
        Arguments.of(new String[] {"run", "--set", "k"}, "--set"),
        Arguments.of(run("--set", "=5"), "--set =5"),
        Arguments.of(new String[] {"replay", "--show-bad", "-1", "x.json"}, "--show-bad"),
        Arguments.of(new String[] {"replay", "--show-bad", "x", "x.json"}, "--show-bad"),
        Arguments.of(run("--set", "http.bind-address=999.999.999.999"), "http.bind-address"),
        Arguments.of(run("--set", "http.advertised-address=host:0"), "http.advertised-address"),
        Arguments.of(run("--set", "streams.state-dir=/dev/null"), "streams.state-dir"),
        Arguments.of(run("--kafka", "acks=maybe"), "acks"),
        Arguments.of(
            run("--set", "http.auth-token-file=" + dir.resolve("no-such-token")),
            "http.auth-token-file"),
        Arguments.of(
            run("--set", "http.auth-token-file=" + shortToken), "invalid console token in"),
        Arguments.of(
            run(
                "--kafka",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + SECRET
                    + ";"),
            "sasl.jaas.config"),
        Arguments.of(
            run(
                "--kafka",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                    + SECRET
                    + " password=\"x\";"),
            "sasl.jaas.config"),
        Arguments.of(run("--config", aliasConfig.toString()), "alias *s"),
        Arguments.of(run("--config", hugeConfig.toString()), "larger than 1 MiB"),
        Arguments.of(run("--config", "/dev/zero"), "/dev/zero"),
        Arguments.of(
            new String[] {"forward", fwd, "--bootstrap-servers", "x:1", "--http-port", "70000"},
            "--http-port"),
        Arguments.of(
            new String[] {"forward", fwd, "--bootstrap-servers", "x:1", "--group", ""}, "--group"),
        Arguments.of(
            new String[] {"forward", fwd, "--bootstrap-servers", "not a host"},
            "--bootstrap-servers"),
        Arguments.of(
            new String[] {"forward", "--config", "/dev/zero", "--bootstrap-servers", "x:1"},
            "/dev/zero"),
        Arguments.of(new String[] {"forward", fwd, "--bogus"}, "--bogus"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void shouldStopWithOneLineNamingTheFlagOrKey(String[] args, String names) {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    picocli.CommandLine cl = Main.newCommandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));

    int code = cl.execute(args);

    String text = err.toString();
    assertThat(code).as(text).isEqualTo(2);
    assertThat(text.lines()).as(text).hasSize(1);
    assertThat(text)
        .startsWith("trail-insights: ")
        .contains(names)
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("S3cr3t")
        .doesNotContain("Usage:");
    assertThat(out.toString()).isEmpty();
  }
}
