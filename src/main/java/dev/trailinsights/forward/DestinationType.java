package dev.trailinsights.forward;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of destination {@code forward} delivers to; {@link #configName()} is the YAML name. */
public enum DestinationType {
  /** Any HTTPS receiver: the Insights JSON as is, signed with HMAC-SHA256. */
  WEBHOOK("webhook", true),
  /** A Slack incoming webhook: a Block Kit message. */
  SLACK("slack", true),
  /** The Prometheus Alertmanager v2 API: a firing alert on Start, resolved on End. */
  ALERTMANAGER("alertmanager", false),
  /** A Microsoft Teams workflow webhook: an Adaptive Card. */
  TEAMS("teams", true),
  /**
   * The Slack Web API with a bot token: {@code chat.postMessage} on Start, a thread reply under it
   * on End.
   */
  SLACK_BOT("slack-bot", false);

  private final String configName;
  private final boolean secretUrl;

  DestinationType(String configName, boolean secretUrl) {
    this.configName = configName;
    this.secretUrl = secretUrl;
  }

  /** The {@code type:} value in the configuration, also the metric tag. */
  public String configName() {
    return configName;
  }

  /** Whether the URL is a credential and may only come from an environment variable or a file. */
  public boolean secretUrl() {
    return secretUrl;
  }

  /**
   * The type named {@code name}.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static DestinationType of(String name) {
    for (DestinationType t : values()) {
      if (t.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "'" + name + "' is not a destination type; allowed: " + allowed());
  }

  /** Every type's YAML name, comma-separated, for errors. */
  public static String allowed() {
    return Arrays.stream(values())
        .map(DestinationType::configName)
        .collect(Collectors.joining(", "));
  }
}
