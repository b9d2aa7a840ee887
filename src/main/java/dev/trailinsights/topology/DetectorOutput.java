package dev.trailinsights.topology;

/**
 * What the detector node forwards: an Insights event for the output topic, or a record of the
 * insight history (Start, End, summary, series point) for the history topic.
 *
 * @param history true for a history record
 * @param value the record's value; null deletes a history key
 */
record DetectorOutput(boolean history, byte[] value) {
  static DetectorOutput insight(byte[] value) {
    return new DetectorOutput(false, value);
  }

  static DetectorOutput history(byte[] value) {
    return new DetectorOutput(true, value);
  }
}
