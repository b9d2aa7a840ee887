package dev.trailinsights.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole synthetic estate, derived deterministically from {@link WorkloadParams}: accounts and
 * their callers, the APIs in use, one {@link StreamModel} per account and region with a {@link
 * KeyProfile} per API, and the planned anomalies.
 */
final class WorkloadModel {
  private static final double ZIPF_EXPONENT = 1.05;
  private static final int[] UTC_OFFSETS = {0, -5, 1, -8, 9, 10, -3, 5};
  private static final Set<String> REQUIRED =
      Set.of("GetObject", "PutObject", "Invoke", "ConsoleLogin", "AssumeRole");
  private static final Set<String> CRON_PREFERRED =
      Set.of(
          "CreateSnapshot",
          "DeleteSnapshot",
          "CreateDBSnapshot",
          "DeleteDBSnapshot",
          "CreateBackup",
          "SendCommand",
          "StartInstances",
          "StopInstances",
          "PutParameter",
          "RunTask",
          "CreateImage");
  private static final Set<String> SERVICE_CALLED =
      Set.of("sts", "kms", "logs", "autoscaling", "elasticloadbalancing", "ecs");
  private static final String[] SERVICE_PRINCIPALS = {
    "autoscaling.amazonaws.com",
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "cloudformation.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "backup.amazonaws.com",
    "config.amazonaws.com"
  };

  final WorkloadParams params;
  final List<ApiDef> apis;
  final List<AccountModel> accounts;
  final List<StreamModel> streams;
  final List<Anomaly> anomalies;

  private WorkloadModel(
      WorkloadParams params,
      List<ApiDef> apis,
      List<AccountModel> accounts,
      List<StreamModel> streams,
      List<Anomaly> anomalies) {
    this.params = params;
    this.apis = apis;
    this.accounts = accounts;
    this.streams = streams;
    this.anomalies = anomalies;
  }

  long startMinute() {
    return params.start().getEpochSecond() / 60;
  }

  long endMinute() {
    return params.end().getEpochSecond() / 60;
  }

  static WorkloadModel build(WorkloadParams p) {
    Rng rng = new Rng(Rng.mix(p.seed(), 1));
    List<ApiDef> apis = selectApis(p.apis(), rng);
    Map<ApiDef, Integer> zipfRank = zipfRanks(apis, rng);
    List<AccountModel> accounts = new ArrayList<>();
    for (int i = 0; i < p.accounts(); i++) {
      accounts.add(account(i, rng));
    }
    List<StreamModel> streams = new ArrayList<>();
    for (AccountModel a : accounts) {
      for (int r = 0; r < p.regions(); r++) {
        double regionWeight = r == 0 ? 1.0 : 0.6 / r;
        int idx = streams.size();
        streams.add(
            new StreamModel(
                idx,
                a,
                WorkloadParams.REGIONS[r],
                r,
                rng.nextInt(5),
                a.weight() * regionWeight,
                Rng.mix(p.seed(), 1000 + idx)));
      }
    }
    List<KeySpec> specs = new ArrayList<>();
    for (StreamModel s : streams) {
      specs.addAll(keySpecs(s, apis, rng));
    }
    calibrate(specs, zipfRank, p.eventsPerSecond() * 60, rng);
    for (KeySpec k : specs) {
      k.stream.keys.add(k.build());
    }
    WorkloadModel model =
        new WorkloadModel(p, List.copyOf(apis), List.copyOf(accounts), List.copyOf(streams), null);
    List<Anomaly> planned =
        new AnomalyPlanner(model, new Rng(Rng.mix(p.seed(), 2))).plan(p.anomalies());
    return new WorkloadModel(p, model.apis, model.accounts, model.streams, planned);
  }

  /** A share of every tier, so a small {@code --apis} keeps busy, regular and rare APIs. */
  private static List<ApiDef> selectApis(int n, Rng rng) {
    List<ApiDef> all = ApiCatalog.all();
    Map<Character, List<ApiDef>> byTier = new HashMap<>();
    for (char t : new char[] {'H', 'M', 'L'}) {
      List<ApiDef> tier = new ArrayList<>();
      List<ApiDef> required = new ArrayList<>();
      for (ApiDef a : all) {
        if (a.tier() == t) {
          (REQUIRED.contains(a.eventName()) ? required : tier).add(a);
        }
      }
      shuffle(tier, rng);
      required.addAll(tier);
      byTier.put(t, required);
    }
    int h = byTier.get('H').size();
    int m = byTier.get('M').size();
    int quotaH = (int) Math.round((double) n * h / all.size());
    int quotaM = (int) Math.round((double) n * m / all.size());
    int quotaL = n - quotaH - quotaM;
    List<ApiDef> out = new ArrayList<>();
    out.addAll(byTier.get('H').subList(0, quotaH));
    out.addAll(byTier.get('M').subList(0, quotaM));
    out.addAll(byTier.get('L').subList(0, quotaL));
    return out;
  }

  /** Popularity ranks of regular APIs: busy tier first, then the regular tier. */
  private static Map<ApiDef, Integer> zipfRanks(List<ApiDef> apis, Rng rng) {
    List<ApiDef> h = new ArrayList<>();
    List<ApiDef> m = new ArrayList<>();
    for (ApiDef a : apis) {
      if (a.tier() == 'H') {
        h.add(a);
      } else if (a.tier() == 'M') {
        m.add(a);
      }
    }
    shuffle(h, rng);
    shuffle(m, rng);
    h.addAll(m);
    Map<ApiDef, Integer> rank = new HashMap<>();
    for (int i = 0; i < h.size(); i++) {
      rank.put(h.get(i), i);
    }
    return rank;
  }

  static <T> void shuffle(List<T> l, Rng rng) {
    for (int i = l.size() - 1; i > 0; i--) {
      Collections.swap(l, i, rng.nextInt(i + 1));
    }
  }

  private static AccountModel account(int i, Rng rng) {
    String id = String.valueOf(100_000_000_000L + (rng.nextLong() >>> 1) % 900_000_000_000L);
    double weight = i == 0 ? 1.0 : rng.uniform(0.3, 1.0);
    Diurnal diurnal = new Diurnal(UTC_OFFSETS[i % UTC_OFFSETS.length]);
    String office = "203.0.113." + rng.between(2, 250);
    String office2 = "198.51.100." + rng.between(2, 250);
    List<Identity> humans = new ArrayList<>();
    int people = rng.between(3, 5);
    for (int u = 0; u < people; u++) {
      String name = StreamModel.HUMAN_NAMES[u];
      boolean console = u % 2 == 0;
      humans.add(
          Identity.user(
              id,
              name,
              "AIDA" + rng.upperAlnum(17),
              "AKIA" + rng.upperAlnum(16),
              console ? UserAgents.CONSOLE : UserAgents.CLI[u % UserAgents.CLI.length],
              u % 3 == 2 ? office2 : office));
    }
    String ssoAdmin = "AWSReservedSSO_AdministratorAccess_" + hex(rng, 16);
    String ssoPower = "AWSReservedSSO_PowerUserAccess_" + hex(rng, 16);
    String adminRoleId = "AROA" + rng.upperAlnum(17);
    String powerRoleId = "AROA" + rng.upperAlnum(17);
    humans.add(
        Identity.assumedRole(
            id,
            ssoAdmin,
            "grace@example.com",
            adminRoleId,
            "ASIA" + rng.upperAlnum(16),
            UserAgents.CONSOLE,
            office));
    humans.add(
        Identity.assumedRole(
            id,
            ssoPower,
            "heidi@example.com",
            powerRoleId,
            "ASIA" + rng.upperAlnum(16),
            UserAgents.CLI[1],
            office2));
    List<Identity> automation = new ArrayList<>();
    automation.add(
        Identity.assumedRole(
            id,
            "terraform-ci",
            "terraform-run-" + rng.between(1000, 9999),
            "AROA" + rng.upperAlnum(17),
            "ASIA" + rng.upperAlnum(16),
            UserAgents.TERRAFORM,
            "34.201." + rng.between(0, 255) + "." + rng.between(1, 254)));
    automation.add(
        Identity.assumedRole(
            id,
            "github-actions-deploy",
            "GitHubActions",
            "AROA" + rng.upperAlnum(17),
            "ASIA" + rng.upperAlnum(16),
            UserAgents.CLI[0],
            "20.97." + rng.between(0, 255) + "." + rng.between(1, 254)));
    automation.add(
        Identity.user(
            id,
            "ci-legacy",
            "AIDA" + rng.upperAlnum(17),
            "AKIA" + rng.upperAlnum(16),
            UserAgents.BOTO3[0],
            "52.23." + rng.between(0, 255) + "." + rng.between(1, 254)));
    automation.add(
        Identity.assumedRole(
            id,
            "backup-operator",
            "nightly-backup",
            "AROA" + rng.upperAlnum(17),
            "ASIA" + rng.upperAlnum(16),
            UserAgents.BOTO3[1],
            "10.20." + rng.between(0, 255) + "." + rng.between(1, 254)));
    List<Identity> workloads = new ArrayList<>();
    String[][] apps = {
      {"eks-node-role", "i-0%s", "GO"},
      {"orders-api-task-role", "%s", "JAVA"},
      {"ingest-lambda-role", "ingest-handler", "BOTO3"},
      {"reports-lambda-role", "reports-handler", "BOTO3"},
      {"payments-task-role", "%s", "JAVA"},
      {"karpenter-controller", "%s", "GO"}
    };
    int nApps = rng.between(4, apps.length);
    for (int w = 0; w < nApps; w++) {
      String[] app = apps[w];
      String session = app[1].contains("%s") ? String.format(app[1], hex(rng, 16)) : app[1];
      String ua =
          switch (app[2]) {
            case "GO" -> UserAgents.GO_SDK;
            case "JAVA" -> UserAgents.JAVA_SDK;
            default -> UserAgents.BOTO3[w % UserAgents.BOTO3.length];
          };
      workloads.add(
          Identity.assumedRole(
              id,
              app[0],
              session,
              "AROA" + rng.upperAlnum(17),
              "ASIA" + rng.upperAlnum(16),
              ua,
              "10." + rng.between(0, 255) + "." + rng.between(0, 255) + "." + rng.between(1, 254)));
    }
    List<Identity> services = new ArrayList<>();
    for (String principal : SERVICE_PRINCIPALS) {
      services.add(Identity.service(id, principal));
    }
    return new AccountModel(
        i,
        id,
        weight,
        diurnal,
        List.copyOf(humans),
        List.copyOf(automation),
        List.copyOf(workloads),
        List.copyOf(services));
  }

  static String hex(Rng rng, int n) {
    char[] c = new char[n];
    rng.hex(c, 0, n);
    return new String(c);
  }

  /** A key before its rate is known. */
  private static final class KeySpec {
    final StreamModel stream;
    final ApiDef api;
    KeyProfile.Pattern pattern;
    double rate;
    double diurnalStrength;
    double minuteShape;
    double hourShape;
    Identity[] callers;
    double[] weights;
    double pAuthz;
    double pNotFound;
    double pThrottle;
    int cronMinute;
    int burstSize;
    int burstMinutes = 1;

    KeySpec(StreamModel stream, ApiDef api) {
      this.stream = stream;
      this.api = api;
    }

    KeyProfile build() {
      return new KeyProfile(
          stream,
          api,
          pattern,
          rate,
          diurnalStrength,
          minuteShape,
          hourShape,
          callers,
          weights,
          pAuthz,
          pNotFound,
          pThrottle,
          cronMinute,
          burstSize,
          burstMinutes);
    }
  }

  private static List<KeySpec> keySpecs(StreamModel s, List<ApiDef> apis, Rng rng) {
    List<KeySpec> out = new ArrayList<>();
    List<KeySpec> cronCandidates = new ArrayList<>();
    List<KeySpec> cronPreferred = new ArrayList<>();
    for (ApiDef api : apis) {
      if (api.global() && s.regionIndex > 0) {
        continue;
      }
      KeySpec k = new KeySpec(s, api);
      double presence =
          switch (api.tier()) {
            case 'H' -> 0.97;
            case 'M' -> 0.85;
            default -> 0.7;
          };
      boolean present = REQUIRED.contains(api.eventName()) || rng.chance(presence);
      if (!present) {
        k.pattern = KeyProfile.Pattern.ABSENT;
      } else if (api.tier() == 'L') {
        k.pattern = KeyProfile.Pattern.SPARSE;
      } else {
        k.pattern = KeyProfile.Pattern.REGULAR;
      }
      if (present && !api.readOnly() && !api.data() && !api.consoleSignIn()) {
        (CRON_PREFERRED.contains(api.eventName()) ? cronPreferred : cronCandidates).add(k);
      }
      out.add(k);
    }
    shuffle(cronPreferred, rng);
    shuffle(cronCandidates, rng);
    cronPreferred.addAll(cronCandidates);
    int crons = Math.min(cronPreferred.size(), rng.between(2, 4));
    for (int i = 0; i < crons; i++) {
      KeySpec k = cronPreferred.get(i);
      if (i % 2 == 0) {
        k.pattern = KeyProfile.Pattern.CRON_HOURLY;
        k.cronMinute = rng.nextInt(60);
        k.burstSize = rng.between(8, 40);
        k.burstMinutes = rng.between(1, 2);
      } else {
        k.pattern = KeyProfile.Pattern.CRON_DAILY;
        k.cronMinute = rng.between(0, 5) * 60 + rng.nextInt(60);
        k.burstSize = rng.between(60, 300);
        k.burstMinutes = rng.between(2, 5);
      }
    }
    for (KeySpec k : out) {
      callersAndErrors(k, rng);
    }
    return out;
  }

  private static void callersAndErrors(KeySpec k, Rng rng) {
    AccountModel a = k.stream.account;
    ApiDef api = k.api;
    List<Identity> pool = new ArrayList<>();
    switch (k.pattern) {
      case CRON_HOURLY, CRON_DAILY -> {
        pool.add(
            rng.chance(0.5)
                ? a.automation().get(3)
                : a.services().get(6 % a.services().size())); // backup-operator or AWS Backup
      }
      default -> {
        if (api.consoleSignIn()) {
          for (Identity h : a.humans()) {
            if (h.type() == Identity.Type.IAM_USER) {
              pool.add(h);
            }
          }
        } else if (api.data()) {
          pickInto(pool, a.workloads(), rng.between(1, 3), rng);
        } else if (api.readOnly()) {
          pickInto(pool, a.humans(), 1, rng);
          pickInto(pool, a.automation(), rng.between(0, 1), rng);
          pickInto(pool, a.workloads(), rng.between(1, 2), rng);
        } else if (k.pattern == KeyProfile.Pattern.SPARSE) {
          pickInto(pool, a.humans(), rng.between(1, 2), rng);
          pickInto(pool, a.automation(), rng.between(0, 1), rng);
        } else {
          pickInto(pool, a.automation(), rng.between(1, 2), rng);
          pickInto(pool, a.humans(), rng.between(0, 1), rng);
          pickInto(pool, a.workloads(), rng.between(0, 1), rng);
        }
        if (SERVICE_CALLED.contains(api.service()) && rng.chance(0.6)) {
          // services assuming roles and using keys on the account's behalf are the main callers
          pool.add(0, a.services().get(rng.nextInt(a.services().size())));
        }
      }
    }
    k.callers = pool.toArray(new Identity[0]);
    k.weights = new double[k.callers.length];
    for (int i = 0; i < k.weights.length; i++) {
      k.weights[i] = 1.0 / (i + 1) * rng.uniform(0.5, 1.5);
    }
    boolean humanish = k.pattern == KeyProfile.Pattern.SPARSE || api.consoleSignIn();
    k.diurnalStrength = humanish ? rng.uniform(0.8, 1.0) : rng.uniform(0.3, 0.95);
    k.minuteShape = rng.logUniform(3, 40);
    k.hourShape = rng.uniform(6, 20);
    if (k.pattern != KeyProfile.Pattern.ABSENT && !api.consoleSignIn() && rng.chance(0.35)) {
      k.pAuthz = rng.logUniform(0.0005, 0.01);
    }
    if (api.resource().parameter() != null && rng.chance(0.25)) {
      k.pNotFound = rng.logUniform(0.0005, 0.02);
    }
  }

  private static void pickInto(List<Identity> out, List<Identity> from, int n, Rng rng) {
    for (int i = 0; i < n; i++) {
      Identity id = from.get(rng.nextInt(from.size()));
      if (!out.contains(id)) {
        out.add(id);
      }
    }
  }

  /**
   * Rates: sparse keys log-uniform in [0.001, 0.05] calls/min, scheduled keys their bursts, and the
   * rest of the requested volume shared by regular keys along a Zipf law of API popularity.
   */
  private static void calibrate(
      List<KeySpec> specs, Map<ApiDef, Integer> zipfRank, double perMinute, Rng rng) {
    double fixed = 0;
    double raw = 0;
    double[] rawOf = new double[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      KeySpec k = specs.get(i);
      switch (k.pattern) {
        case SPARSE -> {
          k.rate = rng.logUniform(0.001, 0.05);
          fixed += k.rate;
        }
        case CRON_HOURLY -> {
          k.rate = 0;
          fixed += k.burstSize / 60.0;
        }
        case CRON_DAILY -> {
          k.rate = 0;
          fixed += k.burstSize / 1440.0;
        }
        case REGULAR -> {
          int rank = zipfRank.getOrDefault(k.api, zipfRank.size());
          double w =
              k.stream.weight
                  * Math.pow(rank + 1, -ZIPF_EXPONENT)
                  * rng.logUniform(0.6, 1.6)
                  * (k.api.data() ? 0.6 : 1.0);
          rawOf[i] = w;
          raw += w;
        }
        case ABSENT -> k.rate = 0;
      }
    }
    double regular = Math.max(perMinute - fixed, 0.2 * perMinute);
    for (int i = 0; i < specs.size(); i++) {
      KeySpec k = specs.get(i);
      if (k.pattern == KeyProfile.Pattern.REGULAR) {
        k.rate = rawOf[i] / raw * regular;
        if (k.rate >= 5 && !k.api.consoleSignIn()) {
          k.pThrottle = rng.logUniform(0.0003, 0.002);
        }
      }
    }
  }
}
