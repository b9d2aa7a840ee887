package dev.trailinsights.topology;

/**
 * What the detector node forwards: an Insights event for the output topic, or a record of the
 * insight history (Start, End, summary, series point) for the history topic.
 *
 * @param history true for a history record
 * @param value the record's value; null deletes a history key
 * @param eventId the Insights event's {@code eventID}, null for a history record
 */
record DetectorOutput(boolean history, byte[] value, String eventId) {
  static DetectorOutput insight(byte[] value, String eventId) {
    return new DetectorOutput(false, value, eventId);
  }

  static DetectorOutput history(byte[] value) {
    return new DetectorOutput(true, value, null);
  }
}
