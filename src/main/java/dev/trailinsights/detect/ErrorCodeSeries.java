package dev.trailinsights.detect;

/**
 * Finds the error-rate series of an error code in a key's state, creating it on the code's first
 * error; when the key already tracks {@code detection.max-error-codes-per-key} codes, evicts one
 * without an open insight to make room.
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
      // evict the least recently seen series without an open insight
      int victim = -1;
      for (int i = 0; i < st.errors.size(); i++) {
        Series s = st.errors.get(i);
        if (!s.episodeOpen()
            && (victim < 0 || s.lastSeenMinute < st.errors.get(victim).lastSeenMinute)) {
          victim = i;
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
