package dev.trailinsights.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration key, defined once: its dotted key, type, default, allowed values and
 * description. The same definition names the environment variable, validates values from every
 * source and renders the documentation table ({@link Settings#markdownTable}).
 *
 * <p>A secret setting's value never appears in an error message. Keys whose name contains {@code
 * secret}, {@code password}, {@code token} or {@code key-material} are secret whether or not they
 * are declared so.
 *
 * @param <T> the typed value
 */
public final class Setting<T> {
  private static final Pattern KEY = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
  private static final String[] SECRET_WORDS = {"secret", "password", "token", "key-material"};

  private final String key;
  private final SettingType<T> type;
  private final String defaultText;
  private final String description;
  private final boolean secret;
  private final T defaultValue;

  private Setting(
      String key, SettingType<T> type, String defaultText, String description, boolean secret) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "setting key '" + key + "' must be lowercase words joined by '.' or '-'");
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("setting " + key + " needs a description");
    }
    this.key = key;
    this.type = Objects.requireNonNull(type, "type");
    this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
    this.description = description;
    this.secret = secret || looksSecret(key);
    try {
      this.defaultValue = type.parse(defaultText);
    } catch (InvalidValueException e) {
      throw new IllegalArgumentException(
          "default '"
              + defaultText
              + "' of setting "
              + key
              + " is invalid: expected "
              + e.expected(),
          e);
    }
  }

  /**
   * A setting.
   *
   * @param key dotted lowercase key, e.g. {@code detection.min-count}
   * @param type parser and allowed values
   * @param defaultText the default in the same form a user writes it; must parse
   * @param description one or two sentences for the documentation; say the unit if there is one
   * @throws IllegalArgumentException when the key is malformed, the description blank or the
   *     default invalid
   */
  public static <T> Setting<T> of(
      String key, SettingType<T> type, String defaultText, String description) {
    return new Setting<>(key, type, defaultText, description, false);
  }

  /** The same setting, marked secret: its values are never echoed in errors. */
  public Setting<T> asSecret() {
    return new Setting<>(key, type, defaultText, description, true);
  }

  private static boolean looksSecret(String key) {
    for (String w : SECRET_WORDS) {
      if (key.contains(w)) {
        return true;
      }
    }
    return false;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  /** The default as a user would write it. */
  public String defaultText() {
    return defaultText;
  }

  /** The allowed values in words, completing "expected ...". */
  public String allowed() {
    return type.allowed();
  }

  public boolean secret() {
    return secret;
  }

  public SettingType.Shape shape() {
    return type.shape();
  }

  /** The environment variable: {@code TRAIL_INSIGHTS_} and the key upper-cased, . and - as _. */
  public String envName() {
    return Settings.envName(key);
  }

  /** The parsed default. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * @throws InvalidValueException when {@code raw} is not allowed
   */
  public T parse(String raw) {
    return type.parse(raw);
  }

  /**
   * {@code value} when its type allows it; the check a value given in code goes through, the same
   * bounds as {@link #parse}.
   *
   * @throws IllegalArgumentException naming the key and what is allowed
   */
  public T check(T value) {
    if (!type.accepts(value)) {
      throw new IllegalArgumentException(
          "invalid value for " + key + ": expected " + type.allowed());
    }
    return value;
  }

  @Override
  public String toString() {
    return key;
  }

  /** Upper-case form used by {@link #envName()}. */
  static String envSuffix(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
