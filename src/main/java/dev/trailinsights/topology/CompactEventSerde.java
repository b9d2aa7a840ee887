package dev.trailinsights.topology;

import dev.trailinsights.detect.CompactEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What crosses the repartition topic: a version byte, event time, flags, the id hash and three
 * short strings. About 100 bytes against ~1.2 KB of CloudTrail JSON.
 */
public final class CompactEventSerde implements Serde<CompactEvent> {
  static final byte VERSION = 1;
  private static final int CALLS = 1;
  private static final int ERRORS = 2;

  @Override
  public Serializer<CompactEvent> serializer() {
    return (topic, e) -> e == null ? null : encode(e);
  }

  @Override
  public Deserializer<CompactEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  static byte[] encode(CompactEvent e) {
    byte[] code = utf8(e.errorCode());
    byte[] arn = utf8(e.userArn());
    byte[] agent = utf8(e.userAgent());
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 1 + 8 + 3 * 4 + len(code) + len(arn) + len(agent));
    b.put(VERSION);
    b.putLong(e.eventTimeMillis());
    b.put((byte) ((e.countsForCallRate() ? CALLS : 0) | (e.countsForErrorRate() ? ERRORS : 0)));
    b.putLong(e.eventIdHash());
    put(b, code);
    put(b, arn);
    put(b, agent);
    return b.array();
  }

  static CompactEvent decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte v = b.get();
      if (v != VERSION) {
        throw new SerializationException("unknown compact event version " + v);
      }
      long time = b.getLong();
      int flags = b.get();
      long hash = b.getLong();
      String code = get(b);
      String arn = get(b);
      String agent = get(b);
      return new CompactEvent(
          time, (flags & CALLS) != 0, (flags & ERRORS) != 0, code, arn, agent, hash);
    } catch (RuntimeException e) {
      if (e instanceof SerializationException se) {
        throw se;
      }
      throw new SerializationException("corrupt compact event: " + e.getMessage(), e);
    }
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void put(ByteBuffer b, byte[] s) {
    b.putInt(s == null ? -1 : s.length);
    if (s != null) {
      b.put(s);
    }
  }

  private static String get(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }
}
