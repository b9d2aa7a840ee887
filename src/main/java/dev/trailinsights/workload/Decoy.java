package dev.trailinsights.workload;

/**
 * A key whose normal traffic looks unusual to a naive detector and must not raise insights: a
 * scheduled burst or a sparse API. Listed in {@code labels.json} so that {@code evaluate} can say
 * which trap a false insight fell into.
 *
 * @param kind {@code cron-hourly}, {@code cron-daily} or {@code sparse}
 * @param accountId account of the key
 * @param region region of the key
 * @param eventSource API's service endpoint
 * @param eventName API action
 * @param ratePerMinute weekly mean calls per minute
 * @param detail the schedule, for crons ({@code 24 calls at minute 17 of every hour})
 */
public record Decoy(
    String kind,
    String accountId,
    String region,
    String eventSource,
    String eventName,
    double ratePerMinute,
    String detail) {

  public static final String CRON_HOURLY = "cron-hourly";
  public static final String CRON_DAILY = "cron-daily";
  public static final String SPARSE = "sparse";

  /** {@code account|region|eventSource|eventName}. */
  public String key() {
    return accountId + "|" + region + "|" + eventSource + "|" + eventName;
  }
}
