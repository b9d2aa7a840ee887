package dev.trailinsights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  enum Mode {
    FAST,
    SAFE
  }

  static final Setting<Integer> COUNT =
      Setting.of("limits.count", SettingType.integer(1, 100), "5", "How many.");
  static final Setting<Duration> WAIT =
      Setting.of(
          "limits.max-wait",
          SettingType.duration(Duration.ZERO, Duration.ofHours(6)),
          "15m",
          "How long.");
  static final Setting<Mode> MODE =
      Setting.of(
          "mode", SettingType.oneOf(Mode.class, m -> m.name().toLowerCase()), "safe", "Which.");
  static final Setting<List<ApiPattern>> ALLOW =
      Setting.of(
          "selection.allow",
          SettingType.listOf(SettingType.apiPattern(), "a list of globs"),
          "",
          "Which APIs.");
  static final Setting<String> TOKEN =
      Setting.of(
          "webhook.token",
          SettingType.of(
              SettingType.Shape.SCALAR,
              "at least 8 characters",
              raw -> {
                if (raw.length() < 8) {
                  throw InvalidValueException.value(raw, "at least 8 characters");
                }
                return raw;
              }),
          "changeme-please",
          "Webhook token.");
  static final List<Setting<?>> REGISTRY = List.of(COUNT, WAIT, MODE, ALLOW, TOKEN);

  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("trail-insights.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static Settings load(Path f, Map<String, String> env, Map<String, String> flags) {
    return Settings.load(f, env, flags, REGISTRY);
  }

  @Test
  void shouldUseDefaultsWhenNothingIsGiven() {
    Settings s = load(null, Map.of(), Map.of());
    assertThat(s.get(COUNT)).isEqualTo(5);
    assertThat(s.get(WAIT)).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.get(MODE)).isEqualTo(Mode.SAFE);
    assertThat(s.get(ALLOW)).isEmpty();
    assertThat(s.source(COUNT).kind()).isEqualTo(Settings.Source.Kind.DEFAULT);
    assertThat(s.raw(WAIT)).isEqualTo("15m");
  }

  @Test
  void shouldReadNestedAndDottedKeysFromTheFile() throws IOException {
    Path f = file("limits:\n  count: 7\n  max-wait: 90s\nmode: fast\n");
    Settings s = load(f, Map.of(), Map.of());
    assertThat(s.get(COUNT)).isEqualTo(7);
    assertThat(s.get(WAIT)).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.get(MODE)).isEqualTo(Mode.FAST);
    assertThat(s.source(COUNT)).hasToString("file " + f + ", line 2");

    Settings dotted = load(file("limits.count: 8\n"), Map.of(), Map.of());
    assertThat(dotted.get(COUNT)).isEqualTo(8);
  }

  @Test
  void shouldReadListsAsYamlListsOrCommaSeparatedText() throws IOException {
    Settings list =
        load(
            file("selection:\n  allow: [\"iam.amazonaws.com:*\", \"*:Delete*\"]\n"),
            Map.of(),
            Map.of());
    Settings block =
        load(
            file("selection:\n  allow:\n    - iam.amazonaws.com:*\n    - '*:Delete*'\n"),
            Map.of(),
            Map.of());
    Settings text =
        load(file("selection.allow: \"iam.amazonaws.com:*, *:Delete*\"\n"), Map.of(), Map.of());
    List<ApiPattern> expected =
        List.of(ApiPattern.of("iam.amazonaws.com:*"), ApiPattern.of("*:Delete*"));
    assertThat(list.get(ALLOW)).isEqualTo(expected);
    assertThat(block.get(ALLOW)).isEqualTo(expected);
    assertThat(text.get(ALLOW)).isEqualTo(expected);
    assertThat(load(file("selection.allow: []\n"), Map.of(), Map.of()).get(ALLOW)).isEmpty();
  }

  @Test
  void shouldKeepScalarsAsWrittenInTheFile() throws IOException {
    // YAML 1.1 would read 015 as octal 13 and yes as true; the setting's type decides instead.
    assertThat(load(file("limits.count: 015\n"), Map.of(), Map.of()).get(COUNT)).isEqualTo(15);
    assertThatThrownBy(() -> load(file("mode: yes\n"), Map.of(), Map.of()))
        .hasMessageContaining("invalid value 'yes' for mode");
  }

  @Test
  void shouldTreatAnEmptyFileAsNoSettings() throws IOException {
    assertThat(load(file(""), Map.of(), Map.of()).get(COUNT)).isEqualTo(5);
    assertThat(load(file("# only a comment\n"), Map.of(), Map.of()).get(COUNT)).isEqualTo(5);
  }

  @Test
  void shouldReadPrefixedEnvironmentVariables() {
    Settings s =
        load(
            null,
            Map.of(
                "TRAIL_INSIGHTS_LIMITS_COUNT", "9",
                "TRAIL_INSIGHTS_LIMITS_MAX_WAIT", "PT1H",
                "TRAIL_INSIGHTS_SELECTION_ALLOW", "ec2.amazonaws.com:Run*,s3.amazonaws.com:*"),
            Map.of());
    assertThat(s.get(COUNT)).isEqualTo(9);
    assertThat(s.get(WAIT)).isEqualTo(Duration.ofHours(1));
    assertThat(s.get(ALLOW)).hasSize(2);
    assertThat(s.source(COUNT)).hasToString("env TRAIL_INSIGHTS_LIMITS_COUNT");
    assertThat(COUNT.envName()).isEqualTo("TRAIL_INSIGHTS_LIMITS_COUNT");
  }

  @Test
  void shouldLeaveOtherVariablesAlone() {
    Settings s =
        load(
            null,
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
                "PATH", "/usr/bin",
                "TRAIL_INSIGHTS_DEBUG", "1",
                "TRAIL_INSIGHTSX", "not ours"),
            Map.of());
    assertThat(s.get(COUNT)).isEqualTo(5);
  }

  @Test
  void shouldApplyFlags() {
    Settings s = load(null, Map.of(), Map.of("limits.count", "11"));
    assertThat(s.get(COUNT)).isEqualTo(11);
    assertThat(s.source(COUNT)).hasToString("flag limits.count");
  }

  @Test
  void shouldLetFlagsBeatEnvironmentBeatFileBeatDefaults() throws IOException {
    Path f = file("limits: {count: 2, max-wait: 2m}\nmode: fast\n");
    Map<String, String> env =
        Map.of("TRAIL_INSIGHTS_LIMITS_COUNT", "3", "TRAIL_INSIGHTS_LIMITS_MAX_WAIT", "3m");
    Map<String, String> flags = Map.of("limits.count", "4");
    Settings s = load(f, env, flags);
    assertThat(s.get(COUNT)).isEqualTo(4);
    assertThat(s.get(WAIT)).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.get(MODE)).isEqualTo(Mode.FAST);
    assertThat(s.get(ALLOW)).isEmpty();
    assertThat(s.source(COUNT).kind()).isEqualTo(Settings.Source.Kind.FLAG);
    assertThat(s.source(WAIT).kind()).isEqualTo(Settings.Source.Kind.ENVIRONMENT);
    assertThat(s.source(MODE).kind()).isEqualTo(Settings.Source.Kind.FILE);
    assertThat(s.source(ALLOW).kind()).isEqualTo(Settings.Source.Kind.DEFAULT);
    assertThat(s.source(COUNT).atLeast(s.source(WAIT))).isTrue();
    assertThat(s.source(MODE).atLeast(s.source(WAIT))).isFalse();
  }

  @Test
  void shouldRejectAnUnknownKeyInTheFileWithTheClosestKey() throws IOException {
    Path f = file("limits:\n  count: 3\n  max-wiat: 5m\n");
    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "unknown key 'limits.max-wiat' (file "
                + f
                + ", line 3): did you mean limits.max-wait?");
  }

  @Test
  void shouldRejectAnEmptyMapUnderAnUnknownName() throws IOException {
    Path f = file("limitz: {}\n");
    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .hasMessageStartingWith("unknown key 'limitz' (file " + f + ", line 1)");
  }

  @Test
  void shouldRejectAnUnknownEnvironmentVariableWithTheClosestName() {
    assertThatThrownBy(() -> load(null, Map.of("TRAIL_INSIGHTS_LIMITS_CUONT", "3"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "unknown environment variable TRAIL_INSIGHTS_LIMITS_CUONT: did you mean"
                + " TRAIL_INSIGHTS_LIMITS_COUNT?");
  }

  @Test
  void shouldRejectAnUnknownFlag() {
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("limit.count", "3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown key 'limit.count' (flag limit.count): did you mean limits.count?");
  }

  @Test
  void shouldNameKeySourceAndAllowedValuesOfAnInvalidValue() {
    assertThatThrownBy(() -> load(null, Map.of("TRAIL_INSIGHTS_MODE", "fsat"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid value 'fsat' for mode (env TRAIL_INSIGHTS_MODE): expected one of fast, safe");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("limits.count", "101")))
        .hasMessage(
            "invalid value '101' for limits.count (flag limits.count): expected an integer from 1"
                + " to 100");
  }

  @Test
  void shouldRejectABadDuration() throws IOException {
    Path f = file("limits:\n  max-wait: 15 minutes\n");
    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .hasMessage(
            "invalid value '15 minutes' for limits.max-wait (file "
                + f
                + ", line 2): expected a duration from 0 to 6h (like 90s, 15m, 6h, 7d or ISO-8601"
                + " PT15M)");
  }

  @Test
  void shouldRejectABadListItem() throws IOException {
    Path f = file("selection:\n  allow: [\"iam.amazonaws.com:*\", CreateUser]\n");
    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .hasMessage(
            "invalid item 'CreateUser' in selection.allow (file "
                + f
                + ", line 2): expected an eventSource:eventName glob (* any characters, ? one"
                + " character)");
    assertThatThrownBy(
            () ->
                load(
                    null,
                    Map.of("TRAIL_INSIGHTS_SELECTION_ALLOW", "iam.amazonaws.com:*,,"),
                    Map.of()))
        .hasMessageStartingWith("invalid item '' in selection.allow");
  }

  @Test
  void shouldRejectStructuresWhereAScalarBelongs() throws IOException {
    Path list = file("limits:\n  count: [1, 2]\n");
    assertThatThrownBy(() -> load(list, Map.of(), Map.of()))
        .hasMessage(
            "invalid value '[\"1\",\"2\"]' for limits.count (file "
                + list
                + ", line 2): expected an integer from 1 to 100");
    Path map = file("mode:\n  fast: true\n");
    assertThatThrownBy(() -> load(map, Map.of(), Map.of()))
        .hasMessageStartingWith("invalid value '{\"fast\":\"true\"}' for mode");
  }

  @Test
  void shouldRejectAKeyGivenTwice() throws IOException {
    Path f = file("limits:\n  count: 3\nlimits.count: 4\n");
    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .hasMessage("limits.count is given twice (file " + f + ", line 3)");
  }

  @Test
  void shouldReportInvalidYamlInOneLine() throws IOException {
    Path f = file("limits:\n  count: [1,\nmode: fast\n");
    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid YAML in " + f + " at line ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldReportAMissingOrMisshapenFile() throws IOException {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> load(missing, Map.of(), Map.of()))
        .hasMessage("configuration file not found: " + missing);
    Path list = file("- a\n- b\n");
    assertThatThrownBy(() -> load(list, Map.of(), Map.of()))
        .hasMessageStartingWith("configuration file " + list + " must be a map of settings");
  }

  @Test
  void shouldValidateAValueEvenWhenAHigherSourceReplacesIt() throws IOException {
    Path f = file("limits.count: many\n");
    assertThatThrownBy(() -> load(f, Map.of("TRAIL_INSIGHTS_LIMITS_COUNT", "3"), Map.of()))
        .hasMessageStartingWith("invalid value 'many' for limits.count (file ");
  }

  @Test
  void shouldNeverEchoASecretValue() {
    assertThat(TOKEN.secret()).isTrue();
    assertThatThrownBy(() -> load(null, Map.of("TRAIL_INSIGHTS_WEBHOOK_TOKEN", "s3cr"), Map.of()))
        .hasMessage(
            "invalid value for webhook.token (env TRAIL_INSIGHTS_WEBHOOK_TOKEN): expected at"
                + " least 8 characters")
        .hasMessageNotContaining("s3cr");
    Setting<Integer> declared =
        Setting.of("webhook.retries", SettingType.integer(0, 5), "1", "Retries.").asSecret();
    assertThatThrownBy(
            () -> Settings.load(null, Map.of(), Map.of("webhook.retries", "77"), List.of(declared)))
        .hasMessageNotContaining("77");
  }

  @Test
  void shouldKeepAnEchoedValueOnOneLine() {
    assertThatThrownBy(
            () -> load(null, Map.of("TRAIL_INSIGHTS_MODE", "fast\nslow\u0007"), Map.of()))
        .hasMessageStartingWith("invalid value 'fast\\nslow\\u0007' for mode")
        .hasMessageNotContaining("\n");
    String longValue = "x".repeat(500);
    assertThatThrownBy(() -> load(null, Map.of("TRAIL_INSIGHTS_MODE", longValue), Map.of()))
        .hasMessageContaining("'" + "x".repeat(80) + "...'");
  }

  @Test
  void shouldRefuseSettingsOutsideTheRegistry() {
    Settings s = Settings.load(null, Map.of(), Map.of(), List.of(COUNT));
    assertThatThrownBy(() -> s.get(MODE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mode");
  }

  @Test
  void shouldRejectABadDefinition() {
    assertThatThrownBy(() -> Setting.of("limits.count", SettingType.integer(1, 9), "10", "x"))
        .hasMessageContaining("default '10' of setting limits.count is invalid");
    assertThatThrownBy(() -> Setting.of("Limits_Count", SettingType.integer(1, 9), "1", "x"))
        .hasMessageContaining("lowercase");
    assertThatThrownBy(() -> Setting.of("limits.count", SettingType.integer(1, 9), "1", " "))
        .hasMessageContaining("description");
    assertThatThrownBy(() -> Settings.load(null, Map.of(), Map.of(), List.of(COUNT, COUNT)))
        .hasMessageContaining("defined twice");
  }

  @Test
  void shouldRenderTheRegistryAsAMarkdownTable() {
    Setting<String> piped =
        Setting.of(
            "format",
            SettingType.of(SettingType.Shape.SCALAR, "a|b", raw -> raw),
            "a",
            "Either a|b.");
    String md = Settings.markdownTable(List.of(COUNT, ALLOW, piped));
    assertThat(md.split("\n"))
        .containsExactly(
            "| Key | Environment variable | Default | Allowed | Description |",
            "|---|---|---|---|---|",
            "| `limits.count` | `TRAIL_INSIGHTS_LIMITS_COUNT` | `5` | an integer from 1 to 100 |"
                + " How many. |",
            "| `selection.allow` | `TRAIL_INSIGHTS_SELECTION_ALLOW` | (empty) | a list of globs |"
                + " Which APIs. |",
            "| `format` | `TRAIL_INSIGHTS_FORMAT` | `a` | a\\|b | Either a\\|b. |");
  }

  @Test
  void shouldRefuseAYamlAliasInsteadOfReadingTheAnchorsName() throws IOException {
    Path f = file("limits.count: &low 7\nmode: *low\n");

    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid YAML in "
                + f
                + " at line 2, column 11: YAML alias *low is not supported: write the value out");
  }

  @Test
  void shouldRefuseAnOversizedFileBeforeParsingIt() throws IOException {
    Path f = dir.resolve("huge.yaml");
    Files.writeString(f, "mode: " + "x".repeat(10 * 1024 * 1024) + "\n");

    assertThatThrownBy(() -> load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration file " + f + " is larger than 1 MiB: refused");
  }

  @Test
  void shouldRefuseAnEndlessFile() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));

    assertThatThrownBy(() -> load(zero, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration file /dev/zero is larger than 1 MiB: refused");
  }
}
