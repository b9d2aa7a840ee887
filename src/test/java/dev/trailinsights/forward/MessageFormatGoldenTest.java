package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailinsights.insight.InsightEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact bodies of every chat and alert format, compared with golden files under {@code
 * src/test/resources/forward/}. Run with {@code -Dforward.golden.update=true} to rewrite them after
 * an intended change, then review the diff.
 */
class MessageFormatGoldenTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");
  private static final Instant NOW = Instant.parse("2026-03-02T14:08:13Z");

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "slack, start",
    "slack, end",
    "slack, error",
    "slack, hostile",
    "teams, start",
    "teams, end",
    "teams, hostile",
    "alertmanager, start",
    "alertmanager, end",
    "alertmanager, error"
  })
  void shouldFormatExactlyAsTheGoldenFile(String type, String which) throws IOException {
    DestinationSpec spec = Insights.spec("d", DestinationType.of(type), "http://127.0.0.1:9/hook");
    InsightEvent e =
        switch (which) {
          case "start" -> Insights.start("0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40", T);
          case "end" -> Insights.end("5f0e2c71-9d3a-4b8e-a6c4-1e7d9b2f3a58", T, 125);
          case "error" ->
              Insights.errorRate("9a0e2c71-9d3a-4b8e-a6c4-1e7d9b2f3a58", T, "AccessDenied");
          default -> Insights.hostile("1b2c3d4e-0000-4000-8000-000000000001", T);
        };
    OutboundRequest out = MessageFormat.of(spec).format(e, new byte[0], NOW);
    String actual = JSON.writeValueAsString(JSON.readTree(out.body())).replace("\r\n", "\n") + "\n";
    String resource = "/forward/" + type + "-" + which + ".json";
    if (Boolean.getBoolean("forward.golden.update")) {
      Path p = Path.of("src/test/resources" + resource);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual);
    }
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      assertThat(in).as("golden file %s", resource).isNotNull();
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      JsonNode a = JSON.readTree(actual);
      assertThat(a).isEqualTo(JSON.readTree(expected));
      assertThat(actual).isEqualTo(expected);
    }
  }
}
