package dev.trailinsights.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.trailinsights.config.Setting;
import dev.trailinsights.runtime.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Helm chart in {@code helm/trail-insights}, linted and rendered by the real Helm library. */
class HelmChartTest {

  static final Path CHART = Path.of("helm/trail-insights");
  static final Path PROD_VALUES = Path.of("src/test/resources/ship/values-prod.yaml");
  static final String KUBE_VERSION = "1.31.0";
  static final Path BAD_VALUES = Path.of("src/test/resources/ship/values-bad-type.yaml");

  private static Rendered template(Path valuesFile) {
    TemplateCommand command = templateCommand().withNamespace("security");
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    return Rendered.parse(command.call());
  }

  /** {@code helm template} of the chart for a cluster the chart supports. */
  private static TemplateCommand templateCommand() {
    return new Helm(CHART).template().withName("ti").withKubeVersion(KUBE_VERSION);
  }

  @Test
  void shouldPassHelmLintStrict() {
    LintResult defaults = new Helm(CHART).lint().strict().call();
    assertThat(defaults.isFailed()).as("%s", defaults.getMessages()).isFalse();
  }

  @Test
  void shouldRenderTheDetectorAloneWithDefaultValues() {
    Rendered r = template(null);

    assertThat(r.kinds())
        .containsExactly(
            "ConfigMap",
            "PodDisruptionBudget",
            "Service",
            "Service",
            "ServiceAccount",
            "StatefulSet");
    JsonNode sts = r.one("StatefulSet", "ti-trail-insights");
    assertThat(sts.at("/spec/podManagementPolicy").asText()).isEqualTo("Parallel");
    assertThat(sts.at("/spec/serviceName").asText())
        .isEqualTo(r.one("Service", "-headless").at("/metadata/name").asText());
    assertThat(r.one("Service", "-headless").at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(1);

    JsonNode pod = sts.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.at("/args").toString())
        .isEqualTo("[\"run\",\"--config\",\"/etc/trail-insights/trail-insights.yaml\"]");
    assertProbesAndSecurity(pod, container);
    assertThat(Rendered.env(container, "JAVA_TOOL_OPTIONS").asText())
        .isEqualTo("-XX:+ExitOnOutOfMemoryError");
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_STREAMS_STATE_DIR").asText())
        .isEqualTo("/var/lib/trail-insights");
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_KAFKA_BOOTSTRAP_SERVERS").asText())
        .isEqualTo("kafka:9092");
    assertThat(Rendered.env(container, "KAFKA_SASL_JAAS_CONFIG_FILE").isMissingNode()).isTrue();
    // other pods reach this one's console API at the pod IP (application.server)
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_HTTP_ADVERTISED_ADDRESS").asText())
        .isEqualTo("$(POD_IP):8080");
    assertThat(container.at("/env").toString()).contains("status.podIP");
    assertThat(container.has("resources")).as("no resources by default").isFalse();

    assertThat(Rendered.named(container.at("/volumeMounts"), "state").at("/mountPath").asText())
        .isEqualTo("/var/lib/trail-insights");
    assertThat(Rendered.named(container.at("/volumeMounts"), "tmp").at("/mountPath").asText())
        .isEqualTo("/tmp");
    assertThat(Rendered.named(pod.at("/volumes"), "tmp").has("emptyDir")).isTrue();
    assertThat(Rendered.named(pod.at("/volumes"), "state").isMissingNode())
        .as("state comes from the claim template")
        .isTrue();
    JsonNode claim = sts.at("/spec/volumeClaimTemplates/0");
    assertThat(claim.at("/metadata/name").asText()).isEqualTo("state");
    assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("10Gi");

    for (JsonNode o : r.all()) {
      JsonNode labels = o.at("/metadata/labels");
      assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo("trail-insights");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo("ti");
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      assertThat(labels.path("app.kubernetes.io/version").asText()).isNotBlank();
    }
    JsonNode selector = sts.at("/spec/selector/matchLabels");
    JsonNode podLabels = sts.at("/spec/template/metadata/labels");
    selector
        .fields()
        .forEachRemaining(
            e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    assertThat(r.one("Service", "-metrics").at("/spec/selector")).isEqualTo(selector);
    assertThat(r.one("PodDisruptionBudget", "").at("/spec/selector/matchLabels"))
        .isEqualTo(selector);
  }

  @Test
  void shouldRenderProductionValuesWithForwarderSecretsAndMonitoring() throws IOException {
    Rendered r = template(PROD_VALUES);

    assertThat(r.kinds())
        .contains("Deployment", "ServiceMonitor", "PrometheusRule", "StatefulSet")
        .filteredOn("ConfigMap"::equals)
        .hasSize(3);
    JsonNode sts = r.one("StatefulSet", "ti-trail-insights");
    assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(3);
    JsonNode pod = sts.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertProbesAndSecurity(pod, container);
    assertThat(container.at("/image").asText())
        .isEqualTo("registry.example.com/security/trail-insights:0.1.0");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("2Gi");
    assertThat(Rendered.env(container, "KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
    assertThat(Rendered.env(container, "KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
    assertThat(Rendered.env(container, "KAFKA_SASL_JAAS_CONFIG_FILE").asText())
        .isEqualTo("/var/run/secrets/trail-insights/kafka/sasl.jaas.config");
    assertThat(Rendered.named(pod.at("/volumes"), "kafka-sasl").at("/secret/secretName").asText())
        .isEqualTo("trail-insights-kafka");
    assertThat(
            Rendered.named(container.at("/volumeMounts"), "kafka-sasl").at("/readOnly").asBoolean())
        .isTrue();
    assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/storageClassName").asText())
        .isEqualTo("fast-ssd");
    // the console's bearer token: a file from the Secret, never a value
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_HTTP_AUTH_TOKEN_FILE").asText())
        .isEqualTo("/var/run/secrets/trail-insights/console/token");
    assertThat(
            Rendered.named(pod.at("/volumes"), "console-token").at("/secret/secretName").asText())
        .isEqualTo("trail-insights-console");
    assertThat(
            Rendered.named(container.at("/volumeMounts"), "console-token")
                .at("/mountPath")
                .asText())
        .isEqualTo("/var/run/secrets/trail-insights/console");
    // the digests' signing key: a file from the Secret, never a value
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_INTEGRITY_SIGNING_KEY_FILE").asText())
        .isEqualTo("/var/run/secrets/trail-insights/integrity/signing-key.pem");
    assertThat(Rendered.named(pod.at("/volumes"), "signing-key").at("/secret/secretName").asText())
        .isEqualTo("trail-insights-signing-key");
    assertThat(
            Rendered.named(container.at("/volumeMounts"), "signing-key")
                .at("/readOnly")
                .asBoolean())
        .isTrue();

    // the configuration file holds only keys the detector knows
    JsonNode config =
        Rendered.YAML.readTree(
            r.one("ConfigMap", "ti-trail-insights").at("/data/trail-insights.yaml").asText());
    Set<String> keys =
        RunSettings.registry().stream().map(Setting::key).collect(Collectors.toSet());
    List<String> flattened = new ArrayList<>();
    flatten("", config, keys, flattened);
    assertThat(flattened)
        .contains("detection.sensitivity", "topics.partitions", "streams.standby-replicas")
        .allSatisfy(k -> assertThat(keys).contains(k));

    JsonNode forward = r.one("Deployment", "-forward");
    JsonNode fpod = forward.at("/spec/template/spec");
    JsonNode fcontainer = fpod.at("/containers/0");
    assertProbesAndSecurity(fpod, fcontainer);
    assertThat(fcontainer.at("/args/0").asText()).isEqualTo("forward");
    assertThat(fcontainer.at("/envFrom/0/secretRef/name").asText())
        .isEqualTo("trail-insights-forward-env");
    assertThat(Rendered.env(fcontainer, "KAFKA_BOOTSTRAP_SERVERS").asText())
        .startsWith("kafka-0.kafka:9093");
    assertThat(
            Rendered.named(fpod.at("/volumes"), "forward-secrets")
                .at("/secret/secretName")
                .asText())
        .isEqualTo("trail-insights-forward-files");
    assertThat(
            Rendered.named(fcontainer.at("/volumeMounts"), "forward-secrets")
                .at("/mountPath")
                .asText())
        .isEqualTo("/var/run/secrets/trail-insights/forward");
    JsonNode routes =
        Rendered.YAML.readTree(r.one("ConfigMap", "-forward").at("/data/forward.yaml").asText());
    assertThat(routes.at("/default-route/destinations/0").asText()).isEqualTo("alertmanager");

    JsonNode monitor = r.one("ServiceMonitor", "");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");

    JsonNode rules = r.one("PrometheusRule", "").at("/spec");
    assertThat(rules)
        .isEqualTo(
            Rendered.YAML.readTree(
                Files.readString(Path.of("docker/observability/prometheus/rules.yml"))));
    JsonNode dashboard = r.one("ConfigMap", "-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(dashboard.at("/data/trail-insights.json").asText()))
        .isEqualTo(
            json.readTree(
                Files.readString(Path.of("docker/observability/grafana/trail-insights.json"))));
  }

  @Test
  void shouldRejectValuesOfTheWrongTypeBySchema() {
    assertThatThrownBy(() -> template(BAD_VALUES))
        .hasMessageContaining("schema")
        .hasMessageContaining("at '/replicaCount': got string, want integer");
  }

  @Test
  void shouldRejectUnknownValuesAndBadPortsBySchema() {
    assertThatThrownBy(() -> templateCommand().set("replicas", 2).call())
        .hasMessageContaining("additional properties 'replicas' not allowed");
    assertThatThrownBy(() -> templateCommand().set("http.port", 70000).call())
        .hasMessageContaining("at '/http/port'");
    assertThatThrownBy(() -> templateCommand().set("kafka.bootstrapServers", "no-port").call())
        .hasMessageContaining("at '/kafka/bootstrapServers'");
  }

  @Test
  void shouldRenderTheIngestWithItsOwnServiceAccountForIrsa() {
    Rendered r = template(Path.of("src/test/resources/ship/values-ingest.yaml"));

    JsonNode ingest = r.one("Deployment", "-ingest");
    JsonNode pod = ingest.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertProbesAndSecurity(pod, container);
    assertThat(container.at("/args/0").asText()).isEqualTo("ingest");
    assertThat(pod.at("/serviceAccountName").asText()).isEqualTo("ti-trail-insights-ingest");
    JsonNode account = r.one("ServiceAccount", "-ingest");
    assertThat(account.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .isEqualTo("arn:aws:iam::111122223333:role/trail-insights-ingest");
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_INGEST_QUEUE_URL").asText())
        .isEqualTo("https://sqs.eu-west-1.amazonaws.com/111122223333/trail-insights-ingest");
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_INGEST_REGION").asText())
        .isEqualTo("eu-west-1");
    assertThat(Rendered.env(container, "TRAIL_INSIGHTS_INGEST_CONCURRENCY").asText())
        .isEqualTo("8");
    assertThat(
            Rendered.named(container.at("/env"), "TRAIL_INSIGHTS_INGEST_TRANSACTIONAL_ID")
                .at("/valueFrom/fieldRef/fieldPath")
                .asText())
        .isEqualTo("metadata.name");
    assertThat(r.one("Service", "-ingest-metrics").at("/spec/ports/0/port").asInt())
        .isEqualTo(8080);
    assertThat(template(null).all())
        .noneMatch(o -> o.at("/metadata/name").asText().endsWith("-ingest"));
  }

  @Test
  void shouldDescribeEveryValueInTheChartReadme() throws IOException {
    JsonNode values = Rendered.YAML.readTree(Files.readString(CHART.resolve("values.yaml")));
    String readme = Files.readString(CHART.resolve("README.md"));
    // maps whose entries are the user's own (labels, Kubernetes objects, the app's configuration)
    Set<String> freeForm =
        Set.of(
            "config",
            "podSecurityContext",
            "securityContext",
            "livenessProbe",
            "readinessProbe",
            "startupProbe",
            "resources");
    List<String> missing = new ArrayList<>();
    values
        .fields()
        .forEachRemaining(
            top -> {
              if (!readme.contains("`" + top.getKey())) {
                missing.add(top.getKey());
              }
              if (top.getValue().isObject() && !freeForm.contains(top.getKey())) {
                top.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        sub -> {
                          String key = top.getKey() + "." + sub;
                          if (!readme.contains("`" + key + "`")
                              && !readme.contains("`" + key + ".")) {
                            missing.add(key);
                          }
                        });
              }
            });
    assertThat(missing).as("values not in helm/trail-insights/README.md").isEmpty();
  }

  private static void assertProbesAndSecurity(JsonNode pod, JsonNode container) {
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(Rendered.named(container.at("/ports"), "http").at("/containerPort").asInt())
        .isEqualTo(8080);
    assertThat(Rendered.named(container.at("/volumeMounts"), "tmp").at("/mountPath").asText())
        .isEqualTo("/tmp");
    assertThat(Rendered.named(pod.at("/volumes"), "tmp").has("emptyDir")).isTrue();
  }

  /** Dotted keys of a configuration tree, stopping at a known setting key. */
  private static void flatten(String prefix, JsonNode node, Set<String> keys, List<String> out) {
    if (!prefix.isEmpty() && (keys.contains(prefix) || !node.isObject())) {
      out.add(prefix);
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys, out);
    }
  }
}
