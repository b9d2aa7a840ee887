package dev.trailinsights.it;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generated CloudTrail traffic for tests of the live topology against the offline detector: four
 * {@code account|region} scopes with steady per-minute traffic on several APIs, one call-rate
 * burst, one error-rate burst, and one API that appears only in a burst and then goes silent (its
 * insight can only end on stream time). Some deliveries of steady APIs arrive late (within the
 * lateness horizon) and some records of every API are delivered twice.
 *
 * <p>Records arrive in three envelopes: bare records, {@code {"Records":[...]}} files and
 * EventBridge events. Every message is keyed by its {@code account|region}, so all records of a
 * scope keep their order in one input partition.
 *
 * <p>The traffic is built so that the live topology, whose stream time is per task, decides exactly
 * what the offline detector, whose stream time is global, decides: APIs with insights are delivered
 * in event-time order, late deliveries go only to APIs whose constant per-minute counts never make
 * an insight, and a file never spans a minute boundary. After the traffic, {@link #ticks()} holds
 * one record per scope far enough ahead in event time to close every remaining minute in every
 * task.
 */
public final class TrailScenario {
  /**
   * Accounts of the scopes: scope {@code s} is {@code ACCOUNTS[s / 2]|REGIONS[s % 2]}. Chosen so
   * that the four scopes hash to four different partitions of a four-partition topic.
   */
  public static final String[] ACCOUNTS = {"123456789012", "444455556666"};

  /** Regions of the scopes. */
  public static final String[] REGIONS = {"us-east-1", "eu-west-1"};

  /** Number of {@code account|region} scopes. */
  public static final int SCOPES = 4;

  /** Minutes of traffic. */
  public static final int MINUTES = 120;

  /**
   * First minute of the call-rate burst on {@link #CALL_BURST_API} in scope 1. Every burst comes
   * after an hour of baseline (the warm-up of {@link #detection}) plus the lateness horizon.
   */
  public static final int CALL_BURST = 80;

  /** First minute of the error-rate burst on {@link #ERROR_BURST_API} in scope 2. */
  public static final int ERROR_BURST = 88;

  /** First minute of {@link #SILENT_API} in scope 3; it is never seen again. */
  public static final int SILENT_BURST = 95;

  /**
   * The minute by which minute {@code m}'s insight has been written: the scenario is a backlog
   * hours behind the clock, so a minute is judged as it closes, {@code detection.lateness} (15
   * minutes) after it, and its Start comes a little later.
   */
  public static int judgedBy(int m) {
    return m + 15 + 3;
  }

  /** Minute of the tick records: lateness (15) + quiet minutes (5) + 2 after the traffic. */
  public static final int TICK_MINUTE = MINUTES + 15 + 5 + 2;

  public static final String CALL_BURST_API = "iam.amazonaws.com:CreateAccessKey";
  public static final String ERROR_BURST_API = "iam.amazonaws.com:ListUsers";
  public static final String SILENT_API = "lambda.amazonaws.com:UpdateFunctionCode";
  public static final String ERROR_CODE = "AccessDenied";
  public static final String TICK_API = "clock.trailinsights.dev:Tick";

  static final String NORMAL_AGENT = "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64";
  static final String ATTACKER_AGENT = "python-requests/2.31.0";

  /** One input message: its {@code account|region} and its bytes. */
  public record Message(String scope, byte[] value) {
    /** The Kafka key: {@code account|region}. */
    public byte[] key() {
      return scope.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return scope + " " + new String(value, StandardCharsets.UTF_8);
    }
  }

  /** One CloudTrail record before it is put in an envelope. */
  private record Event(int scope, long deliveryMs, long seq, String json) {}

  private final long base;
  private final List<Message> messages;
  private final List<Message> ticks;
  private final List<Integer> deliveryMinutes = new ArrayList<>();
  private final int records;
  private final Random random;
  private final List<Event> events = new ArrayList<>();
  private long seq;

  private TrailScenario(long base, long seed) {
    if (base % 60_000L != 0) {
      throw new IllegalArgumentException("base must be a whole minute");
    }
    this.base = base;
    this.random = new Random(seed);
    for (int scope = 0; scope < SCOPES; scope++) {
      for (int t = 0; t < MINUTES; t++) {
        steady(scope, t, "ec2.amazonaws.com:RunInstances", 2, 0, false, false);
        steady(scope, t, "s3.amazonaws.com:PutBucketPolicy", 1, 0, false, false);
        // read-only without errors: selected by no series
        steady(scope, t, "ec2.amazonaws.com:DescribeInstances", 1, 0, true, false);
        steady(scope, t, CALL_BURST_API, 2, 0, false, scope == 1);
        steady(scope, t, ERROR_BURST_API, 2, 1, true, scope == 2);
      }
    }
    for (int t = CALL_BURST; t < CALL_BURST + 5; t++) {
      burst(1, t, CALL_BURST_API, 40, null, false);
    }
    for (int t = ERROR_BURST; t < ERROR_BURST + 4; t++) {
      burst(2, t, ERROR_BURST_API, 25, ERROR_CODE, true);
    }
    for (int t = SILENT_BURST; t < SILENT_BURST + 3; t++) {
      burst(3, t, SILENT_API, 30, null, false);
    }
    // repeated deliveries of any API, at most five minutes after the first
    int original = events.size();
    for (int i = 0; i < original; i++) {
      if (random.nextDouble() < 0.02) {
        Event e = events.get(i);
        events.add(new Event(e.scope, e.deliveryMs + random.nextInt(5 * 60_000), seq++, e.json));
      }
    }
    this.records = events.size();
    events.sort(Comparator.comparingLong(Event::deliveryMs).thenComparingLong(Event::seq));
    this.messages = List.copyOf(envelopes());
    List<Message> t = new ArrayList<>();
    for (int scope = 0; scope < SCOPES; scope++) {
      long ms = base + TICK_MINUTE * 60_000L + 30_000L;
      t.add(new Message(scope(scope), bytes(record(scope, ms, TICK_API, false, null, false))));
    }
    this.ticks = List.copyOf(t);
    events.clear();
  }

  /**
   * The detection settings the traffic is made for: defaults, with the trail start at {@code base}
   * and one hour of warm-up.
   */
  public static DetectorConfig detection(long base) {
    return DetectorConfig.builder()
        .trailStart(new TrailStart(TrailStart.Mode.AT, Instant.ofEpochMilli(base)))
        .minBaseline(Duration.ofHours(1))
        .build();
  }

  /**
   * Generates the traffic.
   *
   * @param base first minute of traffic, epoch ms (a whole minute); also the trail start to use
   * @param seed of the random choices (seconds, late and repeated deliveries, envelopes, ids)
   */
  public static TrailScenario generate(long base, long seed) {
    return new TrailScenario(base, seed);
  }

  /**
   * An hour-aligned start {@code hoursAgo} hours before now. Brokers refuse record timestamps more
   * than an hour ahead of their clock, and the topology stamps records with their event time.
   */
  public static long recentBase(int hoursAgo) {
    return Instant.now()
        .truncatedTo(ChronoUnit.HOURS)
        .minus(hoursAgo, ChronoUnit.HOURS)
        .toEpochMilli();
  }

  /** First minute of traffic, epoch ms. */
  public long base() {
    return base;
  }

  /** The traffic, in delivery order. */
  public List<Message> messages() {
    return messages;
  }

  /** One record per scope at {@link #TICK_MINUTE}, to send after the traffic. */
  public List<Message> ticks() {
    return ticks;
  }

  /** {@link #messages()} then {@link #ticks()}. */
  public List<Message> all() {
    List<Message> all = new ArrayList<>(messages);
    all.addAll(ticks);
    return all;
  }

  /** Index in {@link #messages()} of the first message delivered in minute {@code t} or later. */
  public int firstIndexAt(int t) {
    int i = 0;
    while (i < deliveryMinutes.size() && deliveryMinutes.get(i) < t) {
      i++;
    }
    return i;
  }

  /** CloudTrail records in {@link #messages()}, repeated deliveries included. */
  public int records() {
    return records;
  }

  /** {@code account|region} of scope {@code s}. */
  public static String scope(int s) {
    return ACCOUNTS[s / 2] + "|" + REGIONS[s % 2];
  }

  /** {@code n} calls in minute {@code t}, {@code failing} of them with {@link #ERROR_CODE}. */
  private void steady(
      int scope, int t, String api, int n, int failing, boolean readOnly, boolean burstKey) {
    for (int i = 0; i < n; i++) {
      long ms = base + t * 60_000L + random.nextInt(60) * 1000L;
      // only APIs that never have an insight get late deliveries: 1 to 8 minutes, within horizon
      long delivery =
          !burstKey && random.nextDouble() < 0.05 ? ms + 60_000L + random.nextInt(7 * 60_000) : ms;
      String json = record(scope, ms, api, readOnly, i < failing ? ERROR_CODE : null, false);
      events.add(new Event(scope, delivery, seq++, json));
    }
  }

  /** {@code n} calls by another caller, spread over the seconds of minute {@code t}. */
  private void burst(int scope, int t, String api, int n, String errorCode, boolean readOnly) {
    for (int i = 0; i < n; i++) {
      long ms = base + t * 60_000L + (59L * i / (n - 1)) * 1000L;
      events.add(new Event(scope, ms, seq++, record(scope, ms, api, readOnly, errorCode, true)));
    }
  }

  /**
   * Puts the records in envelopes: mostly bare, some EventBridge events, some trail files with the
   * following records of the same scope delivered in the same minute (a file never moves a record
   * across a minute boundary, nor ahead of its own scope's earlier records).
   */
  private List<Message> envelopes() {
    List<Message> out = new ArrayList<>();
    boolean[] taken = new boolean[events.size()];
    for (int i = 0; i < events.size(); i++) {
      if (taken[i]) {
        continue;
      }
      Event e = events.get(i);
      double r = random.nextDouble();
      if (r < 0.15) {
        out.add(new Message(scope(e.scope), bytes(eventBridge(e))));
        deliveryMinutes.add((int) ((e.deliveryMs - base) / 60_000L));
      } else if (r < 0.30) {
        StringBuilder file = new StringBuilder("{\"Records\":[").append(e.json);
        long minute = e.deliveryMs / 60_000L;
        int size = 1 + random.nextInt(5);
        for (int j = i + 1, n = 1; j < events.size() && n < size; j++) {
          Event next = events.get(j);
          if (next.deliveryMs / 60_000L != minute) {
            break;
          }
          if (next.scope == e.scope && !taken[j]) {
            file.append(',').append(next.json);
            taken[j] = true;
            n++;
          }
        }
        out.add(new Message(scope(e.scope), bytes(file.append("]}").toString())));
        deliveryMinutes.add((int) ((e.deliveryMs - base) / 60_000L));
      } else {
        out.add(new Message(scope(e.scope), bytes(e.json)));
        deliveryMinutes.add((int) ((e.deliveryMs - base) / 60_000L));
      }
    }
    return out;
  }

  private String eventBridge(Event e) {
    String account = ACCOUNTS[e.scope / 2];
    String region = REGIONS[e.scope % 2];
    return "{\"version\":\"0\",\"id\":\""
        + new UUID(random.nextLong(), random.nextLong())
        + "\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.cloudtrail\","
        + "\"account\":\""
        + account
        + "\",\"time\":\""
        + Instant.ofEpochMilli(e.deliveryMs).truncatedTo(ChronoUnit.SECONDS)
        + "\",\"region\":\""
        + region
        + "\",\"resources\":[],\"detail\":"
        + e.json
        + "}";
  }

  /**
   * One CloudTrail management record of about 1.2 KB, shaped like what CloudTrail writes (fields
   * the detector skips included).
   */
  String record(
      int scope, long ms, String api, boolean readOnly, String errorCode, boolean attacker) {
    String account = ACCOUNTS[scope / 2];
    String region = REGIONS[scope % 2];
    return cloudTrailRecord(
        ms,
        account,
        region,
        api,
        "arn:aws:iam::" + account + ":user/" + (attacker ? "mallory" : "alice"),
        attacker ? ATTACKER_AGENT : NORMAL_AGENT,
        errorCode,
        readOnly,
        new UUID(random.nextLong(), random.nextLong()).toString());
  }

  /** A CloudTrail record with the given fields and realistic filler. */
  public static String cloudTrailRecord(
      long ms,
      String account,
      String region,
      String api,
      String arn,
      String agent,
      String errorCode,
      boolean readOnly,
      String eventId) {
    String[] parts = api.split(":");
    String service = parts[0].substring(0, parts[0].indexOf('.'));
    StringBuilder sb = new StringBuilder(1400);
    sb.append("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",")
        .append("\"principalId\":\"AIDAEXAMPLEPRINCIPAL01\",\"arn\":\"")
        .append(arn)
        .append("\",\"accountId\":\"")
        .append(account)
        .append("\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"userName\":\"")
        .append(arn.substring(arn.lastIndexOf('/') + 1))
        .append("\",\"sessionContext\":{\"attributes\":{\"creationDate\":\"")
        .append(Instant.ofEpochMilli(ms - 3_600_000L).truncatedTo(ChronoUnit.SECONDS))
        .append("\",\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"")
        .append(Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS))
        .append("\",\"eventSource\":\"")
        .append(parts[0])
        .append("\",\"eventName\":\"")
        .append(parts[1])
        .append("\",\"awsRegion\":\"")
        .append(region)
        .append("\",\"sourceIPAddress\":\"203.0.113.")
        .append(Math.floorMod(eventId.hashCode(), 250) + 1)
        .append("\",\"userAgent\":\"")
        .append(agent)
        .append('"');
    if (errorCode != null) {
      sb.append(",\"errorCode\":\"")
          .append(errorCode)
          .append("\",\"errorMessage\":\"User: ")
          .append(arn)
          .append(" is not authorized to perform: ")
          .append(service)
          .append(':')
          .append(parts[1])
          .append(" because no identity-based policy allows the action\"");
    }
    sb.append(",\"requestParameters\":{\"filterSet\":{\"items\":[{\"name\":\"tag:team\",")
        .append("\"valueSet\":{\"items\":[{\"value\":\"platform\"},{\"value\":\"security\"}]}},")
        .append("{\"name\":\"instance-state-name\",\"valueSet\":{\"items\":[{\"value\":")
        .append("\"running\"},{\"value\":\"pending\"}]}}]},\"maxResults\":1000,")
        .append("\"includeAllInstances\":false},\"responseElements\":")
        .append(errorCode != null ? "null" : "{\"requestId\":\"" + eventId + "\",\"return\":true}")
        .append(",\"requestID\":\"")
        .append(Integer.toHexString(eventId.hashCode()))
        .append("-EXAMPLE\",\"eventID\":\"")
        .append(eventId)
        .append("\",\"readOnly\":")
        .append(readOnly)
        .append(",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,")
        .append("\"recipientAccountId\":\"")
        .append(account)
        .append("\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",")
        .append("\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"")
        .append(service)
        .append('.')
        .append(region)
        .append(".amazonaws.com\"}}");
    return sb.toString();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
