package dev.trailinsights.event;

import java.util.Arrays;

/**
 * A bounded, two-way set-associative table from raw characters to canonical {@code String}s.
 *
 * <p>CloudTrail repeats a few thousand short values (service names, API names, regions, accounts,
 * error codes, caller ARNs and agents) across millions of events. Looking the parser's character
 * buffer up here returns the same {@code String} instance for a repeated value instead of
 * allocating one per event. A miss costs one copy and replaces the least recently inserted entry of
 * its pair, so memory stays bounded whatever the input. Not thread-safe.
 */
final class StringCache {
  private final int mask;
  private final int maxLength;
  private final char[][] keys;
  private final String[] values;

  /**
   * @param entries number of entries, a power of two of at least 2
   * @param maxLength values longer than this are returned uncached
   */
  StringCache(int entries, int maxLength) {
    if (entries < 2 || Integer.bitCount(entries) != 1) {
      throw new IllegalArgumentException("entries must be a power of two >= 2: " + entries);
    }
    this.mask = entries - 1;
    this.maxLength = maxLength;
    this.keys = new char[entries][];
    this.values = new String[entries];
  }

  /** The canonical string for {@code chars[off, off + len)}. */
  String get(char[] chars, int off, int len) {
    if (len == 0) {
      return "";
    }
    if (len > maxLength) {
      return new String(chars, off, len);
    }
    int h = 0;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + chars[i];
    }
    h ^= h >>> 15;
    h *= 0x2c1b3c6d;
    h ^= h >>> 12;
    int first = h & mask & ~1;
    if (matches(first, chars, off, len)) {
      return values[first];
    }
    int second = first + 1;
    if (matches(second, chars, off, len)) {
      return values[second];
    }
    char[] key = Arrays.copyOfRange(chars, off, off + len);
    String value = new String(key);
    keys[second] = keys[first];
    values[second] = values[first];
    keys[first] = key;
    values[first] = value;
    return value;
  }

  private boolean matches(int slot, char[] chars, int off, int len) {
    char[] key = keys[slot];
    return key != null && key.length == len && Arrays.equals(key, 0, len, chars, off, off + len);
  }
}
