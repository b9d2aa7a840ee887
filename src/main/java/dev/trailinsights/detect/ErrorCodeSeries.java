package dev.trailinsights.detect;

/**
 * Finds the error-rate series of an error code in a key's state, creating it on the code's first
 * error; when the key already tracks {@code detection.max-error-codes-per-key} codes, evicts the
 * one that matters least to make room: among those without an open insight, the one with the fewest
 * errors in its baseline window, the youngest of equals. So a burst of new error codes replaces its
 * own newcomers and the established baselines of the busy codes stay.
 */
final class ErrorCodeSeries {
  private final StateLayout layout;
  private final int maxCodes;
  private final DetectionCounters counters;

  ErrorCodeSeries(StateLayout layout, int maxCodes, DetectionCounters counters) {
    this.layout = layout;
    this.maxCodes = maxCodes;
    this.counters = counters;
  }

  /**
   * The series of {@code code} in {@code st}; null when the key tracks as many codes as it may and
   * each has an open insight.
   */
  Series of(ApiState st, String code) {
    for (int i = 0; i < st.errors.size(); i++) {
      Series s = st.errors.get(i);
      if (s.errorCode.equals(code)) {
        return s;
      }
    }
    if (st.errors.size() >= maxCodes) {
      // series are in order of creation: on equal volume the later one is the younger
      int victim = -1;
      long least = 0;
      for (int i = 0; i < st.errors.size(); i++) {
        Series s = st.errors.get(i);
        if (!s.episodeOpen()) {
          long volume = s.counts.volume();
          if (victim < 0 || volume <= least) {
            victim = i;
            least = volume;
          }
        }
      }
      if (victim < 0) {
        return null;
      }
      st.errors.remove(victim);
      counters.errorSeriesEvicted++;
    }
    Series s = new Series(code, layout);
    s.counts.foldZeros(st.historyStart, layout.foldedThrough(st.watermark), st.historyStart);
    st.errors.add(s);
    return s;
  }
}
