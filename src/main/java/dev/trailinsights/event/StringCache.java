package dev.trailinsights.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded, two-way set-associative table from UTF-8 bytes to canonical {@code String}s.
 *
 * <p>CloudTrail repeats a few thousand short values (service names, API names, regions, accounts,
 * error codes, caller ARNs and agents) across millions of events. Looking the raw bytes of a JSON
 * string up here returns the same {@code String} instance for a repeated value, without decoding it
 * or allocating. A miss costs one copy and replaces the older entry of its pair, so memory stays
 * bounded whatever the input. Not thread-safe.
 */
final class StringCache {
  private final int mask;
  private final int maxLength;
  private final byte[][] keys;
  private final String[] values;

  /**
   * @param entries number of entries, a power of two of at least 2
   * @param maxLength values longer than this many bytes are decoded but not cached
   */
  StringCache(int entries, int maxLength) {
    if (entries < 2 || Integer.bitCount(entries) != 1) {
      throw new IllegalArgumentException("entries must be a power of two >= 2: " + entries);
    }
    this.mask = entries - 1;
    this.maxLength = maxLength;
    this.keys = new byte[entries][];
    this.values = new String[entries];
  }

  /** The string whose UTF-8 encoding is {@code bytes[off, off + len)}. */
  String get(byte[] bytes, int off, int len) {
    return get(bytes, off, len, RawStrings.hash(bytes, off, len));
  }

  /**
   * The same, with the bytes' {@link RawStrings#hash} already known (computed while the string's
   * end was being found).
   */
  String get(byte[] bytes, int off, int len, int hash) {
    if (len == 0) {
      return "";
    }
    if (len > maxLength) {
      return new String(bytes, off, len, StandardCharsets.UTF_8);
    }
    int first = hash & mask & ~1;
    if (matches(first, bytes, off, len)) {
      return values[first];
    }
    int second = first + 1;
    if (matches(second, bytes, off, len)) {
      return values[second];
    }
    byte[] key = Arrays.copyOfRange(bytes, off, off + len);
    String value = new String(key, StandardCharsets.UTF_8);
    keys[second] = keys[first];
    values[second] = values[first];
    keys[first] = key;
    values[first] = value;
    return value;
  }

  private boolean matches(int slot, byte[] bytes, int off, int len) {
    byte[] key = keys[slot];
    return key != null && key.length == len && Arrays.equals(key, 0, len, bytes, off, off + len);
  }
}
