package dev.trailinsights.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring, enough to compare detectors on its series: windows
 * around each labelled anomaly, a scaled sigmoid that rewards the earliest detection in a window
 * and penalizes false positives less right after a window than far from it, a probationary first
 * 15% (at most 750 points) that is not scored, and one threshold on the anomaly score, chosen to
 * maximize the total over all series, turning scores into detections.
 *
 * <p>Per series: each window scores {@code A_TP * sigmoid} of its best (earliest) detection
 * relative to {@code sigmoid(-1)}, or {@code A_FN} if none; each detection outside windows adds
 * {@code A_FP * sigmoid(position past the previous window)} ({@code -A_FP} before any window). The
 * normalized score is {@code 100 * (raw - null) / (perfect - null)} where the null detector misses
 * every window and the perfect one finds each at its start.
 */
public final class NabScoring {

  /** Weights of a NAB application profile; the penalty weights are given as positive numbers. */
  public record Profile(double tp, double fp, double fn) {
    public static final Profile STANDARD = new Profile(1.0, 0.11, 1.0);
  }

  /** An anomaly window, inclusive point indices. */
  public record Window(int start, int end) {
    public Window {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad window [" + start + ", " + end + "]");
      }
    }
  }

  /** One labelled series and a detector's scores for it. */
  public record Series(String name, double[] scores, List<Window> windows) {}

  /** What one series contributes at a threshold. */
  public record SeriesResult(
      String name,
      double raw,
      List<Integer> firstDetections,
      int falsePositives,
      double falsePositiveCost) {

    /** Windows with at least one detection. */
    public long windowsHit() {
      return firstDetections.stream().filter(i -> i >= 0).count();
    }
  }

  /** The corpus at its best threshold. */
  public record Result(
      double threshold, double raw, double normalized, List<SeriesResult> series) {}

  private NabScoring() {}

  public static int probationaryLength(int points) {
    return (int) Math.min(Math.floor(0.15 * points), 0.15 * 5000);
  }

  public static double scaledSigmoid(double relativePosition) {
    if (relativePosition >= 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
  }

  /**
   * What a detection at each point would add: positive inside a window (earlier is better),
   * negative outside.
   */
  public static double[] pointWeights(int points, List<Window> windows, Profile profile) {
    double maxTp = scaledSigmoid(-1.0);
    double[] weights = new double[points];
    List<Window> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparingInt(Window::start));
    int next = 0;
    Window current = null;
    Window previous = null;
    for (int i = 0; i < points; i++) {
      if (current == null && next < sorted.size() && sorted.get(next).start() == i) {
        current = sorted.get(next++);
      }
      if (current != null) {
        double width = current.end() - current.start() + 1;
        double position = -(current.end() - i + 1) / width;
        weights[i] = scaledSigmoid(position) * profile.tp() / maxTp;
      } else {
        double position =
            previous == null
                ? 3.0
                : Math.abs(previous.end() - i) / (double) (previous.end() - previous.start());
        weights[i] = scaledSigmoid(position) * profile.fp();
      }
      if (current != null && i == current.end()) {
        previous = current;
        current = null;
      }
    }
    return weights;
  }

  /** Window index of each point, -1 outside windows. */
  private static int[] windowOf(int points, List<Window> windows) {
    int[] of = new int[points];
    Arrays.fill(of, -1);
    for (int w = 0; w < windows.size(); w++) {
      Window window = windows.get(w);
      for (int i = window.start(); i <= Math.min(window.end(), points - 1); i++) {
        of[i] = w;
      }
    }
    return of;
  }

  /** One series scored at a fixed threshold: a point is a detection when its score >= threshold. */
  public static SeriesResult scoreSeries(Series series, double threshold, Profile profile) {
    int n = series.scores().length;
    double[] weights = pointWeights(n, series.windows(), profile);
    int[] windowOf = windowOf(n, series.windows());
    int probation = probationaryLength(n);
    double[] best = new double[series.windows().size()];
    Arrays.fill(best, -profile.fn());
    List<Integer> first = new ArrayList<>();
    for (int w = 0; w < best.length; w++) {
      first.add(-1);
    }
    int falsePositives = 0;
    double fpCost = 0;
    for (int i = probation; i < n; i++) {
      if (series.scores()[i] < threshold) {
        continue;
      }
      int w = windowOf[i];
      if (w >= 0) {
        best[w] = Math.max(best[w], weights[i]);
        if (first.get(w) < 0) {
          first.set(w, i);
        }
      } else {
        falsePositives++;
        fpCost += weights[i];
      }
    }
    double raw = fpCost;
    for (double b : best) {
      raw += b;
    }
    return new SeriesResult(series.name(), raw, first, falsePositives, fpCost);
  }

  /**
   * The threshold maximizing the summed raw score over all series, found exactly by sweeping the
   * scores from the highest down (every distinct score is a candidate), and the corpus scored at
   * it.
   */
  public static Result optimize(List<Series> corpus, Profile profile) {
    record Point(double score, int series, int index) {}
    List<Point> points = new ArrayList<>();
    List<double[]> weights = new ArrayList<>();
    List<int[]> windowOf = new ArrayList<>();
    double raw = 0;
    int windows = 0;
    int[] windowBase = new int[corpus.size()];
    for (int s = 0; s < corpus.size(); s++) {
      Series series = corpus.get(s);
      int n = series.scores().length;
      weights.add(pointWeights(n, series.windows(), profile));
      windowOf.add(windowOf(n, series.windows()));
      windowBase[s] = windows;
      windows += series.windows().size();
      for (int i = probationaryLength(n); i < n; i++) {
        points.add(new Point(series.scores()[i], s, i));
      }
    }
    double[] best = new double[windows];
    Arrays.fill(best, -profile.fn());
    raw = -profile.fn() * windows;
    points.sort(Comparator.comparingDouble(Point::score).reversed());
    double bestRaw = raw;
    double bestThreshold = Double.POSITIVE_INFINITY;
    for (int k = 0; k < points.size(); k++) {
      Point p = points.get(k);
      int w = windowOf.get(p.series())[p.index()];
      double weight = weights.get(p.series())[p.index()];
      if (w >= 0) {
        int g = windowBase[p.series()] + w;
        if (weight > best[g]) {
          raw += weight - best[g];
          best[g] = weight;
        }
      } else {
        raw += weight;
      }
      boolean lastOfScore = k + 1 == points.size() || points.get(k + 1).score() != p.score();
      if (lastOfScore && raw > bestRaw) {
        bestRaw = raw;
        bestThreshold = p.score();
      }
    }
    List<SeriesResult> results = new ArrayList<>();
    double total = 0;
    for (Series series : corpus) {
      SeriesResult r = scoreSeries(series, bestThreshold, profile);
      results.add(r);
      total += r.raw();
    }
    return new Result(bestThreshold, total, normalize(total, windows, profile), results);
  }

  /** 100 for a perfect detector, 0 for one that reports nothing. */
  public static double normalize(double raw, int windows, Profile profile) {
    double nullScore = -profile.fn() * windows;
    double perfect = profile.tp() * windows;
    return 100.0 * (raw - nullScore) / (perfect - nullScore);
  }
}
