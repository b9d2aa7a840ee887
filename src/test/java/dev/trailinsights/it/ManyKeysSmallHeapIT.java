package dev.trailinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many API keys through {@code run} in a child JVM with a heap too small for them and the flag the
 * chart sets ({@code -XX:+ExitOnOutOfMemoryError}). It must end in one of the two documented ways:
 * it processes everything and stays up, or it exits non-zero at once with the JVM's one line {@code
 * Terminating due to java.lang.OutOfMemoryError}. Never a live process that does nothing.
 */
class ManyKeysSmallHeapIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final int KEYS = 40_000;
  private static final int EVENTS_PER_KEY = 3;

  @TempDir Path dir;

  @Test
  void shouldEitherKeepUpOrExitAtOnceWhenTheHeapRunsOut() throws Exception {
    String input = kafka.createTopic(kafka.uniqueTopic("cloudtrail-events"), 4);
    String output = kafka.uniqueTopic("cloudtrail-insights");
    String app = kafka.uniqueTopic("trail-insights-heap");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("topics.input", input);
    settings.put("topics.output", output);
    settings.put("topics.dead-letter", kafka.uniqueTopic("cloudtrail-events-dlq"));
    settings.put("topics.history", kafka.uniqueTopic("cloudtrail-insights-history"));
    settings.put("topics.partitions", "4");
    settings.put("http.port", "0");
    settings.put("http.bind-address", "127.0.0.1");
    settings.put("streams.state-dir", dir.resolve("state").toString());
    long base = TrailScenario.recentBase(3);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int e = 0; e < EVENTS_PER_KEY; e++) {
      for (int k = 0; k < KEYS; k++) {
        String account = String.format("%012d", 100_000_000_000L + k % 8);
        String api = "ec2.amazonaws.com:Describe" + k;
        byte[] value =
            TrailScenario.cloudTrailRecord(
                    base + e * 60_000L + k % 60_000,
                    account,
                    "us-east-1",
                    api,
                    "arn:aws:iam::" + account + ":user/u" + (k % 50),
                    "aws-cli/2.15.0",
                    null,
                    false,
                    "id-" + e + "-" + k)
                .getBytes(StandardCharsets.UTF_8);
        records.add(
            new ProducerRecord<>(
                input, (account + "|us-east-1").getBytes(StandardCharsets.UTF_8), value));
      }
    }
    kafka.produce(input, records);
    Map<String, String> env = Map.of();

    try (ChildRun child =
        ChildRun.start(
            kafka.bootstrapServers(),
            app,
            settings,
            env,
            List.of("-Xmx80m", "-XX:+ExitOnOutOfMemoryError"),
            dir.resolve("run.log"))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      boolean drained = false;
      long peakKib = 0;
      while (System.nanoTime() < deadline && child.alive()) {
        peakKib = Math.max(peakKib, child.residentKib());
        drained = LiveRun.committedToEnd(kafka.adminClient(), app, List.of(input));
        if (drained) {
          break;
        }
        Thread.sleep(1000);
      }
      Integer exit = child.exitCode(Duration.ofSeconds(5));
      System.out.println(
          "ManyKeysSmallHeapIT: keys="
              + KEYS
              + " drained="
              + drained
              + " exit="
              + exit
              + " peakRssKiB="
              + peakKib);
      if (exit != null) {
        assertThat(exit).as(child.output()).isNotZero();
        assertThat(child.output()).contains("Terminating due to java.lang.OutOfMemoryError");
      } else {
        assertThat(drained).as("alive but did not process its input: " + child.output()).isTrue();
      }
    }
  }
}
