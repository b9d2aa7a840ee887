package dev.trailinsights.forward;

import java.time.Duration;

/**
 * How hard {@code forward} tries one delivery before parking it (YAML {@code delivery:}; each key,
 * its default and its bounds are declared once in {@link ForwardSettings}).
 *
 * <p>The defaults ride out a receiver that is down for up to an hour: waits of 1, 2, 4, ... seconds
 * capped at 1 minute, with jitter, about 60 attempts in all, then the event is parked in the
 * dead-letter topic (from where {@code forward --redrive} delivers it again).
 *
 * @param maxAttempts attempts per event and destination, including the first ({@code max-attempts},
 *     default 100)
 * @param initialBackoff wait before the second attempt, doubled for each further one, with jitter
 *     ({@code initial-backoff-ms}, default 1000)
 * @param maxBackoff cap of the wait between attempts ({@code max-backoff-ms}, default 60000)
 * @param timeout connect and response timeout of one attempt ({@code timeout-ms}, default 10000)
 * @param maxRetryAfter longest {@code Retry-After} honoured; a longer one is waited for this long
 *     ({@code max-retry-after-ms}, default 300000)
 * @param retryBudget how long after the first attempt retries go on; a retry whose wait would end
 *     later is not made and the event is parked ({@code retry-budget-ms}, default 3600000)
 * @param queueCapacity events waiting per destination; when one destination's queue is full the
 *     forwarder stops reading until it has room ({@code queue-capacity}, default 1000)
 */
public record DeliveryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration timeout,
    Duration maxRetryAfter,
    Duration retryBudget,
    int queueCapacity) {

  /** Default of {@link #retryBudget} ({@code retry-budget-ms} in {@link ForwardSettings}). */
  public static final Duration DEFAULT_RETRY_BUDGET =
      Duration.ofMillis(ForwardSettings.RETRY_BUDGET_MS.defaultValue());

  /** Default of {@link #queueCapacity} ({@code queue-capacity} in {@link ForwardSettings}). */
  public static final int DEFAULT_QUEUE_CAPACITY = ForwardSettings.QUEUE_CAPACITY.defaultValue();

  /** The defaults of every key, as declared in {@link ForwardSettings}. */
  public static final DeliveryPolicy DEFAULT = ForwardSettings.defaultPolicy();

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
    if (retryBudget.isNegative()) {
      throw new IllegalArgumentException("retry-budget-ms must not be negative");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue-capacity must be at least 1");
    }
  }

  /** A policy with the default retry budget and queue capacity. */
  public DeliveryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration timeout,
      Duration maxRetryAfter) {
    this(
        maxAttempts,
        initialBackoff,
        maxBackoff,
        timeout,
        maxRetryAfter,
        DEFAULT_RETRY_BUDGET,
        DEFAULT_QUEUE_CAPACITY);
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
