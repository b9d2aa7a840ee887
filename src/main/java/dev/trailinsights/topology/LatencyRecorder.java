package dev.trailinsights.topology;

/**
 * Where the topology reports its latencies; the metrics layer implements it with histograms. Called
 * on stream threads once per selected record or per Start, so implementations must be cheap and
 * thread-safe.
 */
public interface LatencyRecorder {
  /**
   * Header carrying the wall-clock time (epoch milliseconds, 8 bytes big-endian) at which the
   * message of a selected record was read from the input topic.
   */
  String ARRIVAL_HEADER = "trail-insights-arrival";

  /** Records nothing. */
  LatencyRecorder NONE =
      new LatencyRecorder() {
        @Override
        public void eventLag(long millis) {}

        @Override
        public void detectionDelay(long millis) {}
      };

  /**
   * A selected record was read {@code millis} after its {@code eventTime} (wall clock minus event
   * time; negative under clock skew).
   */
  void eventLag(long millis);

  /**
   * A Start was written {@code millis} after the message holding the event that crossed the
   * threshold was read from the input topic.
   */
  void detectionDelay(long millis);
}
