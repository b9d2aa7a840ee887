package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import java.util.function.Consumer;

/**
 * The detection core driven by records in arrival order, with all state in memory: what {@code
 * replay} and {@code evaluate} use. Not thread-safe.
 */
public final class OfflineDetector {

  public OfflineDetector(DetectorConfig config, Consumer<InsightEvent> out) {
    throw new UnsupportedOperationException("in progress");
  }

  /** One record, in the order it was delivered. */
  public void accept(CloudTrailRecord record) {}

  /**
   * End of input: closes every minute (as stream time passing the lateness horizon would) and ends
   * the insights whose quiet period completes within the data.
   */
  public void finish() {}
}
