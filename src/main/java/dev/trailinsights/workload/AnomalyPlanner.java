package dev.trailinsights.workload;

import dev.trailinsights.insight.InsightType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places anomalies: kinds in rotation, keys that suit each kind, times after the first day, one
 * actor per anomaly that no normal caller shares, and at least {@link #GUARD_MINUTES} between two
 * anomalies on the same key so that each detection belongs to exactly one label. Half are modest
 * (3-4x a busy key's rate, 6-15 calls or errors a minute otherwise), half clear.
 */
final class AnomalyPlanner {
  static final int GUARD_MINUTES = 180;
  private static final int ATTEMPTS = 500;
  private static final String[] LEAKED_USERS = {
    "svc-reporting", "jenkins-legacy", "deploy-2019", "test-admin", "s3-sync", "migration-tmp"
  };
  private static final String[] ATTACKER_ROLES = {
    "OrganizationAccountAccessRole", "ReadOnlyAuditRole", "vendor-integration-role"
  };

  private final WorkloadModel model;
  private final Rng rng;
  private final Map<KeyProfile, List<long[]>> taken = new HashMap<>();
  private int enumerations;

  AnomalyPlanner(WorkloadModel model, Rng rng) {
    this.model = model;
    this.rng = rng;
  }

  List<Anomaly> plan(int n) {
    List<AnomalyKind> order = new ArrayList<>(List.of(AnomalyKind.values()));
    WorkloadModel.shuffle(order, rng);
    List<Anomaly> planned = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean clear = i % 2 == 1;
      Anomaly a = null;
      for (int k = 0; k < order.size() && a == null; k++) {
        AnomalyKind kind = order.get((i + k) % order.size());
        for (int attempt = 0; attempt < ATTEMPTS && a == null; attempt++) {
          a = tryPlace(kind, clear);
        }
      }
      if (a != null) {
        planned.add(a);
        taken
            .computeIfAbsent(a.key(), x -> new ArrayList<>())
            .add(new long[] {a.startMinute(), a.endMinute()});
      }
    }
    planned.sort(
        Comparator.comparingLong(Anomaly::startMinute)
            .thenComparingInt(a -> a.key().stream.index)
            .thenComparing(a -> a.key().api.eventName()));
    List<Anomaly> out = new ArrayList<>();
    String fmt = planned.size() < 100 ? "a%02d" : "a%03d";
    for (int i = 0; i < planned.size(); i++) {
      Anomaly a = planned.get(i);
      out.add(
          new Anomaly(
              String.format(fmt, i + 1),
              a.kind(),
              a.key(),
              a.insightType(),
              a.errorCode(),
              a.startMinute(),
              a.minutes(),
              a.callsPerMinute(),
              a.errorShare(),
              a.actor(),
              a.clear(),
              a.expectedPerMinute()));
    }
    return out;
  }

  private Anomaly tryPlace(AnomalyKind kind, boolean clear) {
    StreamModel s = model.streams.get(rng.nextInt(model.streams.size()));
    int minutes = (int) Math.round(rng.logUniform(5, 60));
    long first = model.startMinute() + 1440 + 30;
    long last = model.endMinute() - minutes - 30;
    if (last <= first) {
      return null;
    }
    long start = first + (long) (rng.nextDouble() * (last - first));
    List<KeyProfile> candidates = new ArrayList<>();
    for (KeyProfile k : s.keys) {
      if (suits(kind, k, start)) {
        candidates.add(k);
      }
    }
    if (kind == AnomalyKind.THROTTLING_STORM && candidates.isEmpty()) {
      // a small estate has no busy API: the busiest one of the stream stands in
      KeyProfile busiest = null;
      for (KeyProfile k : s.keys) {
        if (k.pattern == KeyProfile.Pattern.REGULAR
            && !k.api.data()
            && !k.api.consoleSignIn()
            && k.expected(start) > 0
            && (busiest == null || k.expected(start) > busiest.expected(start))) {
          busiest = k;
        }
      }
      if (busiest != null) {
        candidates.add(busiest);
      }
    }
    if (kind == AnomalyKind.THROTTLING_STORM) {
      // reads first half the time: their call rate is outside the default selection
      List<KeyProfile> reads = candidates.stream().filter(k -> k.api.readOnly()).toList();
      if (!reads.isEmpty() && rng.chance(0.5)) {
        candidates = reads;
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    KeyProfile key = candidates.get(rng.nextInt(candidates.size()));
    if (!free(key, start, start + minutes)
        || (kind == AnomalyKind.NEW_API && taken.containsKey(key))) {
      return null; // a key is new only once
    }
    double expected = key.expected(start);
    ApiDef api = key.api;
    return switch (kind) {
      case PERMISSION_PROBING -> {
        double errors = clear ? rng.logUniform(20, 80) : rng.logUniform(6, 12);
        yield new Anomaly(
            "",
            kind,
            key,
            InsightType.API_ERROR_RATE,
            ErrorCodes.authz(api.service()),
            start,
            minutes,
            errors,
            1.0,
            attacker(s),
            clear,
            expected * key.pAuthz);
      }
      case ENUMERATION -> {
        boolean errorsVariant = enumerations++ % 2 == 1;
        if (errorsVariant) {
          double errors = clear ? rng.logUniform(20, 60) : rng.logUniform(6, 12);
          double share = rng.uniform(0.6, 0.9);
          yield new Anomaly(
              "",
              kind,
              key,
              InsightType.API_ERROR_RATE,
              ErrorCodes.authz(api.service()),
              start,
              minutes,
              errors / share,
              share,
              attacker(s),
              clear,
              expected * key.pAuthz);
        }
        yield callBurst(kind, key, start, minutes, expected, clear, s);
      }
      case MASS_DELETION -> callBurst(kind, key, start, minutes, expected, clear, s);
      case THROTTLING_STORM -> {
        double errors = clear ? rng.logUniform(20, 60) : rng.logUniform(6, 12);
        double share = rng.uniform(0.6, 0.9);
        yield new Anomaly(
            "",
            kind,
            key,
            InsightType.API_ERROR_RATE,
            ErrorCodes.throttle(api.service()),
            start,
            minutes,
            errors / share,
            share,
            runaway(s),
            clear,
            expected * key.pThrottle);
      }
      case NEW_API ->
          new Anomaly(
              "",
              kind,
              key,
              InsightType.API_CALL_RATE,
              null,
              start,
              minutes,
              clear ? rng.logUniform(15, 40) : rng.logUniform(6, 12),
              0,
              attacker(s),
              clear,
              0);
    };
  }

  /** A burst of successful calls by an attacker, on top of the key's expected rate. */
  private Anomaly callBurst(
      AnomalyKind kind,
      KeyProfile key,
      long start,
      int minutes,
      double expected,
      boolean clear,
      StreamModel s) {
    return new Anomaly(
        "",
        kind,
        key,
        InsightType.API_CALL_RATE,
        null,
        start,
        minutes,
        extraCalls(expected, clear),
        0,
        attacker(s),
        clear,
        expected);
  }

  /** Extra calls a minute: 3-4x (modest) or 6-8x (clear) a busy key, else 10-50 a minute. */
  private double extraCalls(double expected, boolean clear) {
    if (expected >= 2) {
      double factor = clear ? rng.uniform(6, 8) : rng.uniform(3, 4);
      return (factor - 1) * expected;
    }
    return clear ? rng.logUniform(30, 50) : rng.logUniform(10, 15);
  }

  private static boolean suits(AnomalyKind kind, KeyProfile k, long start) {
    ApiDef api = k.api;
    boolean normal =
        k.pattern == KeyProfile.Pattern.REGULAR || k.pattern == KeyProfile.Pattern.SPARSE;
    boolean management = !api.data() && !api.consoleSignIn();
    return switch (kind) {
      case PERMISSION_PROBING -> normal && management;
      case ENUMERATION ->
          normal
              && management
              && api.readOnly()
              && (api.eventName().startsWith("List")
                  || api.eventName().startsWith("Describe")
                  || api.eventName().startsWith("Get"));
      case MASS_DELETION -> normal && api.destructive();
      case THROTTLING_STORM ->
          k.pattern == KeyProfile.Pattern.REGULAR && management && k.expected(start) >= 5;
      case NEW_API ->
          k.pattern == KeyProfile.Pattern.ABSENT
              && management
              && !api.readOnly()
              && k.stream.keys.size() > 20;
    };
  }

  private boolean free(KeyProfile key, long start, long end) {
    for (long[] t : taken.getOrDefault(key, List.of())) {
      if (start < t[1] + GUARD_MINUTES && t[0] < end + GUARD_MINUTES) {
        return false;
      }
    }
    return true;
  }

  private Identity attacker(StreamModel s) {
    String acct = s.account.id();
    String ua = UserAgents.ATTACKER[rng.nextInt(UserAgents.ATTACKER.length)];
    String ip =
        rng.chance(0.5)
            ? "192.0.2." + rng.between(1, 254)
            : "198.18." + rng.between(0, 255) + "." + rng.between(1, 254);
    if (rng.chance(0.5)) {
      String user = LEAKED_USERS[rng.nextInt(LEAKED_USERS.length)];
      return Identity.user(
          acct, user, "AIDA" + rng.upperAlnum(17), "AKIA" + rng.upperAlnum(16), ua, ip);
    }
    String role = ATTACKER_ROLES[rng.nextInt(ATTACKER_ROLES.length)];
    return Identity.assumedRole(
        acct,
        role,
        WorkloadModel.hex(rng, 8),
        "AROA" + rng.upperAlnum(17),
        "ASIA" + rng.upperAlnum(16),
        ua,
        ip);
  }

  private Identity runaway(StreamModel s) {
    return Identity.assumedRole(
        s.account.id(),
        "reindex-job-role",
        "reindex-" + WorkloadModel.hex(rng, 8),
        "AROA" + rng.upperAlnum(17),
        "ASIA" + rng.upperAlnum(16),
        UserAgents.RUNAWAY,
        "10." + rng.between(0, 255) + "." + rng.between(0, 255) + "." + rng.between(1, 254));
  }
}
