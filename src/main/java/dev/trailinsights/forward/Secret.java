package dev.trailinsights.forward;

/**
 * A credential (webhook URL, HMAC key, token) read from an environment variable or a file. Its
 * {@link #toString()} shows only where it came from, so it cannot leak into logs or messages.
 */
public final class Secret {
  private final String value;
  private final String source;

  Secret(String value, String source) {
    this.value = value;
    this.source = source;
  }

  /** The secret itself; use only to build a request. */
  public String reveal() {
    return value;
  }

  /** Where it came from: {@code env SLACK_WEBHOOK_URL} or {@code file /run/secrets/x}. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "[secret from " + source + "]";
  }
}
