package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.topology.TopologyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md, the alert rules and the dashboard agree with the meters an instance registers:
 * every project metric documented, nothing documented or queried that does not exist, and only
 * bounded tags.
 */
class MetricsCatalogTest {
  private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `(trail_insights_[a-z_]+)` \\|");
  private static final Pattern USED = Pattern.compile("trail_insights_[a-z_]+");
  private static final Pattern TYPE_LINE =
      Pattern.compile("(?m)^# TYPE (trail_insights_[a-z_]+) (\\w+)$");
  private static final Pattern LABELS = Pattern.compile("(?m)^trail_insights_[a-z_]+\\{([^}]*)\\}");
  private static final Set<String> BOUNDED_TAGS =
      Set.of(
          "category", "outcome", "reason", "type", "state", "endpoint", "le", "partition", "topic");

  /** Registered per input partition once a parse task has read from it: not in a bare scrape. */
  private static final Set<String> PER_INPUT_PARTITION =
      Set.of("trail_insights_input_progress_seconds");

  @TempDir Path stateDir;

  private String scrape() {
    InsightsApp app =
        new InsightsApp(
            InsightsApp.streamsProperties(
                "catalog-test",
                "127.0.0.1:1",
                TopologyOptions.defaults(),
                Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())),
            TopologyOptions.defaults(),
            DetectorConfig.builder().build(),
            dev.trailinsights.topology.LatencyRecorder.NONE);
    try (app;
        Observability obs = new Observability()) {
      obs.attach(app);
      obs.bind(
          new RetentionMetrics(
              dev.trailinsights.runtime.RetentionCheck.shortByTopic(java.util.List.of())));
      int port = obs.serve("127.0.0.1", 0);
      dev.trailinsights.console.Console.register(
          obs,
          DetectorConfig.builder().build(),
          TopologyOptions.DEFAULT_HISTORY_RETENTION,
          "127.0.0.1:" + port);
      obs.latency().eventLag(1_000);
      obs.latency().detectionDelay(200);
      return obs.prometheusRegistry().scrape();
    }
  }

  private static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = DOC_ROW.matcher(Files.readString(Path.of("docs/metrics.md")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Set<String> used(Path file) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = USED.matcher(Files.readString(file));
    while (m.find()) {
      names.add(m.group().replaceFirst("_(bucket|count|sum|max)$", ""));
    }
    return names;
  }

  @Test
  void shouldDocumentExactlyTheMetricsAnInstanceRegisters() throws IOException {
    Set<String> registered = new TreeSet<>();
    Matcher m = TYPE_LINE.matcher(scrape());
    while (m.find()) {
      if (!m.group(1).endsWith("_max")) {
        registered.add(m.group(1));
      }
    }

    assertThat(registered).hasSizeGreaterThan(15);
    registered.addAll(PER_INPUT_PARTITION);
    assertThat(documented()).isEqualTo(registered);
  }

  @Test
  void shouldQueryOnlyDocumentedMetricsInRulesAndDashboard() throws IOException {
    Set<String> documented = documented();

    assertThat(used(Path.of("docker/observability/prometheus/rules.yml")))
        .isNotEmpty()
        .isSubsetOf(documented);
    assertThat(used(Path.of("docker/observability/prometheus/rules-test.yml")))
        .isSubsetOf(documented);
    assertThat(used(Path.of("docker/observability/grafana/trail-insights.json")))
        .hasSizeGreaterThan(10)
        .isSubsetOf(documented);
  }

  @Test
  void shouldTagProjectMetricsWithBoundedTagsOnly() {
    Set<String> tags = new TreeSet<>();
    Matcher m = LABELS.matcher(scrape());
    while (m.find()) {
      for (String pair : m.group(1).split(",")) {
        tags.add(pair.substring(0, pair.indexOf('=')));
      }
    }

    assertThat(tags).isNotEmpty().isSubsetOf(BOUNDED_TAGS);
  }

  @Test
  void shouldDescribeEveryProjectMetric() {
    String text = scrape();
    Matcher m = TYPE_LINE.matcher(text);
    while (m.find()) {
      String family = m.group(1).replaceFirst("_total$", "");
      assertThat(text).containsPattern("(?m)^# HELP " + family + "(_total)? \\S");
    }
  }
}
