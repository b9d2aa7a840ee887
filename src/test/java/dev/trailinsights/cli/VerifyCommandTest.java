package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.integrity.TestKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code replay --digest} then {@code verify}, as an auditor runs them. */
class VerifyCommandTest {
  private static final KeyPair KEY = TestKeys.generate("RSA");

  @TempDir Path dir;
  private Path insights;
  private Path digests;
  private Path publicKey;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @BeforeEach
  void replayWithDigests() throws Exception {
    Path input = dir.resolve("trail.jsonl");
    Files.write(
        input,
        Scenario.steadyThenBurst(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(2), 2, 60));
    Path privateKey = Files.writeString(dir.resolve("key.pem"), TestKeys.privatePem(KEY));
    publicKey = Files.writeString(dir.resolve("key.pub.pem"), TestKeys.publicPem(KEY));
    insights = dir.resolve("insights.jsonl");
    digests = dir.resolve("digests");
    int code =
        run(
            "replay",
            input.toString(),
            "-o",
            insights.toString(),
            "--digest",
            digests.toString(),
            "--signing-key",
            privateKey.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllLines(insights)).isNotEmpty();
    out.getBuffer().setLength(0);
  }

  private int verify(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "verify",
                "--insights",
                insights.toString(),
                "--digests",
                digests.toString(),
                "--public-key",
                publicKey.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void shouldVerifyAnUntouchedReplayAndExitZero() {
    assertThat(verify()).as(out + err.toString()).isZero();
    assertThat(out.toString()).contains("chain replay").contains("valid").endsWith("VALID\n");
  }

  @Test
  void shouldNameAChangedByteAndExitOne() throws Exception {
    List<String> lines = Files.readAllLines(insights);
    lines.set(0, lines.get(0).replaceFirst("\"Start\"", "\"start\""));
    Files.write(insights, lines);
    assertThat(verify("--json")).isEqualTo(1);
    var report = new ObjectMapper().readTree(out.toString());
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("problemCounts").get("modified").asInt()).isEqualTo(1);
    assertThat(report.get("problems").get(0).get("kind").asText()).isEqualTo("modified");
  }

  @Test
  void shouldRejectDigestsOfAnotherKey() throws Exception {
    Files.writeString(publicKey, TestKeys.publicPem(TestKeys.generate("Ed25519")));
    assertThat(verify()).isEqualTo(1);
    assertThat(out.toString()).contains("bad-signature").contains("TAMPERING FOUND");
  }

  @Test
  void shouldStopWithUsageErrorsWithoutAKeyOrWithAPrivateKey() throws Exception {
    assertThat(run("verify", "--insights", insights.toString(), "--digests", digests.toString()))
        .isEqualTo(2);
    Files.writeString(publicKey, TestKeys.privatePem(KEY), StandardCharsets.UTF_8);
    assertThat(verify()).isEqualTo(2);
    assertThat(err.toString()).contains("holds a private key").doesNotContain("MII");
  }

  @Test
  void shouldRefuseADigestFolderWithoutASigningKey() {
    assertThat(run("replay", insights.toString(), "--digest", dir.resolve("d").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--digest needs --signing-key FILE");
  }
}
