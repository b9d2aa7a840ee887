package dev.trailinsights.forward;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.insight.InsightEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** Writes a JSON body into a generator. */
  @FunctionalInterface
  interface JsonBody {
    void write(JsonGenerator g) throws IOException;
  }

  /** A JSON body as UTF-8 bytes, written by {@code body}. */
  static byte[] json(JsonBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory: not expected
    }
    return out.toByteArray();
  }

  /** The shared factory (thread-safe). */
  final class Json {
    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}
  }
}
