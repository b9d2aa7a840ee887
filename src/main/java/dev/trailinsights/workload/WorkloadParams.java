package dev.trailinsights.workload;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to generate. Two runs with equal parameters write the same bytes, whatever the number of
 * threads.
 *
 * @param days length of the workload in days (event time)
 * @param seed seed of every random choice
 * @param accounts number of AWS accounts
 * @param regions number of regions per account
 * @param apis number of distinct APIs drawn from the {@link ApiCatalog}
 * @param eventsPerSecond mean events per second over the whole workload, anomalies excluded
 * @param anomalies number of injected, labelled anomalies
 * @param format how records are written
 * @param start event time of the first minute (whole minute, UTC)
 */
public record WorkloadParams(
    int days,
    long seed,
    int accounts,
    int regions,
    int apis,
    double eventsPerSecond,
    int anomalies,
    OutputFormat format,
    Instant start) {

  /** Regions in the order workloads use them; the first one also receives global services. */
  static final String[] REGIONS = {
    "us-east-1",
    "eu-west-1",
    "us-west-2",
    "eu-central-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ca-central-1",
    "sa-east-1"
  };

  public static final int MAX_ACCOUNTS = 50;
  public static final int MIN_APIS = 40;

  public WorkloadParams {
    require(days >= 2 && days <= 60, "--days", "an integer from 2 to 60");
    require(accounts >= 1 && accounts <= MAX_ACCOUNTS, "--accounts", "1.." + MAX_ACCOUNTS);
    require(regions >= 1 && regions <= REGIONS.length, "--regions", "1.." + REGIONS.length);
    int catalog = ApiCatalog.all().size();
    require(apis >= MIN_APIS && apis <= catalog, "--apis", MIN_APIS + ".." + catalog);
    require(
        eventsPerSecond >= 0.1 && eventsPerSecond <= 5000,
        "--events-per-second",
        "a number from 0.1 to 5000");
    require(anomalies >= 0 && anomalies <= 1000, "--anomalies", "0..1000");
    require(format != null, "--format", "files or jsonl");
    require(
        start != null && start.getEpochSecond() % 60 == 0 && start.getNano() == 0,
        "--start",
        "a whole minute in UTC, e.g. 2026-03-02T00:00:00Z");
  }

  private static void require(boolean ok, String option, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("invalid value for " + option + ": expected " + expected);
    }
  }

  /** Defaults of the {@code generate} command with another seed and length. */
  public static WorkloadParams defaults() {
    return new WorkloadParams(
        7, 42, 3, 2, 150, 20.0, 40, OutputFormat.FILES, Instant.parse("2026-03-02T00:00:00Z"));
  }

  /** Event time just after the last minute. */
  public Instant end() {
    return start.plusSeconds(days * 86_400L);
  }

  /** The parameters as written into {@code labels.json}. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("days", days);
    m.put("seed", seed);
    m.put("accounts", accounts);
    m.put("regions", regions);
    m.put("apis", apis);
    m.put("eventsPerSecond", eventsPerSecond);
    m.put("anomalies", anomalies);
    m.put("format", format.label());
    m.put("start", start.toString());
    return m;
  }
}
