package dev.trailinsights.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailinsights.event.CloudTrailInput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings that shape detection, event selection and input limits: the registry behind {@link
 * DetectorConfig}, and the one place each knob is declared (key, type and bounds, default,
 * description). {@link DetectorConfig} holds values by these settings, starts from their defaults
 * and checks values given in code against their types; {@link #toConfig} copies every setting
 * across. A new knob is its declaration, its entry in {@link #all()} and, when {@code detect} reads
 * it, a one-line accessor on {@link DetectorConfig}.
 *
 * <p>{@link #SENSITIVITY} and {@link #FALSE_INSIGHTS_PER_KEY_PER_DAY} set the same thing. The
 * number is used when it was given at a source of the same or higher precedence than the
 * sensitivity (so a number in the file beats a sensitivity in the same file, but a sensitivity in
 * an environment variable beats a number in the file); otherwise the sensitivity is used.
 */
public final class DetectorSettings {
  private static final SettingType<Sensitivity> SENSITIVITY_TYPE =
      SettingType.oneOf(Sensitivity.class, s -> s.name().toLowerCase(Locale.ROOT));
  private static final SettingType<Double> FALSE_INSIGHTS_TYPE =
      SettingType.decimal(0, false, 10, true);
  private static final SettingType<Integer> MIN_COUNT_TYPE =
      SettingType.integer(1, Integer.MAX_VALUE);
  private static final SettingType<Double> MIN_RATIO_TYPE =
      SettingType.decimal(1, true, Double.POSITIVE_INFINITY, false);
  private static final SettingType<List<EventClass>> CLASSES_TYPE =
      SettingType.listOf(
          SettingType.oneOf(EventClass.class, EventClass::label),
          "a list of "
              + Arrays.stream(EventClass.values())
                  .map(EventClass::label)
                  .collect(Collectors.joining(", ")));
  private static final SettingType<List<ApiPattern>> PATTERNS_TYPE =
      SettingType.listOf(
          SettingType.apiPattern(),
          "a list of eventSource:eventName globs (* any characters, ? one character)");

  /** {@code detection.sensitivity}. */
  public static final Setting<Sensitivity> SENSITIVITY =
      Setting.of(
          "detection.sensitivity",
          SENSITIVITY_TYPE,
          "medium",
          "How many false insights per API key per day to accept on normal traffic: low (about 1"
              + " per 10,000 keys), medium (1 per 1,000), high (1 per 100). Replaced by"
              + " detection.false-insights-per-key-per-day when that is set at a source of the same"
              + " or higher precedence.");

  /** {@code detection.false-insights-per-key-per-day}. */
  public static final Setting<Double> FALSE_INSIGHTS_PER_KEY_PER_DAY =
      Setting.of(
          "detection.false-insights-per-key-per-day",
          FALSE_INSIGHTS_TYPE,
          SettingType.plain(Sensitivity.MEDIUM.falseInsightsPerKeyPerDay()),
          "The sensitivity as a number: target false insights per API key per day on normal"
              + " traffic. Wins over detection.sensitivity when set at a source of the same or"
              + " higher precedence.");

  /** {@code detection.min-count}. */
  public static final Setting<Integer> MIN_COUNT =
      Setting.of(
          "detection.min-count",
          MIN_COUNT_TYPE,
          "5",
          "Fewest calls (or errors) in one minute that can start an insight.");

  /** {@code detection.min-ratio}. */
  public static final Setting<Double> MIN_RATIO =
      Setting.of(
          "detection.min-ratio",
          MIN_RATIO_TYPE,
          SettingType.plain(2.0),
          "Least ratio of a minute's count to its expected count that can start an insight.");

  /** {@code detection.hysteresis}. */
  public static final Setting<Double> HYSTERESIS =
      Setting.of(
          "detection.hysteresis",
          SettingType.decimal(0, false, 1, true),
          SettingType.plain(0.5),
          "Share of the start evidence a minute needs to keep an open insight going; lower keeps"
              + " insights open longer.");

  /** {@code detection.quiet-minutes}. */
  public static final Setting<Integer> QUIET_MINUTES =
      Setting.of(
          "detection.quiet-minutes",
          SettingType.integer(1, 1440),
          "5",
          "Closed normal minutes after the last unusual one before an insight ends. Unit:"
              + " minutes.");

  /** {@code detection.baseline-window}. */
  public static final Setting<Duration> BASELINE_WINDOW =
      Setting.of(
          "detection.baseline-window",
          SettingType.duration(Duration.ofHours(1), Duration.ofDays(28)),
          "7d",
          "How much history the baseline averages over (AWS: about 7 days).");

  /** {@code detection.min-baseline}. */
  public static final Setting<Duration> MIN_BASELINE =
      Setting.of(
          "detection.min-baseline",
          SettingType.duration(Duration.ZERO, Duration.ofDays(28)),
          "1d",
          "History an account and region needs before its first insight (warm-up); at most"
              + " detection.baseline-window. Lower it to analyse short histories.");

  /** {@code detection.trail-start}. */
  public static final Setting<TrailStart> TRAIL_START =
      Setting.of(
          "detection.trail-start",
          SettingType.of(
              SettingType.Shape.SCALAR,
              "none, first-event or an ISO-8601 instant such as 2026-03-01T00:00:00Z",
              raw -> {
                try {
                  return TrailStart.parse(raw);
                } catch (IllegalArgumentException e) {
                  throw InvalidValueException.value(
                      raw, "none, first-event or an ISO-8601 instant such as 2026-03-01T00:00:00Z");
                }
              }),
          TrailStart.NONE.toString(),
          "Since when the trail is known complete: accounts and regions first seen later are"
              + " judged against silence back to it instead of warming up. first-event (the first"
              + " record read) suits replay; live tasks need an instant.");

  /** {@code detection.lateness}. */
  public static final Setting<Duration> LATENESS =
      Setting.of(
          "detection.lateness",
          SettingType.duration(Duration.ZERO, Duration.ofHours(6)),
          "15m",
          "How late an event may arrive, in event time, and still be counted.");

  /** {@code detection.live-edge}. */
  public static final Setting<Duration> LIVE_EDGE =
      Setting.of(
          "detection.live-edge",
          SettingType.duration(Duration.ZERO, Duration.ofDays(36500)),
          "1h",
          "How far behind the clock event time may be for a minute to be judged on the call that"
              + " makes it unusual (a Start within a second of it). Older minutes (a backlog being"
              + " caught up, a restart after an outage, replay) are judged when they close, on all"
              + " of their events, so the insights do not depend on arrival order. 0: always"
              + " when they close; a very long one (3650d): always on arrival.");

  /** {@code detection.max-frozen}. */
  public static final Setting<Duration> MAX_FROZEN =
      Setting.of(
          "detection.max-frozen",
          SettingType.duration(Duration.ofMinutes(1), Duration.ofDays(28)),
          "6h",
          "Longest stretch an open insight keeps its minutes out of the baseline; at most"
              + " detection.baseline-window.");

  /** {@code detection.seasonality}. */
  public static final Setting<Boolean> SEASONALITY =
      Setting.of(
          "detection.seasonality",
          SettingType.bool(),
          "true",
          "Model daily and weekly rhythm once the history allows it.");

  /** {@code detection.dedupe}. */
  public static final Setting<Boolean> DEDUPE =
      Setting.of(
          "detection.dedupe",
          SettingType.bool(),
          "true",
          "Count an eventID seen again within detection.lateness only once.");

  /** {@code detection.max-error-codes-per-key}. */
  public static final Setting<Integer> MAX_ERROR_CODES_PER_KEY =
      Setting.of(
          "detection.max-error-codes-per-key",
          SettingType.integer(1, 32),
          "4",
          "How many error codes per API get their own error-rate series.");

  /** {@code selection.call-rate}. */
  public static final Setting<List<EventClass>> CALL_RATE =
      Setting.of(
          "selection.call-rate",
          CLASSES_TYPE,
          labels(EnumSet.of(EventClass.WRITE_MANAGEMENT)),
          "Event classes analysed for call-rate insights; empty turns them off.");

  /** {@code selection.error-rate}. */
  public static final Setting<List<EventClass>> ERROR_RATE =
      Setting.of(
          "selection.error-rate",
          CLASSES_TYPE,
          labels(EnumSet.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT)),
          "Event classes analysed for error-rate insights; empty turns them off.");

  /** {@code selection.allow}. */
  public static final Setting<List<ApiPattern>> ALLOW =
      Setting.of(
          "selection.allow",
          PATTERNS_TYPE,
          "",
          "When not empty, only APIs that match one of these patterns are analysed.");

  /** {@code selection.deny}. */
  public static final Setting<List<ApiPattern>> DENY =
      Setting.of(
          "selection.deny",
          PATTERNS_TYPE,
          "",
          "APIs that match one of these patterns are never analysed (applied after"
              + " selection.allow).");

  private static final String API = "api";
  private static final String OVERRIDE_SENSITIVITY = "sensitivity";
  private static final String OVERRIDE_FALSE_INSIGHTS = "false-insights-per-key-per-day";
  private static final String OVERRIDE_MIN_COUNT = "min-count";
  private static final String OVERRIDE_MIN_RATIO = "min-ratio";
  private static final List<String> OVERRIDE_FIELDS =
      List.of(
          API,
          OVERRIDE_SENSITIVITY,
          OVERRIDE_FALSE_INSIGHTS,
          OVERRIDE_MIN_COUNT,
          OVERRIDE_MIN_RATIO);
  private static final String OVERRIDES_ALLOWED =
      "a list of maps {api: eventSource:eventName glob, sensitivity: low|medium|high or"
          + " false-insights-per-key-per-day: number, min-count: integer, min-ratio: number}"
          + " (JSON in environment variables and flags)";
  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** {@code overrides}. */
  public static final Setting<List<ApiOverride>> OVERRIDES =
      Setting.of(
          "overrides",
          SettingType.of(
              SettingType.Shape.STRUCTURED, OVERRIDES_ALLOWED, DetectorSettings::overrides),
          "[]",
          "Per-API settings that replace the global ones for the APIs a pattern matches; the"
              + " first match wins. Quote patterns that start with * in YAML.");

  /** {@code input.max-record-bytes}. */
  public static final Setting<Integer> MAX_RECORD_BYTES =
      Setting.of(
          "input.max-record-bytes",
          SettingType.integer(1024, 64 << 20),
          Integer.toString(CloudTrailInput.DEFAULT_MAX_RECORD_BYTES),
          "Largest single CloudTrail record accepted, in bytes; larger ones are reported as bad"
              + " input.");

  /** {@code input.max-file-mib}. */
  public static final Setting<Integer> MAX_FILE_MIB =
      Setting.of(
          "input.max-file-mib",
          SettingType.integer(1, 1 << 20),
          Long.toString(CloudTrailInput.DEFAULT_MAX_FILE_BYTES >> 20),
          "Most MiB of one input file of replay or load held in memory: a document file (one"
              + " {\"Records\":[...]}, read whole) is read up to this size after decompression, and"
              + " gzip data inflating past it at more than 100 times its compressed size is taken"
              + " for a bomb; what was read is used and the file is reported as cut. JSON lines are"
              + " streamed and read whole whatever their length (each line bounded by"
              + " input.max-record-bytes).");

  /** {@code detection.state-cache-mib}. */
  public static final Setting<Integer> STATE_CACHE_MIB =
      Setting.of(
          "detection.state-cache-mib",
          SettingType.integer(1, 65536),
          "64",
          "Memory, in MiB, for decoded per-key states that each live detector task keeps in front"
              + " of its state store (the least recently used are dropped; they stay encoded in"
              + " the store). Multiply by the detector tasks on an instance (at most the input's"
              + " partitions) when sizing the heap. replay keeps one such cache and every other"
              + " state encoded.");

  /** {@code detection.max-keys}. */
  public static final Setting<Integer> MAX_KEYS =
      Setting.of(
          "detection.max-keys",
          SettingType.integer(1, Integer.MAX_VALUE),
          "1000000",
          "Most API keys (account, region, event source, event name) tracked: by replay in all"
              + " (about 400 bytes of heap each besides detection.state-cache-mib, so the default"
              + " fits a 1 GiB heap), by each live detector task in its state store (on disk)."
              + " Once reached, events of new keys are counted as untracked"
              + " (trail.insights.untracked.events, the replay summary) and logged once; the keys"
              + " tracked go on.");

  /** {@code output.details}. */
  public static final Setting<Boolean> DETAILS =
      Setting.of(
          "output.details",
          SettingType.bool(),
          "true",
          "Add the insightDetails.trailInsights explanation (p-value, expected rate, model) to"
              + " Insights events.");

  private static final List<Setting<?>> ALL =
      List.of(
          SENSITIVITY,
          FALSE_INSIGHTS_PER_KEY_PER_DAY,
          MIN_COUNT,
          MIN_RATIO,
          HYSTERESIS,
          QUIET_MINUTES,
          BASELINE_WINDOW,
          MIN_BASELINE,
          TRAIL_START,
          LATENESS,
          LIVE_EDGE,
          MAX_FROZEN,
          SEASONALITY,
          DEDUPE,
          MAX_ERROR_CODES_PER_KEY,
          CALL_RATE,
          ERROR_RATE,
          ALLOW,
          DENY,
          OVERRIDES,
          MAX_RECORD_BYTES,
          MAX_FILE_MIB,
          STATE_CACHE_MIB,
          MAX_KEYS,
          DETAILS);

  private DetectorSettings() {}

  /** Every detection, selection, input and output setting, in documentation order. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /**
   * The detector configuration these settings describe.
   *
   * @param s settings loaded with a registry that includes {@link #all()}
   * @throws ConfigException when values that are valid alone do not fit together ({@code
   *     detection.min-baseline} or {@code detection.max-frozen} longer than {@code
   *     detection.baseline-window})
   */
  public static DetectorConfig toConfig(Settings s) {
    DetectorConfig.Builder b = DetectorConfig.builder();
    Settings.Source number = s.source(FALSE_INSIGHTS_PER_KEY_PER_DAY);
    if (number.kind() != Settings.Source.Kind.DEFAULT && number.atLeast(s.source(SENSITIVITY))) {
      b.falseInsightsPerKeyPerDay(s.get(FALSE_INSIGHTS_PER_KEY_PER_DAY));
    } else {
      b.sensitivity(s.get(SENSITIVITY));
    }
    Duration window = s.get(BASELINE_WINDOW);
    String windowText =
        "detection.baseline-window ("
            + SettingType.format(window)
            + ", "
            + s.source(BASELINE_WINDOW)
            + ")";
    notLongerThanWindow(s, MIN_BASELINE, window, "a duration from 0 to " + windowText);
    notLongerThanWindow(s, MAX_FROZEN, window, "a duration from 1m to " + windowText);
    for (Setting<?> setting : ALL) {
      if (setting != SENSITIVITY && setting != FALSE_INSIGHTS_PER_KEY_PER_DAY) {
        copy(s, setting, b);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static void notLongerThanWindow(
      Settings s, Setting<Duration> setting, Duration window, String expected) {
    if (s.get(setting).compareTo(window) > 0) {
      throw new ConfigException(
          Settings.invalid(
              setting, s.source(setting), InvalidValueException.value(s.raw(setting), expected)));
    }
  }

  private static <T> void copy(Settings s, Setting<T> setting, DetectorConfig.Builder b) {
    b.set(setting, s.get(setting));
  }

  private static String labels(Set<EventClass> classes) {
    return Arrays.stream(EventClass.values())
        .filter(classes::contains)
        .map(EventClass::label)
        .collect(Collectors.joining(","));
  }

  /** Parses {@code overrides}: a YAML or JSON list of maps, every scalar read as written. */
  private static List<ApiOverride> overrides(String raw) {
    if (raw.isBlank()) {
      return List.of();
    }
    List<ApiOverride> out = new ArrayList<>();
    try (JsonParser p = YamlInput.parser(YAML, raw)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        return List.of();
      }
      if (t != JsonToken.START_ARRAY) {
        throw InvalidValueException.value(raw, OVERRIDES_ALLOWED);
      }
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        String index = "[" + out.size() + "]";
        if (t != JsonToken.START_OBJECT) {
          throw InvalidValueException.value(p.getText(), "a map like {api: ..., min-count: ...}")
              .at(index);
        }
        try {
          out.add(override(p));
        } catch (InvalidValueException e) {
          throw e.at(index);
        }
      }
      if (p.nextToken() != null) {
        throw InvalidValueException.value(raw, OVERRIDES_ALLOWED);
      }
    } catch (IOException e) {
      throw InvalidValueException.value(raw, OVERRIDES_ALLOWED);
    }
    return Collections.unmodifiableList(out);
  }

  private static ApiOverride override(JsonParser p) throws IOException {
    Map<String, String> fields = new HashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (!OVERRIDE_FIELDS.contains(name)) {
        throw InvalidValueException.field(
            name,
            "one of "
                + String.join(", ", OVERRIDE_FIELDS)
                + " (did you mean "
                + Settings.closest(name, OVERRIDE_FIELDS)
                + "?)");
      }
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
        p.skipChildren();
        throw InvalidValueException.value(
                "a " + (v == JsonToken.START_ARRAY ? "list" : "map"), "a single value")
            .at("." + name);
      }
      if (v != JsonToken.VALUE_NULL) {
        fields.put(name, p.getText());
      }
    }
    String api = fields.get(API);
    if (api == null) {
      throw InvalidValueException.missing(SettingType.apiPattern().allowed()).at("." + API);
    }
    ApiPattern pattern = field(SettingType.apiPattern(), API, api);
    Double falseInsights = null;
    if (fields.containsKey(OVERRIDE_SENSITIVITY)) {
      if (fields.containsKey(OVERRIDE_FALSE_INSIGHTS)) {
        throw InvalidValueException.value(
                fields.get(OVERRIDE_FALSE_INSIGHTS),
                "either sensitivity or false-insights-per-key-per-day in one override, not both")
            .at("." + OVERRIDE_FALSE_INSIGHTS);
      }
      falseInsights =
          field(SENSITIVITY_TYPE, OVERRIDE_SENSITIVITY, fields.get(OVERRIDE_SENSITIVITY))
              .falseInsightsPerKeyPerDay();
    } else if (fields.containsKey(OVERRIDE_FALSE_INSIGHTS)) {
      falseInsights =
          field(FALSE_INSIGHTS_TYPE, OVERRIDE_FALSE_INSIGHTS, fields.get(OVERRIDE_FALSE_INSIGHTS));
    }
    Integer minCount =
        fields.containsKey(OVERRIDE_MIN_COUNT)
            ? field(MIN_COUNT_TYPE, OVERRIDE_MIN_COUNT, fields.get(OVERRIDE_MIN_COUNT))
            : null;
    Double minRatio =
        fields.containsKey(OVERRIDE_MIN_RATIO)
            ? field(MIN_RATIO_TYPE, OVERRIDE_MIN_RATIO, fields.get(OVERRIDE_MIN_RATIO))
            : null;
    return new ApiOverride(pattern, falseInsights, minCount, minRatio);
  }

  private static <T> T field(SettingType<T> type, String name, String raw) {
    try {
      return type.parse(raw);
    } catch (InvalidValueException e) {
      throw e.at("." + name);
    }
  }
}
