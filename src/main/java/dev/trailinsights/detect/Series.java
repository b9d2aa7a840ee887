package dev.trailinsights.detect;

/**
 * One per-minute count series of an API key, all selected calls or the calls that failed with one
 * error code, made of its parts: the {@link MinuteCounts}, the open {@link Episode} and the {@link
 * AttributionSketches}. {@link ApiStateCodec} persists it part by part.
 */
final class Series {
  static final long NONE = Long.MIN_VALUE;

  /** The error code of an error-rate series; null for the call-rate series. */
  final String errorCode;

  final MinuteCounts counts;
  final Episode episode = new Episode();
  final AttributionSketches sketches;

  /** Newest minute this series saw an event (for eviction of idle error-code series). */
  long lastSeenMinute = NONE;

  // not persisted: the threshold of one minute, recomputed after a restore
  transient long thresholdMinute = NONE;

  transient long threshold;
  transient Baseline thresholdBaseline;

  Series(String errorCode, StateLayout layout) {
    this.errorCode = errorCode;
    this.counts = new MinuteCounts(layout.ringSize(), layout.hours());
    this.sketches = new AttributionSketches(errorCode == null ? 3 : 2);
  }

  boolean episodeOpen() {
    return episode.open();
  }

  void invalidateThreshold() {
    thresholdMinute = NONE;
    thresholdBaseline = null;
  }
}
