package dev.trailinsights.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.Glob;
import dev.trailinsights.insight.InsightEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardConfigTest {
  private static final Instant T = Instant.parse("2026-03-02T14:07:00Z");
  private static final String SLACK_URL = "https://hooks.slack.com/services/T0/B0/very-secret";
  private static final Map<String, String> ENV =
      Map.of("SLACK_WEBHOOK_URL", SLACK_URL, "HOOK_KEY", "k");

  private static final String EXAMPLE =
      """
      delivery: {max-attempts: 3, initial-backoff-ms: 200, max-backoff-ms: 5000, timeout-ms: 2000}
      destinations:
        security-slack:
          type: slack
          url-env: SLACK_WEBHOOK_URL
          link-template: "https://console.aws.amazon.com/cloudtrailv2/home?region={region}#/insights"
          rate-per-minute: 20
          burst: 3
        siem:
          type: webhook
          url-file: siem-url
          hmac-key-env: HOOK_KEY
        am: {type: alertmanager, url: "http://alertmanager:9093"}
      routes:
        - name: iam
          match: {event-source: "iam.*", state: Start}
          destinations: [security-slack, siem]
        - name: errors
          match:
            insight-type: ApiErrorRateInsight
            error-code: [AccessDenied*, "*Unauthorized*"]
            account: "1234*"
          destinations: [security-slack]
      default-route: {destinations: [am]}
      """;

  @TempDir Path secrets;

  @org.junit.jupiter.api.BeforeEach
  void writeSecretFile() throws Exception {
    Files.writeString(secrets.resolve("siem-url"), "https://siem.example/in\n");
  }

  @Test
  void shouldLoadDestinationsRoutesAndPolicy(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("siem-url"), "https://siem.example/in\n");
    Path file = dir.resolve("forward.yaml");
    Files.writeString(file, EXAMPLE);

    ForwardConfig cfg = ForwardConfig.load(file, ENV::get);

    assertThat(cfg.policy())
        .isEqualTo(
            new DeliveryPolicy(
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofMinutes(5)));
    assertThat(cfg.destinations().get("security-slack").url().reveal()).isEqualTo(SLACK_URL);
    assertThat(cfg.destinations().get("security-slack").ratePerMinute()).isEqualTo(20.0);
    assertThat(cfg.destinations().get("siem").url().reveal()).isEqualTo("https://siem.example/in");
    assertThat(cfg.destinations().get("siem").hmacKey().reveal()).isEqualTo("k");
    assertThat(cfg.destinations().get("am").type()).isEqualTo(DestinationType.ALERTMANAGER);

    Router router = cfg.router();
    assertThat(router.destinationsFor(Insights.start("a", T)))
        .containsExactly("security-slack", "siem");
    assertThat(router.destinationsFor(Insights.end("b", T, 5))).containsExactly("am");
    assertThat(router.destinationsFor(Insights.errorRate("c", T, "AccessDeniedException")))
        .containsExactly("security-slack");
    assertThat(router.destinationsFor(Insights.errorRate("d", T, "ThrottlingException")))
        .containsExactly("am");
  }

  @Test
  void shouldUniteTheDestinationsOfEveryMatchingRoute() {
    String yaml =
        """
        destinations:
          a: {type: alertmanager, url: "http://a:9093"}
          b: {type: alertmanager, url: "http://b:9093"}
        routes:
          - {match: {region: "eu-*"}, destinations: [a]}
          - {match: {event-name: "Create*"}, destinations: [b, a]}
          - {match: {region: "us-*"}, destinations: [b]}
        """;
    Router router = ForwardConfig.parse(yaml, ENV::get, null).router();
    InsightEvent e = Insights.start("x", T);
    assertThat(router.destinationsFor(e)).containsExactly("a", "b");
    assertThat(router.destinationsFor(Insights.errorRate("y", T, "X"))).containsExactly("a");
  }

  @Test
  void shouldNameTheUnknownKey() {
    String yaml = EXAMPLE.replace("burst: 3", "burts: 3");
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("destinations.security-slack.burts: unknown key; allowed: ");
  }

  @Test
  void shouldRefuseAChatWebhookUrlWrittenInTheFile() {
    String yaml =
        """
        destinations:
          s: {type: slack, url: "https://hooks.slack.com/services/T/B/secret"}
        default-route: {destinations: [s]}
        """;
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, null))
        .hasMessage(
            "destinations.s.url: a slack URL is a credential; give url-env or url-file instead")
        .hasMessageNotContaining("secret");
  }

  @Test
  void shouldNameAMissingVariableWithoutAnyValue() {
    assertThatThrownBy(() -> ForwardConfig.parse(EXAMPLE, Map.<String, String>of()::get, null))
        .hasMessage("destinations.security-slack.url-env: variable SLACK_WEBHOOK_URL is not set");
  }

  @Test
  void shouldNotRepeatASecretThatIsNotAUrl() {
    Map<String, String> env =
        Map.of("SLACK_WEBHOOK_URL", "not a url but a secret", "HOOK_KEY", "k");
    assertThatThrownBy(() -> ForwardConfig.parse(EXAMPLE, env::get, null))
        .hasMessageContaining("destinations.security-slack.url (from env SLACK_WEBHOOK_URL)")
        .hasMessageNotContaining("secret");
  }

  @Test
  void shouldRejectARouteToAnUndefinedDestination() {
    String yaml = EXAMPLE.replace("destinations: [security-slack, siem]", "destinations: [pager]");
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, secrets))
        .hasMessageStartingWith("routes[0] (iam).destinations: 'pager' is not defined");
  }

  @Test
  void shouldRejectAStateThatMatchesNothing() {
    String yaml = EXAMPLE.replace("state: Start", "state: Started");
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, secrets))
        .hasMessage("routes[0] (iam).match.state: 'Started' matches nothing; allowed: Start, End");
  }

  @Test
  void shouldRequireASigningKeyForAWebhook() {
    String yaml =
        """
        destinations:
          w: {type: webhook, url-env: SLACK_WEBHOOK_URL}
        default-route: {destinations: [w]}
        """;
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, null))
        .hasMessage(
            "destinations.w: hmac-key-env or hmac-key-file required for a webhook (the signing key)");
  }

  @Test
  void shouldHideSecretsInToString(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("siem-url"), "https://siem.example/in");
    ForwardConfig cfg = ForwardConfig.parse(EXAMPLE, ENV::get, dir);
    assertThat(cfg.toString())
        .doesNotContain("very-secret", "siem.example")
        .contains("[secret from env SLACK_WEBHOOK_URL]");
  }

  @Test
  void shouldMatchGlobsOnTheWholeValue() {
    assertThat(Glob.of("iam.*").matches("iam.amazonaws.com")).isTrue();
    assertThat(Glob.of("iam.*").matches("xiam.amazonaws.com")).isFalse();
    assertThat(Glob.of("Get?bject").matches("GetObject")).isTrue();
    assertThat(Glob.of("a(b)+").matches("a(b)+")).isTrue();
    assertThat(Glob.of("*").matches(null)).isFalse();
  }

  @Test
  void shouldRefuseAYamlAliasInsteadOfTakingTheAnchorsNameAsAGlob() {
    String yaml =
        EXAMPLE
            .replace("event-source: \"iam.*\"", "event-source: *b")
            .replace("account: \"1234*\"", "account: &b \"1234*\"");

    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, secrets))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "not valid YAML at line 16: YAML alias *b is not supported: write the value out");
  }

  @Test
  void shouldRefuseAnEndlessConfigurationFile() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));

    assertThatThrownBy(() -> ForwardConfig.load(zero, ENV::get))
        .isInstanceOf(ConfigException.class)
        .hasMessage("forward configuration /dev/zero is larger than 1 MiB: refused");
  }

  @Test
  void shouldRefuseAnOversizedConfigurationFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("forward.yaml");
    Files.writeString(f, "destinations: " + "x".repeat(10 * 1024 * 1024) + "\n");

    assertThatThrownBy(() -> ForwardConfig.load(f, ENV::get))
        .isInstanceOf(ConfigException.class)
        .hasMessage("forward configuration " + f + " is larger than 1 MiB: refused");
  }

  @Test
  void shouldNameTheKeyTheValueAndTheRangeOfABadNumber() {
    String yaml = EXAMPLE.replace("max-attempts: 3", "max-attempts: 0");
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("delivery.max-attempts: invalid value '0': expected an integer from 1 to 100");
    String rate = EXAMPLE.replace("rate-per-minute: 20", "rate-per-minute: lots");
    assertThatThrownBy(() -> ForwardConfig.parse(rate, ENV::get, null))
        .hasMessage(
            "destinations.security-slack.rate-per-minute: invalid value 'lots': expected a number"
                + " in [0.01, 100000]");
  }

  @Test
  void shouldRefuseAMapWhereOneValueIsExpected() {
    String yaml = EXAMPLE.replace("burst: 3", "burst: {a: 1}");
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, null))
        .hasMessage(
            "destinations.security-slack.burst: must be one non-empty value; expected an integer"
                + " from 1 to 10000");
  }

  @Test
  void shouldTakeEveryDefaultOfTheDeliveryPolicyFromTheDeclaredSettings() {
    String yaml =
        """
        destinations:
          a: {type: alertmanager, url: "http://a:9093"}
        default-route: {destinations: [a]}
        """;
    DeliveryPolicy p = ForwardConfig.parse(yaml, ENV::get, null).policy();
    assertThat(p).isEqualTo(DeliveryPolicy.DEFAULT);
    assertThat(p.maxAttempts()).isEqualTo(ForwardSettings.MAX_ATTEMPTS.defaultValue());
    assertThat(p.queueCapacity()).isEqualTo(ForwardSettings.QUEUE_CAPACITY.defaultValue());
    assertThat(p.retryBudget()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldNameEveryDestinationTypeWhenTheTypeIsMissing() {
    String yaml =
        """
        destinations:
          a: {url: "http://a:9093"}
        default-route: {destinations: [a]}
        """;
    assertThatThrownBy(() -> ForwardConfig.parse(yaml, ENV::get, null))
        .hasMessage(
            "destinations.a.type: required; allowed: webhook, slack, alertmanager, teams,"
                + " slack-bot");
  }
}
