package dev.trailinsights.detect;

import java.util.Arrays;

/**
 * Computes the baseline behind the decision on one minute of one series: gathers the window's
 * closed minutes into seasonal cells and hands them to the {@link SeasonalModel}. Reuses scratch
 * arrays, so one instance per thread.
 */
final class Baselines {
  private final StateLayout layout;
  private final SeasonalModel model;

  // scratch: seasonal cells [hourOfDay * 2 + dayType]
  private final long[] cellS = new long[SeasonalModel.CELLS];
  private final long[] cellN = new long[SeasonalModel.CELLS];
  private final long[] cellQ = new long[SeasonalModel.CELLS];

  Baselines(StateLayout layout, SeasonalModel model) {
    this.layout = layout;
    this.model = model;
  }

  /**
   * The baseline for testing minute {@code m}: the closed minutes from the start of the window to
   * {@code m - lateness - 1}, minutes inside insights left out, zero minutes included.
   */
  Baseline of(ApiState st, Series s, long m) {
    long cut = m - layout.lateness() - 1;
    long cutHour = Math.floorDiv(cut, 60);
    long windowStart = Math.max(st.historyStart, (cutHour - layout.windowHours() + 1) * 60);
    Arrays.fill(cellS, 0);
    Arrays.fill(cellN, 0);
    Arrays.fill(cellQ, 0);
    if (cut >= windowStart) {
      s.counts.sumCells(windowStart, cut, st.watermark, cellS, cellN, cellQ);
    }
    return model.fit(cellS, cellN, cellQ, m);
  }
}
