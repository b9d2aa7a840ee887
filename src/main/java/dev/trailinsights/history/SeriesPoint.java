package dev.trailinsights.history;

import java.nio.charset.StandardCharsets;

/**
 * One minute of an insight's picture, stored as a tiny JSON object such as {@code
 * {"count":12,"expected":1.5,"threshold":6}}.
 *
 * @param minute epoch minutes
 * @param count calls (or calls failing with the insight's error code) in the minute
 * @param expected the baseline's expected count
 * @param threshold smallest unusual count, or -1 while warming up
 */
public record SeriesPoint(long minute, long count, double expected, long threshold) {

  /** The stored value (the minute is in the key). */
  public byte[] toBytes() {
    double e = Double.isFinite(expected) ? Math.round(expected * 1e4) / 1e4 : 0;
    return ("{\"count\":" + count + ",\"expected\":" + e + ",\"threshold\":" + threshold + "}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads a stored value.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static SeriesPoint parse(long minute, byte[] value) {
    String s = new String(value, StandardCharsets.US_ASCII);
    try {
      return new SeriesPoint(
          minute,
          Long.parseLong(field(s, "count")),
          Double.parseDouble(field(s, "expected")),
          Long.parseLong(field(s, "threshold")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a series point: " + e.getMessage(), e);
    }
  }

  private static String field(String s, String name) {
    String tag = "\"" + name + "\":";
    int i = s.indexOf(tag);
    if (i < 0) {
      throw new IllegalArgumentException("no " + name);
    }
    int from = i + tag.length();
    int to = from;
    while (to < s.length() && s.charAt(to) != ',' && s.charAt(to) != '}') {
      to++;
    }
    return s.substring(from, to);
  }
}
