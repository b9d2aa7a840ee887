package dev.trailinsights.workload;

import java.time.LocalDate;

/**
 * Formats epoch seconds as CloudTrail's {@code 2026-03-02T14:07:31Z} into a reused buffer, with the
 * date part cached: no allocation per record.
 */
final class TimeFormat {
  static final int LENGTH = 20;
  private long cachedDay = Long.MIN_VALUE;
  private final char[] date = new char[11];

  /** Writes {@code epochSeconds} into {@code out[0..20)}. */
  void format(long epochSeconds, char[] out) {
    long day = Math.floorDiv(epochSeconds, 86_400L);
    if (day != cachedDay) {
      LocalDate d = LocalDate.ofEpochDay(day);
      put4(date, 0, d.getYear());
      date[4] = '-';
      put2(date, 5, d.getMonthValue());
      date[7] = '-';
      put2(date, 8, d.getDayOfMonth());
      cachedDay = day;
    }
    System.arraycopy(date, 0, out, 0, 10);
    int sec = (int) Math.floorMod(epochSeconds, 86_400L);
    out[10] = 'T';
    put2(out, 11, sec / 3600);
    out[13] = ':';
    put2(out, 14, sec / 60 % 60);
    out[16] = ':';
    put2(out, 17, sec % 60);
    out[19] = 'Z';
  }

  /** {@code yyyyMMdd'T'HHmm'Z'}, as in trail log file names. */
  static String compact(long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000L);
    LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(s, 86_400L));
    int sec = (int) Math.floorMod(s, 86_400L);
    char[] c = new char[14];
    put4(c, 0, d.getYear());
    put2(c, 4, d.getMonthValue());
    put2(c, 6, d.getDayOfMonth());
    c[8] = 'T';
    put2(c, 9, sec / 3600);
    put2(c, 11, sec / 60 % 60);
    c[13] = 'Z';
    return new String(c);
  }

  private static void put2(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }

  private static void put4(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 1000 % 10);
    c[at + 1] = (char) ('0' + v / 100 % 10);
    c[at + 2] = (char) ('0' + v / 10 % 10);
    c[at + 3] = (char) ('0' + v % 10);
  }
}
