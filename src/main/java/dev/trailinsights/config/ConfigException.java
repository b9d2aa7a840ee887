package dev.trailinsights.config;

/**
 * Configuration that cannot start the application: an unknown key, an invalid value or an
 * unreadable file. The message is one line naming the key, where it came from and what is allowed;
 * it never contains the value of a secret setting.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
