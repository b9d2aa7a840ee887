package dev.trailinsights.workload;

/**
 * How one API is called in one account and region: its traffic pattern, rate, callers and
 * background errors. Mutable only in its per-hour load factor, owned by the stream's generator.
 */
final class KeyProfile {

  /** The shape of a key's normal traffic. */
  enum Pattern {
    /** Poisson with daily and weekly rhythm and overdispersion (gamma-mixed rate). */
    REGULAR,
    /** 0.001 to 0.05 calls per minute: silent most minutes. */
    SPARSE,
    /** A burst of fixed size at a fixed minute of every hour. */
    CRON_HOURLY,
    /** A burst of fixed size at a fixed time of every day. */
    CRON_DAILY,
    /** Never called in normal traffic (candidate for a new-API anomaly). */
    ABSENT
  }

  final StreamModel stream;
  final ApiDef api;
  final Pattern pattern;

  /** Weekly mean calls per minute (REGULAR, SPARSE); background rate between bursts for crons. */
  final double baseRate;

  /** 0: flat around the clock, 1: follows business hours fully. */
  final double diurnalStrength;

  /** Gamma shape of the per-minute rate factor; larger is closer to Poisson. */
  final double minuteShape;

  /** Gamma shape of the per-hour rate factor (slow, correlated swings). */
  final double hourShape;

  final Identity[] callers;
  final double[] callerCumulative;

  /** Per-call probability of an authorization failure. */
  final double pAuthz;

  /** Per-call probability of a not-found style error. */
  final double pNotFound;

  /** Per-call probability of throttling in a normal minute (busy keys only). */
  final double pThrottle;

  /** Minute of the hour (hourly) or of the day (daily, UTC) at which the burst starts. */
  final int cronMinute;

  /** Calls per burst. */
  final int burstSize;

  /** Minutes a burst spreads over. */
  final int burstMinutes;

  /** Current per-hour load factor and the epoch hour it belongs to. */
  double hourFactor = 1;

  long hourOfFactor = Long.MIN_VALUE;

  /** Records written for this key (duplicates excluded). */
  long events;

  KeyProfile(
      StreamModel stream,
      ApiDef api,
      Pattern pattern,
      double baseRate,
      double diurnalStrength,
      double minuteShape,
      double hourShape,
      Identity[] callers,
      double[] callerWeights,
      double pAuthz,
      double pNotFound,
      double pThrottle,
      int cronMinute,
      int burstSize,
      int burstMinutes) {
    this.stream = stream;
    this.api = api;
    this.pattern = pattern;
    this.baseRate = baseRate;
    this.diurnalStrength = diurnalStrength;
    this.minuteShape = minuteShape;
    this.hourShape = hourShape;
    this.callers = callers;
    this.callerCumulative = cumulative(callerWeights);
    this.pAuthz = pAuthz;
    this.pNotFound = pNotFound;
    this.pThrottle = pThrottle;
    this.cronMinute = cronMinute;
    this.burstSize = burstSize;
    this.burstMinutes = burstMinutes;
  }

  private static double[] cumulative(double[] w) {
    double[] c = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      c[i] = sum;
    }
    for (int i = 0; i < w.length; i++) {
      c[i] /= sum;
    }
    return c;
  }

  /** Expected normal calls in the event-time minute {@code epochMinute}, without random swings. */
  double expected(long epochMinute) {
    return switch (pattern) {
      case REGULAR, SPARSE -> baseRate * load(epochMinute);
      case CRON_HOURLY, CRON_DAILY -> baseRate + cronCalls(epochMinute);
      case ABSENT -> 0;
    };
  }

  double load(long epochMinute) {
    return 1 - diurnalStrength + diurnalStrength * stream.account.diurnal().factor(epochMinute);
  }

  /** Calls of the scheduled burst that fall in {@code epochMinute} (0 outside bursts). */
  int cronCalls(long epochMinute) {
    int offset;
    if (pattern == Pattern.CRON_HOURLY) {
      offset = (int) Math.floorMod(epochMinute - cronMinute, 60L);
    } else if (pattern == Pattern.CRON_DAILY) {
      offset = (int) Math.floorMod(epochMinute - cronMinute, 1440L);
    } else {
      return 0;
    }
    if (offset >= burstMinutes) {
      return 0;
    }
    int per = burstSize / burstMinutes;
    return offset == 0 ? burstSize - per * (burstMinutes - 1) : per;
  }

  Identity pickCaller(Rng rng) {
    if (callers.length == 1) {
      return callers[0];
    }
    double u = rng.nextDouble();
    for (int i = 0; i < callerCumulative.length; i++) {
      if (u < callerCumulative[i]) {
        return callers[i];
      }
    }
    return callers[callers.length - 1];
  }
}
