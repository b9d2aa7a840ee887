package dev.trailinsights.detect;

/**
 * First minute of history per account and region. Warm-up is per account and region, so a new API
 * in a well-known account is judged against a baseline of silent minutes (as AWS reports baselines
 * near 0.0001 calls per minute) instead of waiting for its own warm-up.
 */
public interface HistoryStarts {
  /**
   * Registers that {@code scope} ({@code account|region}) had an event at {@code minute} and
   * returns the scope's first minute of history (the earliest registered).
   */
  long register(String scope, long minute);
}
