package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.TestKeys;
import dev.trailinsights.integrity.Verifier;
import dev.trailinsights.integrity.VerifyReport;
import dev.trailinsights.runtime.IntegrityTopics;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code run} instances in child JVMs writing signed digests every 2 s; one is killed with
 * SIGKILL mid-stream (its tasks fail over to the other) and started again on its state directory
 * (the tasks come back). Read from the topics afterwards, every chain verifies clean from its first
 * digest: no interval skipped or repeated, every insight proven by a digest.
 */
class IntegrityIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  @TempDir Path dir;

  @Test
  void shouldVerifyCleanAcrossAFailOverAndARestartOfOneOfTwoInstances() throws Exception {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 11);
    DetectorConfig config = TrailScenario.detection(base);
    int expected = OfflineReference.json(config, OfflineReference.values(scenario.all())).size();
    List<TrailScenario.Message> messages = scenario.messages();
    int cut1 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.CALL_BURST));
    int cut2 = scenario.firstIndexAt(TrailScenario.judgedBy(TrailScenario.ERROR_BURST));
    LiveRun run = new LiveRun(kafka, 4, config);
    String digests = kafka.uniqueTopic("cloudtrail-insights-digests");
    KeyPair key = TestKeys.generate("Ed25519");
    Path keyFile = Files.writeString(dir.resolve("signing.pem"), TestKeys.privatePem(key));

    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("topics.input", run.topics().inputTopic());
    settings.put("topics.output", run.topics().outputTopic());
    settings.put("topics.dead-letter", run.topics().deadLetterTopic());
    settings.put("topics.history", run.topics().historyTopic());
    settings.put("topics.digests", digests);
    settings.put("topics.partitions", "2");
    settings.put("integrity.digest-interval", "2s");
    settings.put("integrity.signing-key-file", keyFile.toString());
    settings.put("detection.trail-start", Instant.ofEpochMilli(base).toString());
    settings.put("detection.min-baseline", "1h");
    settings.put("http.port", "0");
    settings.put("http.bind-address", "127.0.0.1");
    Map<String, String> env =
        Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

    try (ChildRun a = child("a", settings, env, run);
        ChildRun b = child("b", settings, env, run)) {
      run.produce(messages.subList(0, cut1));
      LiveRun.await(
          () -> anyOutput(run),
          Duration.ofSeconds(150),
          () -> "no insight yet: " + a.output() + b.output());
      assertThat(a.output()).contains("integrity: digests to " + digests);
      run.produce(messages.subList(cut1, cut2));
      Thread.sleep(300);
      b.kill();
      System.out.println("IntegrityIT: b killed at " + run.progress());
      Thread.sleep(9000); // past the session timeout: b's tasks move to a
      try (ChildRun again = child("b", settings, env, run)) {
        Thread.sleep(9000); // the tasks come back to b
        run.produce(messages.subList(cut2, messages.size()));
        run.produce(scenario.ticks());
        run.awaitDrained(Duration.ofSeconds(180));
        Thread.sleep(5000); // two intervals: every chain closes what it wrote
        assertThat(a.alive()).as(a.output()).isTrue();
        assertThat(again.alive()).as(again.output()).isTrue();

        Map<String, Object> client = new HashMap<>();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        List<Verifier.Insight> insights =
            IntegrityTopics.insights(client, run.topics().outputTopic(), Duration.ofSeconds(60));
        List<Verifier.DigestInput> inputs =
            IntegrityTopics.digests(client, digests, Duration.ofSeconds(60));
        VerifyReport report = new Verifier(List.of(key.getPublic())).verify(insights, inputs);
        System.out.println("IntegrityIT: " + report.intervals().size() + " digests");

        assertThat(report.problems()).as(report.text()).isEmpty();
        assertThat(insights).hasSize(expected);
        assertThat(report.validInsights()).isEqualTo(expected);
        assertThat(report.pending()).isZero();
        // one chain per detector task, each from sequence 0 without a gap or a repeat
        Map<String, List<Long>> chains =
            report.intervals().stream()
                .collect(
                    Collectors.groupingBy(
                        VerifyReport.Interval::chain,
                        Collectors.mapping(VerifyReport.Interval::sequence, Collectors.toList())));
        assertThat(chains).hasSize(4);
        chains.forEach(
            (chain, seqs) ->
                assertThat(seqs.stream().sorted().toList())
                    .as(chain)
                    .isEqualTo(java.util.stream.LongStream.range(0, seqs.size()).boxed().toList()));
        // the verify command reads the same topics and agrees
        Path pub = Files.writeString(dir.resolve("signing.pub.pem"), TestKeys.publicPem(key));
        java.io.StringWriter verifyOut = new java.io.StringWriter();
        picocli.CommandLine cl = dev.trailinsights.cli.Main.newCommandLine();
        cl.setOut(new java.io.PrintWriter(verifyOut, true));
        int code =
            cl.execute(
                "verify",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--set",
                "topics.output=" + run.topics().outputTopic(),
                "--set",
                "topics.digests=" + digests,
                "--public-key",
                pub.toString());
        assertThat(code).as(verifyOut.toString()).isZero();
        assertThat(verifyOut.toString()).endsWith("VALID\n");

        // the console of the surviving instance marks every insight as proven
        java.util.regex.Matcher port =
            java.util.regex.Pattern.compile("HTTP on 127\\.0\\.0\\.1:(\\d+):").matcher(a.output());
        assertThat(port.find()).as(a.output()).isTrue();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri =
            java.net.URI.create(
                "http://127.0.0.1:" + port.group(1) + "/api/v1/insights?limit=1000");
        LiveRun.await(
            () -> {
              try {
                var body =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                            http.send(
                                    java.net.http.HttpRequest.newBuilder(uri).build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                                .body());
                List<String> states = new java.util.ArrayList<>();
                body.get("insights").forEach(i -> states.add(i.get("integrity").asText()));
                return !states.isEmpty() && states.stream().allMatch("proven"::equals);
              } catch (Exception e) {
                return false;
              }
            },
            Duration.ofSeconds(60),
            () -> "the console does not show every insight proven");
        assertThat(
                inputs.stream()
                    .map(i -> Digest.parse(i.bytes()).keyFingerprint())
                    .distinct()
                    .toList())
            .hasSize(1);
      }
    }
  }

  /** Whether the output topic holds a record; false also when reading it took too long. */
  private static boolean anyOutput(LiveRun run) {
    try {
      return !kafka.consumeAll(run.topics().outputTopic(), 0, Duration.ofSeconds(2)).isEmpty();
    } catch (AssertionError slow) {
      return false; // not caught up within the time on a loaded machine: ask again
    }
  }

  private ChildRun child(
      String name, Map<String, String> settings, Map<String, String> env, LiveRun run)
      throws Exception {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put("streams.state-dir", dir.resolve("state-" + name).toString());
    return ChildRun.start(
        kafka.bootstrapServers(),
        run.applicationId(),
        s,
        env,
        List.of("-Xmx256m"),
        dir.resolve(name + "-" + System.nanoTime() + ".log"));
  }
}
