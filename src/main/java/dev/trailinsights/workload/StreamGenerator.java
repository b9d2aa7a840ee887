package dev.trailinsights.workload;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates one account and region's calls minute by minute and delivers them like CloudTrail: one
 * file every 5 minutes (at this stream's minute offset), holding the calls of the previous 5
 * minutes in random order; {@link #LATE_SHARE} of calls arrive 5 to 14 minutes behind the newest
 * event of their file (one or two files later) and {@link #DUPLICATE_SHARE} are delivered a second
 * time, with the same {@code eventID}, one or two files after the first delivery.
 */
final class StreamGenerator {
  static final double LATE_SHARE = 0.03;
  static final double DUPLICATE_SHARE = 0.005;
  static final double OLD_FORMAT_SHARE = 0.005;
  static final double FAILED_LOGIN_SHARE = 0.03;
  static final long FILE_MILLIS = 5 * 60_000L;
  private static final long MAX_LAG_MILLIS = 14 * 60_000L;
  private static final int RING = 8;

  /** One delivered log file: its stream, delivery time, random name part and records. */
  record Delivery(StreamModel stream, long timeMillis, String suffix, List<Ev> events) {}

  final StreamModel stream;
  private final Rng rng;
  private final List<Anomaly> anomalies;

  /** Per anomaly: normal events of its series before it starts (its empirical baseline). */
  private final long[] seriesBefore;

  /** Anomaly indexes per key, for the few keys that have anomalies. */
  private final Map<KeyProfile, int[]> watched = new IdentityHashMap<>();

  private final long startMillis;
  private final long endMillis;
  private final long offsetMillis;
  private final long lastFile;
  private long nextFile;

  @SuppressWarnings("unchecked")
  private final ArrayList<Ev>[] pending = new ArrayList[RING];

  long unique;
  long records;
  long late;
  long duplicates;
  long oldFormat;
  long errors;
  long anomalyEvents;
  long files;

  StreamGenerator(WorkloadModel model, StreamModel stream) {
    this.stream = stream;
    this.rng = new Rng(stream.seed);
    List<Anomaly> mine = new ArrayList<>();
    for (Anomaly a : model.anomalies) {
      if (a.key().stream == stream) {
        mine.add(a);
      }
    }
    this.anomalies = mine;
    this.seriesBefore = new long[mine.size()];
    for (int i = 0; i < mine.size(); i++) {
      int[] prev = watched.get(mine.get(i).key());
      int[] next = prev == null ? new int[1] : java.util.Arrays.copyOf(prev, prev.length + 1);
      next[next.length - 1] = i;
      watched.put(mine.get(i).key(), next);
    }
    this.startMillis = model.params.start().toEpochMilli();
    this.endMillis = model.params.end().toEpochMilli();
    this.offsetMillis = stream.deliveryOffsetMinutes * 60_000L;
    this.nextFile = fileFor(startMillis);
    this.lastFile = fileFor(endMillis - 1) + 4;
  }

  private long fileFor(long t) {
    return Math.floorDiv(t - offsetMillis, FILE_MILLIS) + 1;
  }

  private long fileTime(long f) {
    return f * FILE_MILLIS + offsetMillis;
  }

  /**
   * Mean normal rate of {@code a}'s series from the start of the traffic to the anomaly, zero
   * minutes included; valid once the stream has passed the anomaly's start.
   */
  double baselineBefore(Anomaly a, long startMinute) {
    int i = anomalies.indexOf(a);
    long minutes = a.startMinute() - startMinute;
    return i < 0 || minutes <= 0 ? Double.NaN : seriesBefore[i] / (double) minutes;
  }

  boolean done() {
    return nextFile > lastFile;
  }

  /** The next non-empty delivery before {@code horizonMillis}, or null when there is none. */
  Delivery next(long horizonMillis) {
    while (nextFile <= lastFile && fileTime(nextFile) < horizonMillis) {
      long f = nextFile++;
      generateWindow(f);
      ArrayList<Ev> list = pending[(int) (f % RING)];
      pending[(int) (f % RING)] = null;
      if (list == null || list.isEmpty()) {
        continue;
      }
      for (int i = list.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Ev t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
      }
      records += list.size();
      files++;
      return new Delivery(stream, fileTime(f), rng.upperAlnum(16), list);
    }
    return null;
  }

  /** Calls with event time in the 5 minutes before file {@code f}'s delivery time. */
  private void generateWindow(long f) {
    long from = Math.max(fileTime(f - 1), startMillis);
    long to = Math.min(fileTime(f), endMillis);
    for (long t = from; t < to; t += 60_000L) {
      generateMinute(t / 60_000L);
    }
  }

  private void generateMinute(long minute) {
    for (KeyProfile k : stream.keys) {
      int n = count(k, minute);
      if (n == 0) {
        continue;
      }
      double expected = k.expected(minute);
      for (int i = 0; i < n; i++) {
        emit(k, minute, k.pickCaller(rng), normalError(k, n, expected), false);
      }
    }
    for (Anomaly a : anomalies) {
      if (a.activeAt(minute)) {
        int n = rng.poisson(a.callsPerMinute());
        for (int i = 0; i < n; i++) {
          String code = rng.chance(a.errorShare()) ? a.errorCode() : null;
          emit(a.key(), minute, a.actor(), code, true);
        }
      }
    }
  }

  private int count(KeyProfile k, long minute) {
    switch (k.pattern) {
      case ABSENT:
        return 0;
      case SPARSE:
        return rng.poisson(k.baseRate * k.load(minute));
      case CRON_HOURLY:
      case CRON_DAILY:
        return k.cronCalls(minute) + (k.baseRate > 0 ? rng.poisson(k.baseRate) : 0);
      default:
        long hour = minute / 60;
        if (hour != k.hourOfFactor) {
          k.hourFactor = rng.gammaMeanOne(k.hourShape);
          k.hourOfFactor = hour;
        }
        double mean = k.baseRate * k.load(minute) * k.hourFactor;
        if (mean > 0.3) {
          mean *= rng.gammaMeanOne(k.minuteShape);
        }
        return rng.poisson(mean);
    }
  }

  private String normalError(KeyProfile k, int countThisMinute, double expected) {
    double u = rng.nextDouble();
    if (u < k.pAuthz) {
      return ErrorCodes.authz(k.api.service());
    }
    u -= k.pAuthz;
    if (u < k.pNotFound) {
      return ErrorCodes.notFound(k.api.service(), k.api.resource());
    }
    u -= k.pNotFound;
    if (k.pThrottle > 0) {
      // busy minutes get throttled more: sporadic, clustered, low-rate throttling
      double p = countThisMinute > 1.3 * expected ? 10 * k.pThrottle : k.pThrottle;
      if (u < p) {
        return ErrorCodes.throttle(k.api.service());
      }
    }
    return null;
  }

  private void emit(KeyProfile k, long minute, Identity caller, String code, boolean anomaly) {
    long t = minute * 60_000L + rng.nextInt(60) * 1000L;
    int flags = 0;
    if (anomaly) {
      flags |= Ev.ANOMALY;
      anomalyEvents++;
    } else {
      if (rng.chance(OLD_FORMAT_SHARE)) {
        flags |= Ev.OLD_FORMAT;
        oldFormat++;
      }
      if (k.api.consoleSignIn() && rng.chance(FAILED_LOGIN_SHARE)) {
        flags |= Ev.FAILED_LOGIN;
      }
    }
    if (code != null) {
      errors++;
    }
    if (!anomaly) {
      int[] w = watched.get(k);
      if (w != null) {
        for (int i : w) {
          Anomaly a = anomalies.get(i);
          if (minute < a.startMinute() && (a.errorCode() == null || a.errorCode().equals(code))) {
            seriesBefore[i]++;
          }
        }
      }
    }
    Ev e = new Ev(t, k, caller, code, flags, rng.nextLong());
    k.events++;
    unique++;
    long f0 = fileFor(t);
    long f = f0;
    if (rng.chance(LATE_SHARE)) {
      late++;
      boolean twoLater = fileTime(f0 + 2) - t <= MAX_LAG_MILLIS && rng.chance(0.5);
      f = twoLater ? f0 + 2 : f0 + 1;
    }
    add(f, e);
    if (rng.chance(DUPLICATE_SHARE)) {
      duplicates++;
      add(f + rng.between(1, 2), e);
    }
  }

  private void add(long f, Ev e) {
    int slot = (int) (f % RING);
    ArrayList<Ev> l = pending[slot];
    if (l == null) {
      l = new ArrayList<>();
      pending[slot] = l;
    }
    l.add(e);
  }
}
