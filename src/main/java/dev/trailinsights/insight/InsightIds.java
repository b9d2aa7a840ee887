package dev.trailinsights.insight;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic identifiers for Insights events: name-based UUIDs (version 5, SHA-1, RFC 9562
 * layout) so that a replay writes byte-identical records and a retried write cannot create a second
 * insight.
 *
 * <p>The names hashed here are a stable format: changing them changes every identifier ever
 * emitted, so they are versioned ({@code /v1}) and must never be edited in place.
 */
public final class InsightIds {

  /** {@code uuid5(NAMESPACE_DNS, "trailinsights.dev")}: the namespace of every id made here. */
  static final UUID NAMESPACE =
      uuid5(
          UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
          "trailinsights.dev".getBytes(StandardCharsets.UTF_8));

  private InsightIds() {}

  /**
   * The {@code sharedEventID} of an insight: the same on its Start and End records.
   *
   * <p>The name is {@code insight/v1} followed by each part as {@code <UTF-8 length>:<UTF-8 bytes>}
   * (so no choice of values can make two different identities collide): account, region, event
   * source, event name, insight type ({@code ApiCallRateInsight} or {@code ApiErrorRateInsight}),
   * error code (empty for call-rate insights) and the start minute in epoch milliseconds. A null
   * part counts as empty.
   *
   * @param startMinuteMillis the first unusual minute, a whole minute in epoch milliseconds
   * @throws IllegalArgumentException when {@code type} is null or the start is not a whole minute
   */
  public static String sharedEventId(
      String accountId,
      String region,
      String eventSource,
      String eventName,
      InsightType type,
      String errorCode,
      long startMinuteMillis) {
    if (type == null) {
      throw new IllegalArgumentException("insight type is required");
    }
    if (startMinuteMillis % 60_000L != 0) {
      throw new IllegalArgumentException(
          "start must be a whole minute: " + startMinuteMillis + " ms");
    }
    ByteArrayOutputStream name = new ByteArrayOutputStream(128);
    append(name, "insight/v1");
    part(name, accountId);
    part(name, region);
    part(name, eventSource);
    part(name, eventName);
    part(name, type.awsName());
    part(name, errorCode);
    part(name, Long.toString(startMinuteMillis));
    return uuid5(NAMESPACE, name.toByteArray()).toString();
  }

  /**
   * The {@code eventID} of the Start or End record of an insight: a version 5 UUID of {@code
   * event/v1}, the shared id and the state's AWS name ({@code Start} or {@code End}).
   */
  public static String eventId(String sharedEventId, InsightState state) {
    if (sharedEventId == null || state == null) {
      throw new IllegalArgumentException("sharedEventId and state are required");
    }
    ByteArrayOutputStream name = new ByteArrayOutputStream(64);
    append(name, "event/v1");
    part(name, sharedEventId);
    part(name, state.awsName());
    return uuid5(NAMESPACE, name.toByteArray()).toString();
  }

  /** The {@code id} of the EventBridge event that wraps the record with this {@code eventID}. */
  public static String eventBridgeId(String eventId) {
    ByteArrayOutputStream name = new ByteArrayOutputStream(64);
    append(name, "eventbridge/v1");
    part(name, eventId);
    return uuid5(NAMESPACE, name.toByteArray()).toString();
  }

  private static void part(ByteArrayOutputStream out, String value) {
    byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    append(out, Integer.toString(bytes.length));
    out.write(':');
    out.write(bytes, 0, bytes.length);
  }

  private static void append(ByteArrayOutputStream out, String ascii) {
    byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
  }

  /** RFC 9562 section 5.5: SHA-1 of namespace and name, version 5, variant 10. */
  static UUID uuid5(UUID namespace, byte[] name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    sha1.update(name);
    byte[] h = sha1.digest();
    h[6] = (byte) ((h[6] & 0x0f) | 0x50);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
