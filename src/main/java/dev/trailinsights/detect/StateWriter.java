package dev.trailinsights.detect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the primitives of the stored state: bytes, varints, zigzag varints, doubles, strings and
 * references into a per-state string table.
 */
final class StateWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final Map<String, Integer> refs = new HashMap<>();

  void u8(int b) {
    bytes.write(b);
  }

  void varint(long v) {
    while ((v & ~0x7FL) != 0) {
      bytes.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    bytes.write((int) v);
  }

  void zigzag(long v) {
    varint((v << 1) ^ (v >> 63));
  }

  void dbl(double d) {
    long b = Double.doubleToRawLongBits(d);
    for (int i = 0; i < 8; i++) {
      bytes.write((int) (b >>> (8 * i)));
    }
  }

  void string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    bytes.write(b, 0, b.length);
  }

  /** A value of the string table: its index if seen, else 0 and the string itself. */
  void ref(String s) {
    Integer i = refs.get(s);
    if (i != null) {
      varint(i + 1L);
    } else {
      varint(0);
      string(s);
      refs.put(s, refs.size());
    }
  }

  /** A minute or block relative to {@code base}, or the marker of none. */
  void relative(long base, long value) {
    zigzag(value == Long.MIN_VALUE ? Long.MIN_VALUE : base - value);
  }

  byte[] finish() {
    return bytes.toByteArray();
  }
}
