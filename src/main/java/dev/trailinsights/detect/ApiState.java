package dev.trailinsights.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the detector keeps for one API key: its minute watermark, the call-rate series and up
 * to {@code detection.max-error-codes-per-key} error-rate series. Persisted by {@link
 * ApiStateCodec}.
 */
public final class ApiState {
  final ApiKey key;

  /** First minute of history of the key's account and region (warm-up is per account/region). */
  long historyStart;

  /** Newest minute seen for this key. */
  long watermark;

  /** Every minute up to here is closed: folded into the baseline, no longer counted. */
  long closedThrough;

  /** The driver's account-and-region epoch when this state last checked its history start. */
  transient int scopeEpoch = -1;

  final Series calls;
  final List<Series> errors = new ArrayList<>(2);

  ApiState(ApiKey key, Series calls) {
    this.key = key;
    this.calls = calls;
  }

  public ApiKey key() {
    return key;
  }

  /** True when an insight of this key is open: stream time must keep closing its minutes. */
  public boolean hasOpenInsight() {
    if (calls.episodeOpen()) {
      return true;
    }
    for (Series s : errors) {
      if (s.episodeOpen()) {
        return true;
      }
    }
    return false;
  }

  /** Newest minute seen for this key, epoch minutes. */
  public long watermarkMinute() {
    return watermark;
  }
}
