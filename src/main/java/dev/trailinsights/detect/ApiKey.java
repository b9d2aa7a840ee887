package dev.trailinsights.detect;

/**
 * The identity of one call-rate series and its error-rate series: {@code
 * account|region|eventSource|eventName}. {@link #encoded()} is the state-store and repartition key.
 */
public record ApiKey(String accountId, String region, String eventSource, String eventName) {
  private static final char SEP = '|';

  public ApiKey {
    if (eventSource.isEmpty() || eventName.isEmpty()) {
      throw new IllegalArgumentException("eventSource and eventName must not be empty");
    }
  }

  /** {@code account|region|eventSource|eventName}; the parts never contain {@code |}. */
  public String encoded() {
    return accountId + SEP + region + SEP + eventSource + SEP + eventName;
  }

  /**
   * {@code account|region}: the scope of warm-up, and the partitioning key of the live topology.
   */
  public String scope() {
    return accountId + SEP + region;
  }

  /** Inverse of {@link #encoded()}. */
  public static ApiKey decode(String encoded) {
    int a = encoded.indexOf(SEP);
    int b = encoded.indexOf(SEP, a + 1);
    int c = encoded.indexOf(SEP, b + 1);
    if (a < 0 || b < 0 || c < 0) {
      throw new IllegalArgumentException("not an API key: " + encoded);
    }
    return new ApiKey(
        encoded.substring(0, a),
        encoded.substring(a + 1, b),
        encoded.substring(b + 1, c),
        encoded.substring(c + 1));
  }
}
