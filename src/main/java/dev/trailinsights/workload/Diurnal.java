package dev.trailinsights.workload;

/**
 * Load over the week in one account's local time: low at night, a morning ramp to a business-hours
 * plateau with a lunch dip, an evening ramp down, and quiet weekends. {@link #factor(long)} has
 * mean 1 over a week, so a key's base rate is its weekly mean.
 */
final class Diurnal {
  private static final int WEEK_MINUTES = 7 * 1440;

  /** 1970-01-01 was a Thursday: minute-of-week 0 is Monday 00:00 after this shift. */
  private static final long EPOCH_MONDAY_SHIFT_MINUTES = 3 * 1440L;

  private final int utcOffsetHours;
  private final float[] byMinuteOfWeek = new float[WEEK_MINUTES];

  Diurnal(int utcOffsetHours) {
    this.utcOffsetHours = utcOffsetHours;
    double sum = 0;
    for (int m = 0; m < WEEK_MINUTES; m++) {
      double v = shape(m / 1440, (m % 1440) / 60.0);
      byMinuteOfWeek[m] = (float) v;
      sum += v;
    }
    double mean = sum / WEEK_MINUTES;
    for (int m = 0; m < WEEK_MINUTES; m++) {
      byMinuteOfWeek[m] = (float) (byMinuteOfWeek[m] / mean);
    }
  }

  int utcOffsetHours() {
    return utcOffsetHours;
  }

  /** Relative load at the event-time minute {@code epochMinute}; weekly mean 1. */
  double factor(long epochMinute) {
    return byMinuteOfWeek[minuteOfWeek(epochMinute)];
  }

  /** Local minute of the week, Monday 00:00 = 0. */
  int minuteOfWeek(long epochMinute) {
    long local = epochMinute + utcOffsetHours * 60L + EPOCH_MONDAY_SHIFT_MINUTES;
    return (int) Math.floorMod(local, WEEK_MINUTES);
  }

  /** Unnormalised load at {@code hour} (fractional) on day {@code dayOfWeek} (0 = Monday). */
  private static double shape(int dayOfWeek, double hour) {
    boolean weekend = dayOfWeek >= 5;
    if (weekend) {
      return 0.22 + 0.10 * bump(hour, 10, 18, 2);
    }
    double business = bump(hour, 8.5, 17.5, 1.5);
    double lunch = 0.15 * bump(hour, 12, 13.5, 0.5);
    return 0.25 + 0.85 * business - lunch;
  }

  /** 1 inside [from, to], 0 far outside, smooth cosine ramps of {@code ramp} hours. */
  private static double bump(double h, double from, double to, double ramp) {
    if (h >= from && h <= to) {
      return 1;
    }
    double d = h < from ? from - h : h - to;
    if (d >= ramp) {
      return 0;
    }
    return 0.5 * (1 + Math.cos(Math.PI * d / ramp));
  }
}
