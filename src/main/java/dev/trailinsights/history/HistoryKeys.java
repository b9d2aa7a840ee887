package dev.trailinsights.history;

import java.util.Locale;

/**
 * The keys of the history topic and store. One insight has:
 *
 * <ul>
 *   <li>{@code s|<sharedEventID>}: its Start record, exactly as emitted (AWS format);
 *   <li>{@code e|<sharedEventID>}: its End record, once it ended;
 *   <li>{@code t|<inverted start minute>|<sharedEventID>}: its {@link InsightSummary}; the inverted
 *       minute makes an ascending scan newest first, and bounds a time range;
 *   <li>{@code p|<sharedEventID>|<minute>}: one {@link SeriesPoint} per minute of its picture.
 * </ul>
 *
 * Minutes are 16 lower-case hex digits, so string order is numeric order.
 */
public final class HistoryKeys {
  private HistoryKeys() {}

  public static final String START = "s|";
  public static final String END = "e|";
  public static final String INDEX = "t|";
  public static final String POINT = "p|";

  /** The first string after every key starting with {@code prefix} ({@code '|' + 1}). */
  public static String after(String prefix) {
    return prefix.substring(0, prefix.length() - 1) + '}';
  }

  public static String start(String sharedEventId) {
    return START + sharedEventId;
  }

  public static String end(String sharedEventId) {
    return END + sharedEventId;
  }

  /** The index key of an insight that started at {@code startMinute}. */
  public static String index(long startMinute, String sharedEventId) {
    return INDEX + hex(inverted(startMinute)) + "|" + sharedEventId;
  }

  /**
   * The first index key of insights that started at or before {@code minute} (index keys are newest
   * first).
   */
  public static String indexFrom(long minute) {
    return INDEX + hex(inverted(minute)) + "|";
  }

  public static String point(String sharedEventId, long minute) {
    return POINT + sharedEventId + "|" + hex(minute);
  }

  /** The prefix of every point key of one insight. */
  public static String points(String sharedEventId) {
    return POINT + sharedEventId + "|";
  }

  /** The sharedEventID of an index key. */
  public static String idOfIndex(String indexKey) {
    return indexKey.substring(INDEX.length() + 17);
  }

  /** The start minute of an index key. */
  public static long startOfIndex(String indexKey) {
    return inverted(Long.parseUnsignedLong(indexKey.substring(2, 18), 16));
  }

  /** The minute of a point key. */
  public static long minuteOfPoint(String pointKey) {
    return Long.parseUnsignedLong(pointKey.substring(pointKey.length() - 16), 16);
  }

  private static long inverted(long minute) {
    return Long.MAX_VALUE - minute;
  }

  private static String hex(long v) {
    String h = Long.toHexString(v).toLowerCase(Locale.ROOT);
    return "0".repeat(16 - h.length()) + h;
  }
}
