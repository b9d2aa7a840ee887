package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;

/**
 * The shape of a key's state that the configuration fixes: how many minutes a series' ring holds,
 * how many hour buckets it keeps and how long an attribution block is. Both the detector and the
 * state codec derive it from the configuration alone.
 *
 * @param lateness minutes an event may come after its minute closed ({@code detection.lateness})
 * @param ringSize ring slots per series: the open minutes and as many closed ones behind them
 * @param windowHours hours of the baseline window ({@code detection.baseline-window})
 * @param hours hour buckets per series: the window plus the partial hours at both ends
 * @param attributionBlock minutes per attribution block (the lateness horizon plus one)
 */
record StateLayout(int lateness, int ringSize, int windowHours, int hours, long attributionBlock) {

  static StateLayout of(DetectorConfig config) {
    int lateness = (int) config.lateness().toMinutes();
    int windowHours = (int) config.baselineWindow().toHours();
    return new StateLayout(lateness, 2 * lateness + 2, windowHours, windowHours + 2, lateness + 1L);
  }

  /**
   * About how many bytes of heap one decoded key state takes (its call-rate series and one
   * error-rate series: minute ring, hour buckets, four attribution sketches), for bounding caches.
   */
  long estimatedStateBytes() {
    long sketches = 4L * 3 * TopValues.CAPACITY * (8 + 8) + 4L * 3 * 64;
    long series = 5L * ringSize + 17L * hours + sketches + 256;
    return 2 * series + 128;
  }

  /**
   * The newest minute folded out of the ring into hour buckets when a key's newest is {@code
   * watermark}.
   */
  long foldedThrough(long watermark) {
    return watermark - ringSize;
  }
}
