package dev.trailinsights.event;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code eventTime} to epoch milliseconds. CloudTrail writes {@code yyyy-MM-ddTHH:mm:ssZ}; that
 * form is parsed by hand without allocating. Fractional seconds and numeric offsets go through
 * {@code java.time}.
 */
final class EventTimes {
  /** Returned when the text is not an ISO-8601 timestamp with a zone. */
  static final long INVALID = Long.MIN_VALUE;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private EventTimes() {}

  /** Epoch milliseconds of {@code chars[off, off + len)}, or {@link #INVALID}. */
  static long parse(char[] chars, int off, int len) {
    long fast = parseCompact(chars, off, len);
    if (fast != INVALID) {
      return fast;
    }
    if (len < 16 || len > 64) {
      return INVALID;
    }
    try {
      return OffsetDateTime.parse(
              new String(chars, off, len), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return INVALID;
    }
  }

  /** The exact form {@code yyyy-MM-ddTHH:mm:ssZ}, or {@link #INVALID}. */
  static long parseCompact(char[] c, int o, int len) {
    if (len != 20
        || c[o + 4] != '-'
        || c[o + 7] != '-'
        || c[o + 10] != 'T'
        || c[o + 13] != ':'
        || c[o + 16] != ':'
        || c[o + 19] != 'Z') {
      return INVALID;
    }
    int year = digits(c, o, 4);
    int month = digits(c, o + 5, 2);
    int day = digits(c, o + 8, 2);
    int hour = digits(c, o + 11, 2);
    int minute = digits(c, o + 14, 2);
    int second = digits(c, o + 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return INVALID;
    }
    return epochDay(year, month, day) * MILLIS_PER_DAY
        + (hour * 3600L + minute * 60L + second) * 1000L;
  }

  /** The non-negative number in {@code count} ASCII digits, or -1 when one is not a digit. */
  private static int digits(char[] c, int o, int count) {
    int v = 0;
    for (int i = o; i < o + count; i++) {
      int d = c[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (years 0 to 9999). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }
}
