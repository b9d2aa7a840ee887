package dev.trailinsights.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * One account and region: the unit CloudTrail delivers log files for, and the unit the workload
 * generates independently (its own random generator), so output never depends on thread scheduling.
 */
final class StreamModel {
  private static final String[] WORDS = {
    "orders",
    "payments",
    "billing",
    "inventory",
    "search",
    "catalog",
    "checkout",
    "analytics",
    "reports",
    "auth",
    "users",
    "notifications",
    "ingest",
    "etl",
    "features",
    "web",
    "api",
    "worker",
    "batch",
    "backup",
    "events",
    "datalake",
    "frontend",
    "pricing"
  };
  private static final String[] METRIC_NAMESPACES = {
    "AWS/EC2", "AWS/Lambda", "AWS/RDS", "AWS/ApplicationELB", "AWS/SQS", "AWS/DynamoDB", "CWAgent"
  };
  private static final String[] DOCUMENTS = {
    "AWS-RunShellScript",
    "AWS-RunPatchBaseline",
    "AWS-UpdateSSMAgent",
    "AWS-GatherSoftwareInventory"
  };
  static final int POOL = 24;

  final int index;
  final AccountModel account;
  final String region;
  final int regionIndex;

  /** Files of this stream are delivered at minutes congruent to this offset modulo 5. */
  final int deliveryOffsetMinutes;

  /** Relative size of this stream's traffic. */
  final double weight;

  /** Seed of this stream's traffic and delivery. */
  final long seed;

  final List<KeyProfile> keys = new ArrayList<>();
  private final String[][] pools = new String[ResourceType.values().length][];

  StreamModel(
      int index,
      AccountModel account,
      String region,
      int regionIndex,
      int deliveryOffsetMinutes,
      double weight,
      long seed) {
    this.index = index;
    this.account = account;
    this.region = region;
    this.regionIndex = regionIndex;
    this.deliveryOffsetMinutes = deliveryOffsetMinutes;
    this.weight = weight;
    this.seed = seed;
    Rng rng = new Rng(Rng.mix(seed, 7));
    for (ResourceType t : ResourceType.values()) {
      String[] pool = new String[POOL];
      for (int i = 0; i < POOL; i++) {
        pool[i] = name(t, i, rng);
      }
      pools[t.ordinal()] = pool;
    }
  }

  /** Resource {@code i} (modulo the pool size) of type {@code t} in this account and region. */
  String resource(ResourceType t, int i) {
    return pools[t.ordinal()][i % POOL];
  }

  private String name(ResourceType t, int i, Rng rng) {
    String acct = account.id();
    String word = WORDS[(i * 7 + regionIndex) % WORDS.length];
    if (t.idPrefix() != null) {
      if (t == ResourceType.ACCESS_KEY || t == ResourceType.HOSTED_ZONE) {
        return t.idPrefix() + rng.upperAlnum(t.idDigits());
      }
      char[] c = new char[t.idDigits()];
      rng.hex(c, 0, c.length);
      return t.idPrefix() + new String(c);
    }
    return switch (t) {
      case KEY_PAIR -> word + "-deploy-key";
      case BUCKET -> "acme-" + word + "-" + region;
      case OBJECT -> word + "/";
      case USER -> HUMAN_NAMES[i % HUMAN_NAMES.length] + (i < HUMAN_NAMES.length ? "" : "-" + i);
      case ROLE -> word + "-service-role";
      case POLICY -> "arn:aws:iam::" + acct + ":policy/" + word + "-access";
      case GROUP -> word + "-developers";
      case FUNCTION -> word + "-handler";
      case KMS_KEY -> rng.uuid();
      case SECRET -> "prod/" + word + "/db-credentials";
      case LOG_GROUP -> (i % 2 == 0 ? "/aws/lambda/" : "/ecs/") + word;
      case ALARM -> word + "-high-error-rate";
      case METRIC -> METRIC_NAMESPACES[i % METRIC_NAMESPACES.length];
      case STACK -> word + "-" + (i % 3 == 0 ? "network" : "service");
      case DB_INSTANCE -> word + "-db-" + (i % 3 + 1);
      case DB_SNAPSHOT -> "rds:" + word + "-db-" + (i % 3 + 1) + "-snapshot";
      case TABLE -> word + "-table";
      case PARAMETER -> "/prod/" + word + "/config";
      case COMMAND -> DOCUMENTS[i % DOCUMENTS.length];
      case TOPIC -> "arn:aws:sns:" + region + ":" + acct + ":" + word + "-events";
      case QUEUE -> "https://sqs." + region + ".amazonaws.com/" + acct + "/" + word + "-queue";
      case LOAD_BALANCER ->
          "arn:aws:elasticloadbalancing:"
              + region
              + ":"
              + acct
              + ":loadbalancer/app/"
              + word
              + "-alb/"
              + hex(rng, 16);
      case TARGET_GROUP ->
          "arn:aws:elasticloadbalancing:"
              + region
              + ":"
              + acct
              + ":targetgroup/"
              + word
              + "-tg/"
              + hex(rng, 16);
      case AUTO_SCALING_GROUP -> word + "-asg";
      case REPOSITORY -> word + "-service";
      case ECS_SERVICE -> word + "-svc";
      case ECS_TASK -> "arn:aws:ecs:" + region + ":" + acct + ":task/main/" + hex(rng, 32);
      case TRAIL -> "arn:aws:cloudtrail:" + region + ":" + acct + ":trail/org-trail";
      case DETECTOR -> hex(rng, 32);
      case ROLE_SESSION -> "arn:aws:iam::" + acct + ":role/" + word + "-service-role";
      default -> word;
    };
  }

  private static String hex(Rng rng, int n) {
    char[] c = new char[n];
    rng.hex(c, 0, n);
    return new String(c);
  }

  static final String[] HUMAN_NAMES = {
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"
  };
}
