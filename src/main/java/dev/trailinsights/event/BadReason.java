package dev.trailinsights.event;

/** Why an input record could not be read. Stable, lowercase {@link #label()}s appear in metrics. */
public enum BadReason {
  /** Not JSON at all, or JSON that is not an object where a record was expected. */
  NOT_JSON("not-json"),
  /** The JSON ends before the value does. */
  TRUNCATED("truncated"),
  /** {@code eventTime}, {@code eventSource} or {@code eventName} is absent or empty. */
  MISSING_FIELD("missing-field"),
  /** {@code eventTime} is not an ISO-8601 UTC timestamp. */
  BAD_TIMESTAMP("bad-timestamp"),
  /** The record exceeds the configured size limit. */
  TOO_LARGE("too-large"),
  /** A field the engine reads has the wrong JSON type (e.g. {@code eventName} is an object). */
  BAD_FIELD("bad-field");

  private final String label;

  BadReason(String label) {
    this.label = label;
  }

  /** The reason as it appears in summaries, dead-letter headers and metric tags. */
  public String label() {
    return label;
  }
}
