package dev.trailinsights.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link StateWriter} wrote; damaged bytes give an {@link IllegalArgumentException}
 * saying where.
 */
final class StateReader {
  private final byte[] b;
  private int pos;
  private final List<String> refs = new ArrayList<>();

  StateReader(byte[] b) {
    this.b = b;
  }

  int u8() {
    if (pos >= b.length) {
      throw new IllegalArgumentException("corrupt state: truncated at " + pos);
    }
    return b[pos++] & 0xff;
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int x = u8();
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("corrupt state: varint too long at " + pos);
  }

  long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  double dbl() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) u8() << (8 * i);
    }
    return Double.longBitsToDouble(v);
  }

  String string() {
    int n = (int) varint();
    if (n < 0 || pos + n > b.length) {
      throw new IllegalArgumentException("corrupt state: string of " + n + " bytes at " + pos);
    }
    String s = new String(b, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** The next string, without consuming it; null for the empty string. */
  String peekString() {
    int save = pos;
    String s = string();
    pos = save;
    return s.isEmpty() ? null : s;
  }

  String ref() {
    long i = varint();
    if (i == 0) {
      String s = string();
      refs.add(s);
      return s;
    }
    if (i > refs.size()) {
      throw new IllegalArgumentException("corrupt state: string reference " + i);
    }
    return refs.get((int) i - 1);
  }

  /** What {@link StateWriter#relative} wrote: the value, or {@code Long.MIN_VALUE} for none. */
  long relative(long base) {
    long delta = zigzag();
    return delta == Long.MIN_VALUE ? Long.MIN_VALUE : base - delta;
  }
}
