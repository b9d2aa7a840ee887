package dev.trailinsights.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Validated configuration: for every setting of a registry, its raw text, its typed value and the
 * source it came from. Immutable; built once at start-up by {@link #load}.
 *
 * <h2>Sources and precedence</h2>
 *
 * Each key takes its value from the highest-precedence source that gives it:
 *
 * <ol>
 *   <li>the default in code (lowest);
 *   <li>the YAML file: nested maps name dotted keys ({@code detection: {min-count: 5}} is {@code
 *       detection.min-count}), list settings take YAML lists or comma-separated text, structured
 *       settings take YAML structures;
 *   <li>environment variables: {@value #ENV_PREFIX} followed by the key upper-cased with {@code .}
 *       and {@code -} as {@code _} ({@code TRAIL_INSIGHTS_DETECTION_MIN_COUNT}); lists as
 *       comma-separated text, structured settings as JSON. Variables with the prefix that name no
 *       key are an error, except {@link #IGNORED_ENV}. Other variables, such as {@code KAFKA_*},
 *       are not read here;
 *   <li>flags (highest): the setting key and its text, as the command line passes them.
 * </ol>
 *
 * <p>Every value given is validated, also one that a higher source replaces. The first problem
 * stops start-up with one {@link ConfigException} line that names the key, the source (file and
 * line, variable or flag) and the allowed values, and suggests the closest key for an unknown one.
 * Values of secret settings are never repeated in messages.
 */
public final class Settings {
  /** Prefix of the environment variables read as settings. */
  public static final String ENV_PREFIX = "TRAIL_INSIGHTS_";

  /** Variables with the prefix that are not settings: the CLI reads them itself. */
  public static final Set<String> IGNORED_ENV =
      Set.of("TRAIL_INSIGHTS_DEBUG", "TRAIL_INSIGHTS_CONSOLE_TOKEN");

  private static final int MAX_ECHO = 80;

  /** Where a value came from; {@link Kind} is in order of precedence. */
  public record Source(Kind kind, String where) {
    /** Kinds of source, lowest precedence first. */
    public enum Kind {
      DEFAULT,
      FILE,
      ENVIRONMENT,
      FLAG
    }

    static final Source DEFAULT = new Source(Kind.DEFAULT, "default");

    static Source file(Path path, int line) {
      return new Source(Kind.FILE, "file " + path + ", line " + line);
    }

    static Source env(String name) {
      return new Source(Kind.ENVIRONMENT, "env " + name);
    }

    static Source flag(String key) {
      return new Source(Kind.FLAG, "flag " + key);
    }

    /** Whether a value from here replaces one from {@code other} (same or higher precedence). */
    public boolean atLeast(Source other) {
      return kind.compareTo(other.kind) >= 0;
    }

    @Override
    public String toString() {
      return where;
    }
  }

  private final List<Setting<?>> registry;
  private final Map<String, String> raw;
  private final Map<String, Object> values;
  private final Map<String, Source> sources;

  private Settings(
      List<Setting<?>> registry,
      Map<String, String> raw,
      Map<String, Object> values,
      Map<String, Source> sources) {
    this.registry = List.copyOf(registry);
    this.raw = Map.copyOf(raw);
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
  }

  /**
   * Reads and validates the settings of {@code registry} from defaults, the file, the environment
   * and flags, in that order of precedence.
   *
   * @param yamlFileOrNull YAML configuration file, or null for none
   * @param env the process environment (usually {@code System.getenv()}); null for none
   * @param flags setting key to text, from the command line; null for none
   * @throws ConfigException with one line on the first unknown key, invalid value or unreadable
   *     file
   * @throws IllegalArgumentException when the registry defines a key or variable twice
   */
  public static Settings load(
      Path yamlFileOrNull,
      Map<String, String> env,
      Map<String, String> flags,
      List<Setting<?>> registry) {
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    Map<String, Setting<?>> byEnv = new HashMap<>();
    for (Setting<?> s : registry) {
      if (byKey.put(s.key(), s) != null || byEnv.put(s.envName(), s) != null) {
        throw new IllegalArgumentException("setting defined twice: " + s.key());
      }
    }
    Map<String, String> raw = new HashMap<>();
    Map<String, Object> values = new HashMap<>();
    Map<String, Source> sources = new HashMap<>();
    for (Setting<?> s : registry) {
      raw.put(s.key(), s.defaultText());
      values.put(s.key(), s.defaultValue());
      sources.put(s.key(), Source.DEFAULT);
    }
    if (yamlFileOrNull != null) {
      for (SettingsFile.Entry e : SettingsFile.read(yamlFileOrNull, byKey)) {
        apply(e.setting(), e.raw(), Source.file(yamlFileOrNull, e.line()), raw, values, sources);
      }
    }
    if (env != null) {
      for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
        String name = e.getKey();
        if (!name.startsWith(ENV_PREFIX) || IGNORED_ENV.contains(name)) {
          continue;
        }
        Setting<?> s = byEnv.get(name);
        if (s == null) {
          throw new ConfigException(
              "unknown environment variable " + name + suggestion(name, byEnv.keySet()));
        }
        apply(s, e.getValue(), Source.env(name), raw, values, sources);
      }
    }
    if (flags != null) {
      for (Map.Entry<String, String> e : new TreeMap<>(flags).entrySet()) {
        Setting<?> s = byKey.get(e.getKey());
        if (e.getKey().isBlank()) {
          throw new ConfigException(
              "flag --set ="
                  + e.getValue()
                  + " names no key: give KEY=VALUE, e.g. --set http.port=8080");
        }
        if (s == null) {
          throw new ConfigException(
              unknownKey(e.getKey(), Source.flag(e.getKey()), byKey.keySet()));
        }
        apply(s, e.getValue(), Source.flag(e.getKey()), raw, values, sources);
      }
    }
    return new Settings(registry, raw, values, sources);
  }

  private static void apply(
      Setting<?> s,
      String text,
      Source source,
      Map<String, String> raw,
      Map<String, Object> values,
      Map<String, Source> sources) {
    String t = text == null ? "" : text;
    Object v;
    try {
      v = s.parse(t);
    } catch (InvalidValueException e) {
      throw new ConfigException(invalid(s, source, e));
    }
    raw.put(s.key(), t);
    values.put(s.key(), v);
    sources.put(s.key(), source);
  }

  /**
   * The typed value of {@code s}.
   *
   * @throws IllegalArgumentException when {@code s} is not in the registry these settings were
   *     loaded with
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> s) {
    require(s);
    return (T) values.get(s.key());
  }

  /** The text the value of {@code s} was parsed from. */
  public String raw(Setting<?> s) {
    require(s);
    return raw.get(s.key());
  }

  /** Where the value of {@code s} came from. */
  public Source source(Setting<?> s) {
    require(s);
    return sources.get(s.key());
  }

  /** The registry these settings were loaded with, in its order. */
  public List<Setting<?>> registry() {
    return registry;
  }

  private void require(Setting<?> s) {
    if (!values.containsKey(s.key()) || !registry.contains(s)) {
      throw new IllegalArgumentException(
          "setting " + s.key() + " is not in the registry these settings were loaded with");
    }
  }

  /**
   * The environment variable of a key: {@code detection.min-count} to {@code
   * TRAIL_INSIGHTS_DETECTION_MIN_COUNT}.
   */
  public static String envName(String key) {
    return ENV_PREFIX + Setting.envSuffix(key);
  }

  /**
   * The registry as a Markdown table (key, environment variable, default, allowed values,
   * description), one row per setting in registry order, for the README.
   */
  public static String markdownTable(List<Setting<?>> registry) {
    StringBuilder md = new StringBuilder();
    md.append("| Key | Environment variable | Default | Allowed | Description |\n");
    md.append("|---|---|---|---|---|\n");
    for (Setting<?> s : registry) {
      md.append("| `")
          .append(cell(s.key()))
          .append("` | `")
          .append(cell(s.envName()))
          .append("` | ")
          .append(s.defaultText().isEmpty() ? "(empty)" : "`" + cell(s.defaultText()) + "`")
          .append(" | ")
          .append(cell(s.allowed()))
          .append(" | ")
          .append(cell(s.description()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * The one-line message for an invalid value of {@code s} at {@code at}, a place inside a
   * structured file that is not one of the run settings (e.g. {@code delivery.max-attempts} of the
   * {@code forward} configuration). A secret setting's value is not shown.
   */
  public static String invalidAt(String at, Setting<?> s, InvalidValueException e) {
    String shown = s.secret() || e.value() == null ? "" : " '" + echo(e.value()) + "'";
    return at + e.path() + ": invalid value" + shown + ": expected " + e.expected();
  }

  /** The one-line message for an invalid value of {@code s} from {@code source}. */
  static String invalid(Setting<?> s, Source source, InvalidValueException e) {
    String at = s.key() + e.path() + " (" + source + ")";
    String shown = s.secret() || e.value() == null ? "" : " '" + echo(e.value()) + "'";
    switch (e.kind()) {
      case ITEM:
        return "invalid item" + shown + " in " + at + ": expected " + e.expected();
      case FIELD:
        return "unknown field '" + echo(e.value()) + "' in " + at + ": expected " + e.expected();
      case MISSING:
        return "missing " + at + ": expected " + e.expected();
      default:
        return "invalid value" + shown + " for " + at + ": expected " + e.expected();
    }
  }

  /** The one-line message for a key no setting has. */
  static String unknownKey(String key, Source source, Collection<String> known) {
    return "unknown key '" + echo(key) + "' (" + source + ")" + suggestion(key, known);
  }

  /** {@code ": did you mean <closest>?"}, or nothing when there is no candidate. */
  static String suggestion(String word, Collection<String> known) {
    String c = closest(word, known);
    return c == null ? "" : ": did you mean " + c + "?";
  }

  /** A value fit for a one-line message: control characters escaped, long text shortened. */
  static String echo(String value) {
    StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_ECHO) + 8);
    for (int i = 0; i < value.length(); i++) {
      if (b.length() >= MAX_ECHO) {
        b.append("...");
        break;
      }
      char c = value.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The candidate with the smallest edit distance to {@code word} (first in order on ties). */
  static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(candidates)) {
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance, for suggesting the closest valid key. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
