package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a key's state for the console ({@link BaselineReport}): per series, the baseline of its
 * newest minute, the minutes still counted exactly and the usual callers. Reads the state only;
 * thread-safe (each call has its own scratch), so one instance serves every request.
 */
public final class KeyDescriber {
  private final DetectorConfig config;
  private final StateLayout layout;
  private final SeasonalModel model;

  public KeyDescriber(DetectorConfig config) {
    this.config = config;
    this.layout = StateLayout.of(config);
    this.model = new SeasonalModel(config.seasonality());
  }

  /** What {@code st} says now. */
  public BaselineReport describe(ApiState st) {
    Baselines baselines = new Baselines(layout, model);
    Thresholds thresholds = new Thresholds(config, baselines);
    List<BaselineReport.SeriesReport> out = new ArrayList<>(1 + st.errors.size());
    out.add(describe(st, st.calls, baselines, thresholds));
    for (Series s : st.errors) {
      out.add(describe(st, s, baselines, thresholds));
    }
    return new BaselineReport(st.key, st.watermark, st.historyStart, List.copyOf(out));
  }

  private BaselineReport.SeriesReport describe(
      ApiState st, Series s, Baselines baselines, Thresholds thresholds) {
    long m = st.watermark;
    Baseline b = baselines.of(st, s, m);
    int ringSize = layout.ringSize();
    List<BaselineReport.MinuteCount> recent = new ArrayList<>(ringSize);
    for (long c = Math.max(m - ringSize + 1, st.historyStart); c <= m; c++) {
      recent.add(new BaselineReport.MinuteCount(c, s.counts.count(c), c <= st.closedThrough));
    }
    boolean open = s.episodeOpen();
    return new BaselineReport.SeriesReport(
        s.errorCode,
        b.average(),
        b.minutes(),
        b.expected(),
        b.variance(),
        Baseline.modelName(b.model()),
        Baseline.seasonalName(b.seasonal()),
        Thresholds.reported(thresholds.unusual(st.key, b)),
        List.copyOf(recent),
        List.copyOf(s.sketches.usualValues(b.average())),
        open ? InsightBuilder.episodeId(st.key, s) : null,
        open ? s.episode.start : Long.MIN_VALUE);
  }
}
