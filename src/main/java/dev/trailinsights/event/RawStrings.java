package dev.trailinsights.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time: the end of a JSON string in UTF-8 (hashing it on the way, so
 * that a value can be looked up without being decoded) and the end of a line.
 */
final class RawStrings {
  /** Returned by {@link #scan} when the string has an escape or no closing quote. */
  static final long NOT_RAW = -1L;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

  private RawStrings() {}

  /**
   * Scans {@code bytes} from {@code start} (just past an opening quote) up to {@code end} for the
   * closing quote.
   *
   * @return {@link #NOT_RAW} when a backslash comes first or no quote is found; else the string's
   *     length in the high 32 bits and its {@link #hash} in the low 32 bits
   */
  static long scan(byte[] bytes, int start, int end) {
    long h = 0;
    int i = start;
    while (true) {
      long word;
      boolean full = i + 8 <= end;
      if (full) {
        word = (long) LONGS.get(bytes, i);
      } else if (i < end) {
        word = 0;
        for (int j = 0, n = end - i; j < n; j++) {
          word |= (bytes[i + j] & 0xffL) << (8 * j);
        }
      } else {
        return NOT_RAW;
      }
      long q = word ^ QUOTES;
      long b = word ^ BACKSLASHES;
      long found = ((q - ONES) & ~q | (b - ONES) & ~b) & HIGHS;
      if (found != 0) {
        int k = Long.numberOfTrailingZeros(found) >>> 3;
        if (bytes[i + k] == '\\') {
          return NOT_RAW;
        }
        if (k > 0) {
          h = mix(h, word & (-1L >>> (64 - 8 * k)));
        }
        int length = i + k - start;
        return ((long) length << 32) | (finish(h, length) & 0xffffffffL);
      }
      if (!full) {
        return NOT_RAW;
      }
      h = mix(h, word);
      i += 8;
    }
  }

  /** Index of the first {@code '\\n'} in {@code bytes[from, to)}, or -1. */
  /** How many {@code \n} bytes {@code bytes[from, to)} holds. */
  static int countNewlines(byte[] bytes, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The hash {@link #scan} gives the same bytes, for keys that were not scanned. */
  static int hash(byte[] bytes, int off, int len) {
    long h = 0;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      h = mix(h, (long) LONGS.get(bytes, i));
    }
    if (i < end) {
      long word = 0;
      for (int j = 0; i + j < end; j++) {
        word |= (bytes[i + j] & 0xffL) << (8 * j);
      }
      h = mix(h, word);
    }
    return finish(h, len);
  }

  private static long mix(long h, long word) {
    return (h ^ word) * MULTIPLIER + 0x632BE59BD9B4E019L;
  }

  private static int finish(long h, int length) {
    h ^= length;
    h ^= h >>> 29;
    h *= MULTIPLIER;
    return (int) (h ^ (h >>> 32));
  }
}
