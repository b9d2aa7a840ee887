package dev.trailinsights.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailinsights.cli.Main;
import dev.trailinsights.config.Setting;
import dev.trailinsights.forward.ForwardConfig;
import dev.trailinsights.runtime.RunSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image, the compose stack and the Helm chart agree with the application: every
 * {@code TRAIL_INSIGHTS_*} variable they set is a setting, every port is {@code http.port}'s
 * default, every command exists, and the shipped rules and dashboard are the project's.
 */
class ShippingConsistencyTest {

  static final Path DOCKERFILE = Path.of("docker/Dockerfile");
  static final Path COMPOSE = Path.of("docker/compose.yaml");
  static final Path CHART = Path.of("helm/trail-insights");
  static final Pattern ENV_VAR = Pattern.compile("\\bTRAIL_INSIGHTS_[A-Z0-9_]+\\b");
  static final Pattern JAR_COMMAND = Pattern.compile("trail-insights\\.jar\\s+([a-z-]+)");

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> chartFiles() throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".tpl"))
          .sorted()
          .toList();
    }
  }

  /**
   * The compose file with YAML merge keys ({@code <<: *anchor}) resolved, which Jackson leaves as
   * the anchor's name; SnakeYAML resolves them.
   */
  private static JsonNode compose() {
    Object tree = new Yaml().load(read(COMPOSE));
    return Rendered.YAML.valueToTree(tree);
  }

  @Test
  void shouldSetOnlyEnvironmentVariablesTheApplicationKnows() throws IOException {
    Set<String> known =
        RunSettings.registry().stream().map(Setting::envName).collect(Collectors.toSet());
    Set<String> used = new LinkedHashSet<>();
    List<Path> files = new ArrayList<>(chartFiles());
    files.add(DOCKERFILE);
    files.add(COMPOSE);
    files.add(Path.of("docker/healthcheck.sh"));
    for (Path file : files) {
      Matcher m = ENV_VAR.matcher(read(file));
      while (m.find()) {
        used.add(m.group());
      }
    }
    compose()
        .path("services")
        .forEach(s -> s.path("environment").fieldNames().forEachRemaining(used::add));
    used.removeIf(name -> !name.startsWith("TRAIL_INSIGHTS_") && !name.startsWith("KAFKA_"));
    // KAFKA_* of the broker container configure Kafka itself, not a client of this application
    compose()
        .path("services")
        .path("kafka")
        .path("environment")
        .fieldNames()
        .forEachRemaining(used::remove);

    assertThat(used)
        .contains(
            "TRAIL_INSIGHTS_STREAMS_STATE_DIR",
            "TRAIL_INSIGHTS_KAFKA_BOOTSTRAP_SERVERS",
            "TRAIL_INSIGHTS_HTTP_PORT");
    assertThat(used)
        .filteredOn(name -> name.startsWith("TRAIL_INSIGHTS_"))
        .allSatisfy(name -> assertThat(known).as("settings by environment name").contains(name));
    assertThat(read(DOCKERFILE))
        .contains("ENV TRAIL_INSIGHTS_STREAMS_STATE_DIR=/var/lib/trail-insights")
        .contains("VOLUME [\"/var/lib/trail-insights\", \"/tmp\"]")
        .contains("-Djava.io.tmpdir=/tmp");
  }

  @Test
  void shouldUseTheDefaultHttpPortEverywhere() throws IOException {
    String port =
        RunSettings.registry().stream()
            .filter(s -> s.key().equals("http.port"))
            .findFirst()
            .orElseThrow()
            .defaultText();
    assertThat(port).isEqualTo("8080");

    assertThat(read(DOCKERFILE)).contains("EXPOSE " + port);
    assertThat(read(Path.of("docker/healthcheck.sh")))
        .contains("${TRAIL_INSIGHTS_HTTP_PORT:-" + port + "}");
    JsonNode services = compose().path("services");
    assertThat(services.at("/trail-insights/environment/TRAIL_INSIGHTS_HTTP_PORT").asText())
        .isEqualTo(port);
    for (String service : List.of("trail-insights", "forward")) {
      assertThat(services.path(service).path("ports").get(0).asText()).endsWith(":" + port);
    }
    assertThat(services.at("/forward/command").toString())
        .contains("\"--http-port\",\"" + port + "\"");
    JsonNode prometheus = Rendered.YAML.readTree(read(Path.of("docker/prometheus/prometheus.yml")));
    List<String> targets = new ArrayList<>();
    prometheus
        .path("scrape_configs")
        .forEach(j -> j.at("/static_configs/0/targets").forEach(t -> targets.add(t.asText())));
    assertThat(targets).containsExactly("trail-insights:" + port, "forward:" + port);

    JsonNode values = Rendered.YAML.readTree(read(CHART.resolve("values.yaml")));
    assertThat(values.at("/http/port").asText()).isEqualTo(port);
    assertThat(values.at("/service/port").asText()).isEqualTo(port);
  }

  @Test
  void shouldRunOnlyCommandsTheApplicationHas() throws IOException {
    Set<String> commands = Main.newCommandLine().getSubcommands().keySet();
    Set<String> used = new LinkedHashSet<>();

    Matcher cmd = Pattern.compile("(?m)^CMD \\[\"([a-z-]+)\"").matcher(read(DOCKERFILE));
    assertThat(cmd.find()).as("CMD in the Dockerfile").isTrue();
    used.add(cmd.group(1));
    for (JsonNode service : compose().path("services")) {
      JsonNode command = service.path("command");
      if (service.path("image").asText().startsWith("trail-insights") && command.isArray()) {
        if (service.has("entrypoint")) {
          Matcher m = JAR_COMMAND.matcher(command.toString());
          while (m.find()) {
            used.add(m.group(1));
          }
        } else {
          used.add(command.get(0).asText());
        }
      }
    }
    Matcher args =
        Pattern.compile("args: \\[\"([a-z-]+)\"")
            .matcher(read(CHART.resolve("templates/statefulset.yaml")));
    assertThat(args.find()).isTrue();
    used.add(args.group(1));
    Matcher forwardArgs =
        Pattern.compile("args:\\s+- ([a-z-]+)")
            .matcher(read(CHART.resolve("templates/forward.yaml")));
    assertThat(forwardArgs.find()).isTrue();
    used.add(forwardArgs.group(1));
    Matcher ingestArgs =
        Pattern.compile("args:\\s+- ([a-z-]+)")
            .matcher(read(CHART.resolve("templates/ingest.yaml")));
    assertThat(ingestArgs.find()).isTrue();
    used.add(ingestArgs.group(1));

    assertThat(used).containsExactlyInAnyOrder("run", "forward", "generate", "load", "ingest");
    assertThat(commands).containsAll(used);
  }

  @Test
  void shouldShipTheProjectAlertRulesAndDashboardUnchanged() {
    assertThat(read(CHART.resolve("files/prometheus-rules.yml")))
        .isEqualTo(read(Path.of("docker/observability/prometheus/rules.yml")));
    assertThat(read(CHART.resolve("files/grafana-dashboard.json")))
        .isEqualTo(read(Path.of("docker/observability/grafana/trail-insights.json")));
  }

  @Test
  void shouldBuildTheComposeBrokerFromTheKafkaVersionTheProjectUses() {
    Pattern version = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>");
    Matcher project = version.matcher(read(Path.of("pom.xml")));
    Matcher broker = version.matcher(read(Path.of("docker/kafka/pom.xml")));

    assertThat(project.find()).isTrue();
    assertThat(broker.find()).isTrue();
    assertThat(broker.group(1)).isEqualTo(project.group(1));
  }

  @Test
  void shouldTakeBaseImagesAsArgumentsAndExitOnOutOfMemory() {
    String dockerfile = read(DOCKERFILE);

    assertThat(dockerfile)
        .contains("ARG BUILD_IMAGE=eclipse-temurin:17-jdk")
        .contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre")
        .contains("FROM runtime AS run")
        .contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(compose().at("/services/trail-insights/build/target").asText()).isEqualTo("run");
  }

  @Test
  void shouldAcceptTheComposeForwardRoutes() {
    assertThatCode(() -> ForwardConfig.load(Path.of("docker/forward.yaml"), name -> null))
        .doesNotThrowAnyException();
  }
}
