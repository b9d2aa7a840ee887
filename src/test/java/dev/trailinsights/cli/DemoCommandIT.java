package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's first command: a broker, the topology and a feed in one process, insights out. */
class DemoCommandIT {
  @Test
  void shouldPrintInsightsAsJsonLinesAndTheBootstrapAddress() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.newCommandLine().execute("demo", "--duration", "80s", "--speed", "3000");
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }

    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .containsPattern("demo: Kafka broker at 127\\.0\\.0\\.1:\\d+");
    List<String> lines =
        Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
            .filter(l -> !l.isBlank())
            .toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      InsightEvent e = InsightJson.parse(line.getBytes(StandardCharsets.UTF_8));
      assertThat(e.sharedEventId()).isNotBlank();
    }
  }
}
