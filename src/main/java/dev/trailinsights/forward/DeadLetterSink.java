package dev.trailinsights.forward;

/** Where events go that cannot be delivered, with the reason; writes are durable on return. */
public interface DeadLetterSink {
  /** Header with the destination name (absent for unreadable records). */
  String DESTINATION = "trail-insights.destination";

  /** Header with the one-line reason. */
  String REASON = "trail-insights.reason";

  /** Header with the number of attempts made, in decimal. */
  String ATTEMPTS = "trail-insights.attempts";

  /** Header with the topic the record was read from. */
  String SOURCE_TOPIC = "trail-insights.source.topic";

  /** Header with the partition the record was read from. */
  String SOURCE_PARTITION = "trail-insights.source.partition";

  /** Header with the offset the record was read from. */
  String SOURCE_OFFSET = "trail-insights.source.offset";

  /**
   * Parks the original record.
   *
   * @param destination the destination given up on; null when the record itself is unreadable
   * @throws RuntimeException when the write fails; the forwarder then stops
   */
  void park(SourceRecord record, String destination, String reason, int attempts);
}
