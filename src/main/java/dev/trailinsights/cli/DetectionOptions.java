package dev.trailinsights.cli;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.DetectorSettings;
import dev.trailinsights.config.Settings;
import dev.trailinsights.config.TrailStart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The detection options every offline command shares. Flags are settings of the highest precedence:
 * defaults &lt; {@code --config} file &lt; {@code TRAIL_INSIGHTS_*} environment &lt; flags.
 */
final class DetectionOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration file (keys as in the README's configuration table).")
  Path config;

  @Option(
      names = "--min-baseline",
      paramLabel = "DURATION",
      description =
          "Least history of an account and region before any insight (warm-up), e.g. 10m, 6h, 7d."
              + " Default 1d.")
  String minBaseline;

  @Option(
      names = "--sensitivity",
      paramLabel = "LEVEL",
      description =
          "low, medium or high: about 1 false insight per 10,000, 1,000 or 100 API keys per day.")
  String sensitivity;

  @Option(
      names = "--lateness",
      paramLabel = "DURATION",
      description = "How late an event may arrive and still be counted. Default 15m.")
  String lateness;

  @Option(
      names = "--call-rate",
      paramLabel = "CLASSES",
      description =
          "Events of the call-rate series: comma-separated write-management, read-management,"
              + " data. Default write-management.")
  String callRate;

  @Option(
      names = "--error-rate",
      paramLabel = "CLASSES",
      description =
          "Events of the error-rate series, as --call-rate. Default"
              + " write-management,read-management.")
  String errorRate;

  @Option(
      names = "--trail-start",
      paramLabel = "WHEN",
      description =
          "Since when the trail is complete: first-event (default for offline commands: the first"
              + " record read), none (each account and region warms up from its own first event),"
              + " or an instant such as 2026-03-01T00:00:00Z.")
  String trailStart;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any configuration key, e.g. --set detection.min-count=3 (repeatable).")
  Map<String, String> set = new LinkedHashMap<>();

  /**
   * The validated configuration; a bad key or value is a one-line {@code ConfigException}. Offline
   * commands read a trail from its beginning, so unless a source sets {@code
   * detection.trail-start}, the first record read is the trail start.
   */
  DetectorConfig toConfig() {
    Map<String, String> flags = new LinkedHashMap<>(set);
    put(flags, "detection.min-baseline", minBaseline);
    put(flags, "detection.sensitivity", sensitivity);
    put(flags, "detection.lateness", lateness);
    put(flags, "selection.call-rate", callRate);
    put(flags, "selection.error-rate", errorRate);
    put(flags, "detection.trail-start", trailStart);
    Settings s = Settings.load(config, System.getenv(), flags, DetectorSettings.all());
    DetectorConfig c = DetectorSettings.toConfig(s);
    if (s.source(DetectorSettings.TRAIL_START).kind() == Settings.Source.Kind.DEFAULT) {
      c = c.toBuilder().trailStart(TrailStart.FIRST_EVENT).build();
    }
    return c;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
