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
    };
  }
}
