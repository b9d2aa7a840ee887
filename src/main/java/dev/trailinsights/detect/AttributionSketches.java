package dev.trailinsights.detect;

import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.ValueAverage;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one series' attribution sketches (caller ARN, user agent and, for the call-rate series,
 * error code): the usual values of the baseline, decaying with age; those of the two newest blocks
 * of minutes, not yet judged; and those of the open insight. A block spans the lateness horizon, so
 * every open minute is in one of the two newest: when a minute turns unusual, its block's callers
 * become the insight's instead of the baseline's, whatever order they came in.
 */
final class AttributionSketches {
  static final long NONE = Long.MIN_VALUE;

  /** Attribute slots of the sketches. */
  static final int ARN = 0;

  static final int AGENT = 1;
  static final int ERROR = 2;

  private static final String[] NAMES = {
    Attribution.USER_IDENTITY_ARN, Attribution.USER_AGENT, Attribution.ERROR_CODE
  };

  final TopValues[] baseline;
  final TopValues[] recent;
  final TopValues[] older;
  final TopValues[] episode;
  long recentBlock = NONE;
  long olderBlock = NONE;
  long baselineSketchMinute = NONE;

  /**
   * @param attributes 3 for a call-rate series, 2 (no error code) for an error-rate series
   */
  AttributionSketches(int attributes) {
    this.baseline = sketches(attributes);
    this.recent = sketches(attributes);
    this.older = sketches(attributes);
    this.episode = sketches(attributes);
  }

  private static TopValues[] sketches(int n) {
    TopValues[] t = new TopValues[n];
    for (int i = 0; i < n; i++) {
      t[i] = new TopValues();
    }
    return t;
  }

  /**
   * Attributes one event of minute {@code m}: to the open insight when {@code toEpisode}, else to
   * its block, or to the baseline when its block is already closed.
   *
   * @param block minutes per block
   * @param decayPerMinute factor applied to the baseline's weights per minute of age
   */
  void add(long m, CompactEvent e, boolean toEpisode, long block, double decayPerMinute) {
    TopValues[] target;
    if (toEpisode) {
      target = episode;
    } else {
      long b = Math.floorDiv(m, block);
      if (b > recentBlock) {
        rotateBlocks(b, block, decayPerMinute);
      }
      if (b == recentBlock) {
        target = recent;
      } else if (b == olderBlock) {
        target = older;
      } else {
        decayBaseline(m, decayPerMinute);
        target = baseline;
      }
    }
    target[ARN].add(orNone(e.userArn()), 1);
    target[AGENT].add(orNone(e.userAgent()), 1);
    if (target.length > ERROR) {
      target[ERROR].add(e.errorCode() == null ? "null" : e.errorCode(), 1);
    }
  }

  private static String orNone(String v) {
    return v == null ? "null" : v;
  }

  /**
   * A new newest block: blocks that fell behind it are closed (a block spans the lateness horizon),
   * so their callers join the baseline.
   */
  private void rotateBlocks(long b, long block, double decayPerMinute) {
    if (recentBlock != NONE && b == recentBlock + 1) {
      foldIntoBaseline(older, olderBlock, block, decayPerMinute);
      for (int a = 0; a < recent.length; a++) {
        older[a].copyFrom(recent[a]);
        recent[a].clear();
      }
      olderBlock = recentBlock;
    } else {
      foldIntoBaseline(older, olderBlock, block, decayPerMinute);
      foldIntoBaseline(recent, recentBlock, block, decayPerMinute);
      // the block before is still open (a block spans the lateness horizon): its events may come
      // after this one's, and are its, not the baseline's
      olderBlock = b - 1;
    }
    recentBlock = b;
  }

  private void foldIntoBaseline(TopValues[] sketches, long b, long block, double decayPerMinute) {
    if (b == NONE || sketches[0].isEmpty()) {
      return;
    }
    decayBaseline((b + 1) * block - 1, decayPerMinute);
    for (int a = 0; a < sketches.length; a++) {
      baseline[a].addAll(sketches[a]);
      sketches[a].clear();
    }
  }

  private void decayBaseline(long minute, double decayPerMinute) {
    if (baselineSketchMinute == NONE) {
      baselineSketchMinute = minute;
      return;
    }
    if (minute > baselineSketchMinute) {
      double f = Math.pow(decayPerMinute, minute - baselineSketchMinute);
      for (TopValues t : baseline) {
        t.scale(f);
      }
      baselineSketchMinute = minute;
    }
  }

  /** An insight starts at minute {@code m}: the callers of its block so far are the insight's. */
  void startEpisode(long m, long block) {
    long b = Math.floorDiv(m, block);
    TopValues[] seed = b == recentBlock ? recent : b == olderBlock ? older : null;
    for (int a = 0; a < episode.length; a++) {
      episode[a].clear();
      if (seed != null) {
        episode[a].copyFrom(seed[a]);
        seed[a].clear();
      }
    }
  }

  /**
   * The weight of what the open insight's sketches hold (every attribute's is the same: each event
   * adds one to each).
   */
  double episodeWeight() {
    return episode[0].total();
  }

  void endEpisode() {
    for (TopValues t : episode) {
      t.clear();
    }
  }

  /**
   * The attributions of an insight: its callers at {@code perMinute} each, against the baseline's
   * scaled to {@code baselineAverage} per minute.
   */
  List<Attribution> attributions(double perMinute, double baselineAverage) {
    List<Attribution> out = new ArrayList<>(3);
    for (int a = 0; a < episode.length; a++) {
      double total = baseline[a].total();
      List<ValueAverage> base = total > 0 ? baseline[a].top(baselineAverage / total) : List.of();
      out.add(new Attribution(NAMES[a], episode[a].top(perMinute), base));
    }
    return out;
  }

  /**
   * The usual values per attribute, baseline and the newest blocks together (copies: the sketches
   * are not changed), scaled to {@code average} per minute.
   */
  List<BaselineReport.AttributeValues> usualValues(double average) {
    List<BaselineReport.AttributeValues> top = new ArrayList<>(baseline.length);
    for (int a = 0; a < baseline.length; a++) {
      // the recent blocks are not in the baseline sketch yet: fold copies in for the report
      TopValues all = new TopValues();
      all.addAll(baseline[a]);
      all.addAll(older[a]);
      all.addAll(recent[a]);
      double total = all.total();
      top.add(
          new BaselineReport.AttributeValues(
              NAMES[a], total > 0 ? all.top(average / total) : List.of()));
    }
    return top;
  }
}
