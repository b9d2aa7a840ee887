package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A chat service's incoming webhook: one JSON body, built from the event by the subclass, POSTed to
 * the destination's URL; the body may link to the insight through the destination's link template.
 */
abstract class ChatWebhookFormat implements MessageFormat {
  private final URI uri;

  /** The destination's {@code link} template, or null. */
  final String linkTemplate;

  ChatWebhookFormat(DestinationSpec spec) {
    this.uri = URI.create(spec.url().reveal());
    this.linkTemplate = spec.linkTemplate();
  }

  @Override
  public final OutboundRequest format(InsightEvent e, byte[] raw, Instant now) {
    return new OutboundRequest(uri, Map.of("Content-Type", "application/json"), body(e));
  }

  /** The JSON body for {@code e}. */
  abstract byte[] body(InsightEvent e);
}
