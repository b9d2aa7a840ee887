package dev.trailinsights.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.insight.InsightEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The Slack Web API with a bot token: {@code chat.postMessage} with the same Block Kit message as
 * {@link SlackFormat}. The Start's message {@code ts} is kept in the {@link ThreadStore} under the
 * {@code sharedEventID}; the End is posted as a reply in that thread (or on its own when the Start
 * is unknown). Slack reports errors as {@code {"ok": false, "error": "..."}} with status 200:
 * {@code internal_error}, {@code fatal_error}, {@code service_unavailable}, {@code request_timeout}
 * and {@code ratelimited} are retried, every other error parks the event.
 */
public final class SlackBotFormat implements MessageFormat {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TRANSIENT =
      Set.of(
          "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited");

  private final String name;
  private final URI uri;
  private final String token;
  private final String channel;
  private final SlackFormat message;
  private final ThreadStore threads;

  SlackBotFormat(DestinationSpec spec, ThreadStore threads) {
    this.name = spec.name();
    this.uri = URI.create(spec.url().reveal().replaceAll("/+$", "") + "/chat.postMessage");
    this.token = spec.token().reveal();
    this.channel = spec.channel();
    this.message = new SlackFormat(spec);
    this.threads = threads;
  }

  @Override
  public OutboundRequest format(InsightEvent e, byte[] raw, Instant now) {
    String thread =
        Texts.started(e) || e.sharedEventId() == null
            ? null
            : threads.threadOf(name, e.sharedEventId());
    byte[] json =
        MessageFormat.json(
            g -> {
              g.writeStartObject();
              g.writeStringField("channel", channel);
              if (thread != null) {
                g.writeStringField("thread_ts", thread);
              }
              g.writeBooleanField("unfurl_links", false);
              message.writeMessage(g, e);
              g.writeEndObject();
            });
    return new OutboundRequest(
        uri,
        Map.of(
            "Content-Type", "application/json; charset=utf-8", "Authorization", "Bearer " + token),
        json);
  }

  @Override
  public Refusal check(InsightEvent e, byte[] responseBody) {
    JsonNode root;
    try {
      root = MAPPER.readTree(responseBody);
    } catch (IOException ex) {
      return new Refusal("slack answered with no JSON", true);
    }
    if (root == null || !root.path("ok").asBoolean(false)) {
      String error = root == null ? "" : root.path("error").asText("");
      String code = error.matches("[a-z_]{1,64}") ? error : "unknown";
      return new Refusal("slack error " + code, TRANSIENT.contains(code));
    }
    String ts = root.path("ts").asText(null);
    if (Texts.started(e) && ts != null && e.sharedEventId() != null) {
      threads.remember(name, e.sharedEventId(), ts);
    }
    return null;
  }
}
