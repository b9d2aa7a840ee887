package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana files of {@code docker/compose.yaml} as Grafana reads them, without a Grafana (it has
 * no Debian package): the provisioning files have the fields Grafana requires and point where the
 * compose file mounts the dashboards; the dashboard is a valid dashboard model whose every data
 * source resolves to the provisioned Prometheus; and every panel query, with Grafana's variables
 * substituted as Grafana does, parses with {@code promtool}.
 */
class GrafanaDashboardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path DASHBOARD = Path.of("docker/observability/grafana/trail-insights.json");
  private static final Path PROVISIONING = Path.of("docker/grafana/provisioning");
  private static final Path COMPOSE = Path.of("docker/compose.yaml");

  /** Grafana's built-in interval variables, as a 1-minute scrape resolves them. */
  private static final Map<String, String> BUILT_INS =
      Map.of("__rate_interval", "1m", "__interval", "1m", "__range", "1h");

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[a-z]+)?}|\\$([A-Za-z0-9_]+)");

  private static final Set<String> PANEL_TYPES =
      Set.of("row", "stat", "timeseries", "gauge", "bargauge", "table", "text", "heatmap");

  @Test
  void shouldProvisionThePrometheusDataSourceAsTheDefault() throws IOException {
    JsonNode file = YAML.readTree(PROVISIONING.resolve("datasources/prometheus.yaml").toFile());

    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode sources = file.path("datasources");
    assertThat(sources).hasSize(1);
    JsonNode prometheus = sources.get(0);
    assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
    assertThat(prometheus.path("access").asText()).isIn("proxy", "direct");
    assertThat(prometheus.path("uid").asText()).matches("[A-Za-z0-9_-]{1,40}");
    assertThat(prometheus.path("isDefault").asBoolean()).isTrue();
    // the compose service name and Prometheus' port
    assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
  }

  @Test
  void shouldLoadDashboardsFromWhereComposeMountsThem() throws IOException {
    JsonNode file = YAML.readTree(PROVISIONING.resolve("dashboards/trail-insights.yaml").toFile());
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode provider = file.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    String path = provider.at("/options/path").asText();

    List<String> mounts = new ArrayList<>();
    YAML.readTree(COMPOSE.toFile())
        .at("/services/grafana/volumes")
        .forEach(v -> mounts.add(v.asText()));
    assertThat(mounts)
        .contains(
            "./grafana/provisioning:/etc/grafana/provisioning:ro",
            "./observability/grafana:" + path + ":ro");
    assertThat(Files.list(DASHBOARD.getParent()).filter(p -> p.toString().endsWith(".json")))
        .contains(DASHBOARD);
  }

  @Test
  void shouldBeADashboardModelGrafanaLoads() throws IOException {
    JsonNode d = JSON.readTree(DASHBOARD.toFile());

    assertThat(d.path("uid").asText()).matches("[A-Za-z0-9_-]{1,40}");
    assertThat(d.path("title").asText()).isNotBlank();
    // Grafana migrates older models on load; 36 is the first with per-panel data source objects
    assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels(d)) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel).isTrue();
      assertThat(panel.path("type").asText()).isIn(PANEL_TYPES);
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("w").asInt()).isBetween(1, 24);
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(24);
      assertThat(grid.path("h").asInt()).isPositive();
      assertThat(grid.has("y")).isTrue();
    }
  }

  @Test
  void shouldResolveEveryDataSourceToTheProvisionedPrometheus() throws IOException {
    JsonNode d = JSON.readTree(DASHBOARD.toFile());
    JsonNode provisioned =
        YAML.readTree(PROVISIONING.resolve("datasources/prometheus.yaml").toFile())
            .path("datasources")
            .get(0);
    Map<String, JsonNode> variables = variables(d);

    List<JsonNode> refs = new ArrayList<>();
    for (JsonNode panel : panels(d)) {
      if (panel.has("datasource")) {
        refs.add(panel.path("datasource"));
      }
      panel.path("targets").forEach(t -> refs.add(t.path("datasource")));
    }
    variables.values().stream().filter(v -> v.has("datasource")).forEach(v -> refs.add(v));
    assertThat(refs).isNotEmpty();
    for (JsonNode ref : refs) {
      JsonNode source = ref.has("datasource") ? ref.path("datasource") : ref;
      if (source.isMissingNode() || source.isNull()) {
        continue; // a target without one uses its panel's
      }
      assertThat(source.path("type").asText()).isEqualTo("prometheus");
      String uid = source.path("uid").asText();
      Matcher m = VARIABLE.matcher(uid);
      if (m.matches()) {
        JsonNode variable = variables.get(m.group(1) != null ? m.group(1) : m.group(2));
        assertThat(variable).as("data source variable %s", uid).isNotNull();
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        // a data source variable lists the data sources of this type: the provisioned one
        assertThat(variable.path("query").asText()).isEqualTo(provisioned.path("type").asText());
      } else {
        assertThat(uid).isEqualTo(provisioned.path("uid").asText());
      }
    }
  }

  @Test
  void shouldParseEveryPanelQueryWithPromtool(@TempDir Path tmp) throws Exception {
    JsonNode d = JSON.readTree(DASHBOARD.toFile());
    Map<String, JsonNode> variables = variables(d);
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : panels(d)) {
      panel
          .path("targets")
          .forEach(t -> queries.add(substitute(t.path("expr").asText(), variables)));
    }
    assertThat(queries).hasSizeGreaterThan(20).doesNotContain("");

    Path rules = tmp.resolve("panel-queries.yml");
    StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      yaml.append("      - record: panel_query_")
          .append(i)
          .append("\n        expr: ")
          .append(JSON.writeValueAsString(queries.get(i)))
          .append('\n');
    }
    Files.writeString(rules, yaml);

    Process p =
        new ProcessBuilder(
                PrometheusProcess.binary("promtool").toString(), "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void shouldRejectAQueryThatDoesNotParse(@TempDir Path tmp) throws Exception {
    Path rules = tmp.resolve("bad.yml");
    Files.writeString(
        rules,
        "groups:\n  - name: dashboard\n    rules:\n      - record: panel_query_0\n        expr: "
            + JSON.writeValueAsString(substitute("sum(rate(x[$__rate_interval])", Map.of()))
            + "\n");

    Process p =
        new ProcessBuilder(
                PrometheusProcess.binary("promtool").toString(), "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
  }

  /**
   * The query Grafana sends: built-in intervals as a 1-minute scrape gives them, a multi-value or
   * "All" variable as its regex (allValue), a single-value one as a sample value.
   */
  static String substitute(String expr, Map<String, JsonNode> variables) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = BUILT_INS.get(name);
      if (value == null) {
        JsonNode variable = variables.get(name);
        assertThat(variable).as("variable $%s used in %s", name, expr).isNotNull();
        value =
            variable.path("includeAll").asBoolean() || variable.path("multi").asBoolean()
                ? variable.path("allValue").asText(".*")
                : "sample-" + name;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, JsonNode> variables(JsonNode dashboard) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    dashboard.at("/templating/list").forEach(v -> byName.put(v.path("name").asText(), v));
    return byName;
  }

  /** Every panel, the ones inside collapsed rows included. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      all.add(panel);
      panel.path("panels").forEach(all::add);
    }
    return all;
  }
}
