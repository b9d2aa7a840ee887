package dev.trailinsights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorSettingsTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("trail-insights.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static DetectorConfig config(Path f, Map<String, String> env, Map<String, String> flags) {
    return DetectorSettings.toConfig(Settings.load(f, env, flags, DetectorSettings.all()));
  }

  /** Every observable property of a configuration, for comparing two of them. */
  private static Map<String, Object> properties(DetectorConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("falseInsightsPerKeyPerDay", c.falseInsightsPerKeyPerDay());
    m.put("minCount", c.minCount());
    m.put("minRatio", c.minRatio());
    m.put("hysteresis", c.hysteresis());
    m.put("quietMinutes", c.quietMinutes());
    m.put("baselineWindow", c.baselineWindow());
    m.put("minBaseline", c.minBaseline());
    m.put("lateness", c.lateness());
    m.put("maxFrozen", c.maxFrozen());
    m.put("seasonality", c.seasonality());
    m.put("dedupe", c.dedupe());
    m.put("maxErrorCodesPerKey", c.maxErrorCodesPerKey());
    m.put("callRateClasses", c.callRateClasses());
    m.put("errorRateClasses", c.errorRateClasses());
    m.put("allow", c.allow());
    m.put("deny", c.deny());
    m.put("overrides", c.overrides());
    m.put("maxRecordBytes", c.maxRecordBytes());
    m.put("maxFileBytes", c.maxFileBytes());
    m.put("maxKeys", c.maxKeys());
    m.put("details", c.details());
    return m;
  }

  @Test
  void shouldDocumentEverySettingWithAValidDefault() {
    assertThat(DetectorSettings.all()).hasSize(25);
    for (Setting<?> s : DetectorSettings.all()) {
      assertThat(s.description()).as(s.key()).isNotBlank().endsWith(".");
      assertThat(s.allowed()).as(s.key()).isNotBlank();
      assertThat(s.parse(s.defaultText())).as(s.key()).isEqualTo(s.defaultValue());
      assertThat(s.envName()).as(s.key()).startsWith("TRAIL_INSIGHTS_");
    }
    Set<String> keys =
        DetectorSettings.all().stream().map(Setting::key).collect(Collectors.toSet());
    assertThat(keys)
        .contains(
            "detection.sensitivity",
            "detection.false-insights-per-key-per-day",
            "detection.min-count",
            "detection.min-ratio",
            "detection.hysteresis",
            "detection.quiet-minutes",
            "detection.baseline-window",
            "detection.min-baseline",
            "detection.trail-start",
            "detection.lateness",
            "detection.max-frozen",
            "detection.seasonality",
            "detection.dedupe",
            "detection.max-error-codes-per-key",
            "selection.call-rate",
            "selection.error-rate",
            "selection.allow",
            "selection.deny",
            "overrides",
            "input.max-record-bytes",
            "detection.max-keys",
            "output.details");
  }

  @Test
  void shouldGiveTheBuilderDefaultsWhenNothingIsSet() {
    assertThat(properties(config(null, Map.of(), Map.of())))
        .isEqualTo(properties(DetectorConfig.builder().build()));
    assertThat(DetectorSettings.SENSITIVITY.defaultValue().falseInsightsPerKeyPerDay())
        .isEqualTo(DetectorConfig.builder().build().falseInsightsPerKeyPerDay());
  }

  @Test
  void shouldBuildTheConfigurationFromEveryKeyOfAFile() throws IOException {
    Path f =
        file(
            String.join(
                "\n",
                "detection:",
                "  sensitivity: high",
                "  min-count: 3",
                "  min-ratio: 1.5",
                "  hysteresis: 0.25",
                "  quiet-minutes: 10",
                "  baseline-window: 14d",
                "  min-baseline: 2h",
                "  lateness: 90s",
                "  max-frozen: PT12H",
                "  seasonality: false",
                "  dedupe: false",
                "  max-error-codes-per-key: 8",
                "selection:",
                "  call-rate: [write-management, read-management]",
                "  error-rate: data",
                "  allow: ['*:Create*', 'iam.amazonaws.com:*']",
                "  deny:",
                "    - 'kms.amazonaws.com:Decrypt'",
                "overrides:",
                "  - api: 'iam.amazonaws.com:Create*'",
                "    sensitivity: low",
                "    min-count: 2",
                "  - api: 's3.amazonaws.com:*'",
                "    false-insights-per-key-per-day: 0.05",
                "    min-ratio: 4",
                "input:",
                "  max-record-bytes: 262144",
                "output:",
                "  details: false",
                ""));
    DetectorConfig expected =
        DetectorConfig.builder()
            .sensitivity(Sensitivity.HIGH)
            .minCount(3)
            .minRatio(1.5)
            .hysteresis(0.25)
            .quietMinutes(10)
            .baselineWindow(Duration.ofDays(14))
            .minBaseline(Duration.ofHours(2))
            .lateness(Duration.ofSeconds(90))
            .maxFrozen(Duration.ofHours(12))
            .seasonality(false)
            .dedupe(false)
            .maxErrorCodesPerKey(8)
            .callRateClasses(EnumSet.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT))
            .errorRateClasses(EnumSet.of(EventClass.DATA))
            .allow(List.of(ApiPattern.of("*:Create*"), ApiPattern.of("iam.amazonaws.com:*")))
            .deny(List.of(ApiPattern.of("kms.amazonaws.com:Decrypt")))
            .overrides(
                List.of(
                    new ApiOverride(
                        ApiPattern.of("iam.amazonaws.com:Create*"),
                        Sensitivity.LOW.falseInsightsPerKeyPerDay(),
                        2,
                        null),
                    new ApiOverride(ApiPattern.of("s3.amazonaws.com:*"), 0.05, null, 4.0)))
            .maxRecordBytes(262144)
            .details(false)
            .build();
    assertThat(properties(config(f, Map.of(), Map.of()))).isEqualTo(properties(expected));
  }

  @Test
  void shouldReadOverridesAsJsonFromTheEnvironment() {
    DetectorConfig c =
        config(
            null,
            Map.of(
                "TRAIL_INSIGHTS_OVERRIDES",
                "[{\"api\":\"*:Describe*\",\"min-count\":20},{\"api\":\"sts.amazonaws.com:*\","
                    + "\"sensitivity\":\"high\"}]"),
            Map.of());
    assertThat(c.overrides())
        .containsExactly(
            new ApiOverride(ApiPattern.of("*:Describe*"), null, 20, null),
            new ApiOverride(
                ApiPattern.of("sts.amazonaws.com:*"),
                Sensitivity.HIGH.falseInsightsPerKeyPerDay(),
                null,
                null));
  }

  @Test
  void shouldTurnErrorRateInsightsOffWithAnEmptyList() {
    DetectorConfig c = config(null, Map.of("TRAIL_INSIGHTS_SELECTION_ERROR_RATE", ""), Map.of());
    assertThat(c.errorRateClasses()).isEmpty();
  }

  @Test
  void shouldPreferTheNumberGivenAtTheSameSource() throws IOException {
    Path f = file("detection:\n  sensitivity: high\n  false-insights-per-key-per-day: 0.02\n");
    assertThat(config(f, Map.of(), Map.of()).falseInsightsPerKeyPerDay()).isEqualTo(0.02);
  }

  @Test
  void shouldPreferTheSensitivityGivenAtAHigherSource() throws IOException {
    Path f = file("detection:\n  false-insights-per-key-per-day: 0.02\n");
    DetectorConfig c = config(f, Map.of("TRAIL_INSIGHTS_DETECTION_SENSITIVITY", "low"), Map.of());
    assertThat(c.falseInsightsPerKeyPerDay())
        .isEqualTo(Sensitivity.LOW.falseInsightsPerKeyPerDay());
  }

  @Test
  void shouldPreferTheNumberGivenAtAHigherSource() throws IOException {
    Path f = file("detection:\n  sensitivity: low\n");
    DetectorConfig c =
        config(f, Map.of(), Map.of("detection.false-insights-per-key-per-day", "0.5"));
    assertThat(c.falseInsightsPerKeyPerDay()).isEqualTo(0.5);
  }

  @Test
  void shouldUseTheSensitivityWhenTheNumberIsNotGiven() {
    DetectorConfig c =
        config(null, Map.of("TRAIL_INSIGHTS_DETECTION_SENSITIVITY", "HIGH"), Map.of());
    assertThat(c.falseInsightsPerKeyPerDay())
        .isEqualTo(Sensitivity.HIGH.falseInsightsPerKeyPerDay());
  }

  @Test
  void shouldNameTheVariableOfABadSensitivity() {
    assertThatThrownBy(
            () -> config(null, Map.of("TRAIL_INSIGHTS_DETECTION_SENSITIVITY", "hgh"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid value 'hgh' for detection.sensitivity (env"
                + " TRAIL_INSIGHTS_DETECTION_SENSITIVITY): expected one of low, medium, high");
  }

  @Test
  void shouldRejectABadEventClass() {
    assertThatThrownBy(
            () ->
                config(
                    null,
                    Map.of("TRAIL_INSIGHTS_SELECTION_CALL_RATE", "write-management,reads"),
                    Map.of()))
        .hasMessage(
            "invalid item 'reads' in selection.call-rate (env TRAIL_INSIGHTS_SELECTION_CALL_RATE):"
                + " expected one of write-management, read-management, data");
  }

  @Test
  void shouldRejectABadGlob() {
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("selection.deny", "kms.amazonaws.com")))
        .hasMessage(
            "invalid item 'kms.amazonaws.com' in selection.deny (flag selection.deny): expected an"
                + " eventSource:eventName glob (* any characters, ? one character)");
  }

  @Test
  void shouldRejectAWarmUpLongerThanTheBaselineWindow() throws IOException {
    Path f = file("detection:\n  baseline-window: 12h\n");
    assertThatThrownBy(() -> config(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid value '1d' for detection.min-baseline (default): expected a duration from 0"
                + " to detection.baseline-window (12h, file "
                + f
                + ", line 2)");
    assertThatThrownBy(
            () ->
                config(
                    null,
                    Map.of(
                        "TRAIL_INSIGHTS_DETECTION_MIN_BASELINE", "0",
                        "TRAIL_INSIGHTS_DETECTION_BASELINE_WINDOW", "2h"),
                    Map.of()))
        .hasMessageStartingWith("invalid value '6h' for detection.max-frozen (default)");
  }

  @Test
  void shouldNameTheOverrideAndFieldOfABadValue() throws IOException {
    Path f =
        file(
            "overrides:\n"
                + "  - api: 'iam.amazonaws.com:Create*'\n"
                + "    sensitivity: low\n"
                + "  - api: '*:Describe*'\n"
                + "    sensitivity: hgh\n");
    assertThatThrownBy(() -> config(f, Map.of(), Map.of()))
        .hasMessage(
            "invalid value 'hgh' for overrides[1].sensitivity (file "
                + f
                + ", line 1): expected one of low, medium, high");
  }

  @Test
  void shouldRejectAnUnknownOverrideFieldWithTheClosestName() {
    assertThatThrownBy(
            () ->
                config(
                    null,
                    Map.of(),
                    Map.of("overrides", "[{\"api\":\"iam.amazonaws.com:*\",\"min-cuont\":3}]")))
        .hasMessage(
            "unknown field 'min-cuont' in overrides[0] (flag overrides): expected one of api,"
                + " sensitivity, false-insights-per-key-per-day, min-count, min-ratio (did you mean"
                + " min-count?)");
  }

  @Test
  void shouldRejectAnOverrideWithoutApiOrWithBothSensitivities() {
    assertThatThrownBy(
            () -> config(null, Map.of(), Map.of("overrides", "[{\"sensitivity\":\"low\"}]")))
        .hasMessage(
            "missing overrides[0].api (flag overrides): expected an eventSource:eventName glob (*"
                + " any characters, ? one character)");
    assertThatThrownBy(
            () ->
                config(
                    null,
                    Map.of(),
                    Map.of(
                        "overrides",
                        "[{\"api\":\"a:b\",\"sensitivity\":\"low\","
                            + "\"false-insights-per-key-per-day\":0.1}]")))
        .hasMessageStartingWith(
            "invalid value '0.1' for overrides[0].false-insights-per-key-per-day (flag overrides):"
                + " expected either sensitivity or false-insights-per-key-per-day");
    assertThatThrownBy(
            () -> config(null, Map.of(), Map.of("overrides", "[{\"api\":\"no-colon\"}]")))
        .hasMessageStartingWith("invalid value 'no-colon' for overrides[0].api (flag overrides)");
    assertThatThrownBy(
            () ->
                config(null, Map.of(), Map.of("overrides", "[{\"api\":\"a:b\",\"min-count\":0}]")))
        .hasMessage(
            "invalid value '0' for overrides[0].min-count (flag overrides): expected an integer"
                + " >= 1");
  }

  @Test
  void shouldRejectOverridesThatAreNotAListOfMaps() {
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("overrides", "{\"api\":\"a:b\"}")))
        .hasMessageStartingWith("invalid value '{\"api\":\"a:b\"}' for overrides (flag overrides)");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("overrides", "[\"a:b\"]")))
        .hasMessageStartingWith("invalid value 'a:b' for overrides[0] (flag overrides)");
    assertThatThrownBy(() -> config(null, Map.of(), Map.of("overrides", "[{\"api\": \"a:b\"")))
        .hasMessageStartingWith(
            "invalid value '[{\"api\": \"a:b\"' for overrides (flag overrides)");
  }

  @Test
  void shouldRenderEveryDetectorSettingInTheTable() {
    String md = Settings.markdownTable(DetectorSettings.all());
    assertThat(md.lines()).hasSize(2 + DetectorSettings.all().size());
    for (Setting<?> s : DetectorSettings.all()) {
      assertThat(md).contains("| `" + s.key() + "` | `" + s.envName() + "` |");
    }
  }
}
