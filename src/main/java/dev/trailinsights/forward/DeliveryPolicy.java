package dev.trailinsights.forward;

import java.time.Duration;

/**
 * How hard {@code forward} tries one delivery before parking it (YAML {@code delivery:}).
 *
 * @param maxAttempts attempts per event and destination, including the first ({@code max-attempts},
 *     default 5)
 * @param initialBackoff wait before the second attempt, doubled for each further one, with jitter
 *     ({@code initial-backoff-ms}, default 1000)
 * @param maxBackoff cap of the wait between attempts ({@code max-backoff-ms}, default 60000)
 * @param timeout connect and response timeout of one attempt ({@code timeout-ms}, default 10000)
 * @param maxRetryAfter longest {@code Retry-After} honoured; a longer one is waited for this long
 *     ({@code max-retry-after-ms}, default 300000)
 */
public record DeliveryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration timeout,
    Duration maxRetryAfter) {

  /** The defaults listed above. */
  public static final DeliveryPolicy DEFAULT =
      new DeliveryPolicy(
          5,
          Duration.ofSeconds(1),
          Duration.ofMinutes(1),
          Duration.ofSeconds(10),
          Duration.ofMinutes(5));

  public DeliveryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initial-backoff-ms <= max-backoff-ms");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout-ms must be positive");
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("max-retry-after-ms must not be negative");
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed:
   * exponential, capped, with "equal jitter" ({@code jitter} in [0, 1) picks a point in the upper
   * half) so that several forwarders do not retry in step.
   */
  public Duration backoff(int attempt, double jitter) {
    long base = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    long exp = attempt >= 31 ? max : Math.min(max, base << Math.max(0, attempt - 1));
    long half = exp / 2;
    return Duration.ofMillis(half + (long) (jitter * (exp - half)));
  }
}
