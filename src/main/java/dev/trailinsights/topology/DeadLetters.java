package dev.trailinsights.topology;

/**
 * Headers of records in the dead-letter topic; the value is the original message, byte for byte.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Why the message (or a record in it) could not be used: a {@code BadReason} label. */
  public static final String REASON = "trail-insights.reason";

  /** One line saying what was wrong, never the content. */
  public static final String DETAIL = "trail-insights.detail";

  /** How many records of the message were bad (a trail file may hold good ones too). */
  public static final String BAD_RECORDS = "trail-insights.bad-records";

  public static final String SOURCE_TOPIC = "trail-insights.source.topic";
  public static final String SOURCE_PARTITION = "trail-insights.source.partition";
  public static final String SOURCE_OFFSET = "trail-insights.source.offset";

  /** Reason for a failure in processing rather than in the input. */
  public static final String PROCESSING_ERROR = "processing-error";
}
