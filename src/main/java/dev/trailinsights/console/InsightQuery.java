package dev.trailinsights.console;

import dev.trailinsights.history.InsightSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /api/v1/insights}, validated.
 *
 * @param openOnly {@code state=open}
 * @param type {@code ApiCallRateInsight} or {@code ApiErrorRateInsight}, or null for both
 * @param eventSource exact event source, or null
 * @param eventName exact event name, or null
 * @param account exact account id, or null
 * @param region exact region, or null
 * @param sinceMinute insights that started at or after this epoch minute
 * @param untilMinute insights that started at or before this epoch minute
 * @param limit at most this many insights, 1 to {@value #MAX_LIMIT}
 */
record InsightQuery(
    boolean openOnly,
    String type,
    String eventSource,
    String eventName,
    String account,
    String region,
    long sinceMinute,
    long untilMinute,
    int limit) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final Set<String> PARAMETERS =
      Set.of(
          "state",
          "type",
          "eventSource",
          "eventName",
          "account",
          "region",
          "since",
          "until",
          "limit");
  private static final Pattern RELATIVE = Pattern.compile("([0-9]{1,6})([mhd])");
  private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]{1,256}");

  /**
   * Reads the query parameters.
   *
   * @param now the time relative {@code since}/{@code until} values ({@code 24h}) count back from
   * @throws ApiException 400 naming the first bad or unknown parameter
   */
  static InsightQuery parse(Map<String, String> params, Instant now) {
    for (String name : params.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw ApiException.badParameter(
            name, "unknown parameter; allowed: " + String.join(", ", sorted(PARAMETERS)));
      }
    }
    String state = params.getOrDefault("state", "all");
    if (!state.equals("all") && !state.equals("open")) {
      throw ApiException.badParameter("state", "state must be open or all");
    }
    String type = params.get("type");
    if (type != null && !type.equals("ApiCallRateInsight") && !type.equals("ApiErrorRateInsight")) {
      throw ApiException.badParameter(
          "type", "type must be ApiCallRateInsight or ApiErrorRateInsight");
    }
    long since = time(params, "since", now, Long.MIN_VALUE);
    long until = time(params, "until", now, Long.MAX_VALUE);
    if (since > until) {
      throw ApiException.badParameter("since", "since must not be after until");
    }
    int limit = DEFAULT_LIMIT;
    String l = params.get("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.badParameter("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
      }
    }
    return new InsightQuery(
        state.equals("open"),
        type,
        value(params, "eventSource"),
        value(params, "eventName"),
        value(params, "account"),
        value(params, "region"),
        since,
        until,
        limit);
  }

  /** Whether an insight passes the filters other than its start time. */
  boolean matches(InsightSummary s) {
    return (!openOnly || s.open())
        && (type == null || type.equals(s.insightType()))
        && (eventSource == null || eventSource.equals(s.eventSource()))
        && (eventName == null || eventName.equals(s.eventName()))
        && (account == null || account.equals(s.accountId()))
        && (region == null || region.equals(s.awsRegion()));
  }

  private static String value(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (!VALUE.matcher(v).matches()) {
      throw ApiException.badParameter(name, name + " must be 1 to 256 printable characters");
    }
    return v;
  }

  private static long time(Map<String, String> params, String name, Instant now, long absent) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    Matcher m = RELATIVE.matcher(v);
    Instant t;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      t = now.minus(d);
    } else {
      try {
        t = Instant.parse(v);
      } catch (DateTimeParseException e) {
        throw ApiException.badParameter(
            name,
            name + " must be an instant such as 2026-11-21T09:00:00Z or a time back such as 24h");
      }
    }
    return Math.floorDiv(t.toEpochMilli(), 60_000L);
  }

  private static java.util.List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
