package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Sends one event to one destination with the {@link DeliveryPolicy}: a token from the
 * destination's bucket before every attempt, a timeout on each, retries after 5xx, 408, 429,
 * network failures and transient errors a format finds in a 2xx body ({@link MessageFormat#check}),
 * with exponential backoff and jitter; {@code Retry-After} (seconds or an HTTP date) honoured on
 * 429 and 503 up to {@code max-retry-after-ms}. Retries stop at {@code max-attempts} or when the
 * next wait would end past {@code retry-budget-ms} after the first attempt, whichever comes first.
 * Other 4xx are not retried: the request itself is wrong and will not get better. Redirects are not
 * followed. Reasons name the status or the exception class, never a URL.
 */
public final class HttpDelivery {
  private static final String USER_AGENT = "trail-insights-forward";
  private static final int MAX_RESPONSE = 64 * 1024;

  private final HttpClient client;
  private final DeliveryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RandomGenerator random;
  private final ForwardMetrics metrics;

  /** A delivery engine with its own HTTP client. */
  public HttpDelivery(
      DeliveryPolicy policy,
      Sleeper sleeper,
      Clock clock,
      RandomGenerator random,
      ForwardMetrics metrics) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(policy.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.random = random;
    this.metrics = metrics;
  }

  /**
   * Delivers {@code event} to {@code d}, retrying within the policy.
   *
   * @return {@link DeliveryOutcome#DELIVERED} or {@link DeliveryOutcome#PARKED} with the reason
   * @throws InterruptedException when the forwarder is stopping
   */
  public DeliveryResult deliver(Destination d, InsightEvent event, byte[] raw)
      throws InterruptedException {
    int attempt = 0;
    Instant first = clock.instant();
    while (true) {
      attempt++;
      long wait = d.bucket().reserve();
      if (wait > 0) {
        sleeper.sleep(Duration.ofNanos(wait));
      }
      OutboundRequest out = d.format().format(event, raw, clock.instant());
      HttpRequest.Builder b =
          HttpRequest.newBuilder(out.uri())
              .timeout(policy.timeout())
              .header("User-Agent", USER_AGENT)
              .POST(HttpRequest.BodyPublishers.ofByteArray(out.body()));
      for (Map.Entry<String, String> h : out.headers().entrySet()) {
        b.header(h.getKey(), h.getValue());
      }
      String reason;
      Duration retryAfter = null;
      try {
        HttpResponse<InputStream> resp =
            client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = resp.body()) {
          body = in.readNBytes(MAX_RESPONSE);
        }
        int status = resp.statusCode();
        MessageFormat.Refusal refusal = null;
        if (status >= 200 && status < 300) {
          refusal = d.format().check(event, body);
          if (refusal == null) {
            return new DeliveryResult(DeliveryOutcome.DELIVERED, attempt, null);
          }
          if (!refusal.retry()) {
            return new DeliveryResult(
                DeliveryOutcome.PARKED, attempt, refusal.reason() + ", not retried");
          }
        }
        // past here: a 2xx reporting a transient error, or an error status
        reason = refusal != null ? refusal.reason() : "http " + status;
        boolean retryable = refusal != null || status == 408 || status == 429 || status >= 500;
        if (!retryable) {
          return new DeliveryResult(DeliveryOutcome.PARKED, attempt, reason + ", not retried");
        }
        if (status == 429 || status == 503) {
          retryAfter = retryAfter(resp.headers().firstValue("Retry-After"), clock.instant());
        }
      } catch (HttpTimeoutException ex) {
        reason = "timeout";
      } catch (IOException ex) {
        reason = "connection failed (" + ex.getClass().getSimpleName() + ")";
      }
      if (attempt >= policy.maxAttempts()) {
        return new DeliveryResult(
            DeliveryOutcome.PARKED, attempt, reason + " after " + attempt + " attempts");
      }
      Duration pause =
          retryAfter != null
              ? min(retryAfter, policy.maxRetryAfter())
              : policy.backoff(attempt, random.nextDouble());
      Duration spent = Duration.between(first, clock.instant());
      if (spent.plus(pause).compareTo(policy.retryBudget()) > 0) {
        return new DeliveryResult(
            DeliveryOutcome.PARKED,
            attempt,
            reason
                + " after "
                + attempt
                + " attempts in "
                + spent.toSeconds()
                + "s (retry budget "
                + policy.retryBudget().toSeconds()
                + "s)");
      }
      metrics.retried(d.spec());
      sleeper.sleep(pause);
    }
  }

  /** {@code Retry-After} as a duration from {@code now}; null when absent or unreadable. */
  static Duration retryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return null;
    }
    String v = header.get().strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
