package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import java.time.Instant;

/** Turns one Insights event into the request a destination type expects. */
public interface MessageFormat {
  /**
   * The request for {@code event}.
   *
   * @param raw the record as read from the topic, sent unchanged by formats that forward it as is
   * @param now the time of this attempt (signatures and Alertmanager's {@code endsAt} use it)
   */
  OutboundRequest format(InsightEvent event, byte[] raw, Instant now);

  /** The format of {@code spec}'s type. */
  static MessageFormat of(DestinationSpec spec) {
    return switch (spec.type()) {
      case WEBHOOK -> new WebhookFormat(spec);
      case SLACK -> new SlackFormat(spec);
      case ALERTMANAGER -> new AlertmanagerFormat(spec);
      case TEAMS -> new TeamsFormat(spec);
      case SLACK_BOT -> new SlackBotFormat(spec, ThreadStore.NONE);
    };
  }

  /** The format of {@code spec}'s type, keeping Slack threads in {@code threads}. */
  static MessageFormat of(DestinationSpec spec, ThreadStore threads) {
    return spec.type() == DestinationType.SLACK_BOT ? new SlackBotFormat(spec, threads) : of(spec);
  }

  /**
   * Judges a 2xx response body, for APIs that report errors inside it, and keeps what later
   * messages need; called once per accepted response.
   *
   * @return null when the request was accepted, else why not
   */
  default Refusal check(InsightEvent event, byte[] responseBody) {
    return null;
  }

  /**
   * A 2xx response that reports an error.
   *
   * @param reason one line, safe to log (an error code, never a secret)
   * @param retry whether trying again may succeed
   */
  record Refusal(String reason, boolean retry) {}
}
