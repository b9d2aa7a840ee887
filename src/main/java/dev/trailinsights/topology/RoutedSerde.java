package dev.trailinsights.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The repartition topic's values. The first byte says what follows: {@value
 * CompactEventSerde#VERSION} a compact event ({@link CompactEventSerde}, unchanged, so events
 * written before control records existed still read), {@value #PROGRESS} an input partition's
 * progress, {@value #SCOPE_START} the first minute of an account and region.
 */
final class RoutedSerde implements Serde<Routed> {
  static final byte PROGRESS = 2;
  static final byte SCOPE_START = 3;

  @Override
  public Serializer<Routed> serializer() {
    return (topic, r) -> r == null ? null : encode(r);
  }

  @Override
  public Deserializer<Routed> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  static byte[] encode(Routed r) {
    if (r instanceof Routed.Event e) {
      return CompactEventSerde.encode(e.event());
    }
    if (r instanceof Routed.Progress p) {
      return ByteBuffer.allocate(1 + 4 + 4 + 8 + 1)
          .put(PROGRESS)
          .putInt(p.partition())
          .putInt(p.partitions())
          .putLong(p.progressMillis())
          .put((byte) (p.idle() ? 1 : 0))
          .array();
    }
    Routed.ScopeStart s = (Routed.ScopeStart) r;
    byte[] scope = s.scope().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + scope.length)
        .put(SCOPE_START)
        .putLong(s.minute())
        .put(scope)
        .array();
  }

  static Routed decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new SerializationException("empty repartition record");
    }
    try {
      return switch (bytes[0]) {
        case CompactEventSerde.VERSION -> new Routed.Event(CompactEventSerde.decode(bytes));
        case PROGRESS -> {
          ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
          yield new Routed.Progress(b.getInt(), b.getInt(), b.getLong(), b.get() != 0);
        }
        case SCOPE_START ->
            new Routed.ScopeStart(
                new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8),
                ByteBuffer.wrap(bytes, 1, 8).getLong());
        default -> throw new SerializationException("unknown repartition record type " + bytes[0]);
      };
    } catch (RuntimeException e) {
      if (e instanceof SerializationException se) {
        throw se;
      }
      throw new SerializationException("corrupt repartition record: " + e.getMessage(), e);
    }
  }
}
