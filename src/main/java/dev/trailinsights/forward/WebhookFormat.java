package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook: the Insights JSON exactly as read from the topic, with headers a receiver
 * uses to authenticate and de-duplicate it.
 *
 * <ul>
 *   <li>{@value #TIMESTAMP}: seconds since the epoch when this attempt was signed;
 *   <li>{@value #SIGNATURE}: {@code sha256=} and the lower-case hex HMAC-SHA256, keyed with the
 *       destination's key, of the UTF-8 bytes of the timestamp, a {@code .}, and the body bytes. A
 *       receiver recomputes it, compares in constant time and rejects old timestamps;
 *   <li>{@value #EVENT_ID}: the {@code eventID}, the same on every retry.
 * </ul>
 */
public final class WebhookFormat implements MessageFormat {
  /** Header with the signing time, epoch seconds. */
  public static final String TIMESTAMP = "X-Trail-Insights-Timestamp";

  /** Header with {@code sha256=<hex>}. */
  public static final String SIGNATURE = "X-Trail-Insights-Signature";

  /** Header with the event's {@code eventID}. */
  public static final String EVENT_ID = "X-Trail-Insights-Event-Id";

  private final URI uri;
  private final SecretKeySpec key;

  WebhookFormat(DestinationSpec spec) {
    this.uri = URI.create(spec.url().reveal());
    this.key =
        new SecretKeySpec(spec.hmacKey().reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  @Override
  public OutboundRequest format(InsightEvent event, byte[] raw, Instant now) {
    String ts = Long.toString(now.getEpochSecond());
    return new OutboundRequest(
        uri,
        Map.of(
            "Content-Type",
            "application/json",
            TIMESTAMP,
            ts,
            SIGNATURE,
            "sha256=" + sign(key, ts, raw),
            EVENT_ID,
            event.eventId() == null ? "" : event.eventId()),
        raw);
  }

  /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body}. */
  public static String sign(SecretKeySpec key, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 unavailable", ex);
    }
  }
}
