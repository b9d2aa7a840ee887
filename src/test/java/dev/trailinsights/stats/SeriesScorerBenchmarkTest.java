package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.stats.NabScoring.Series;
import dev.trailinsights.stats.NabScoring.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The scorer on generated series with injected anomalies, scored as the Numenta Anomaly Benchmark
 * scores detectors (standard profile, one threshold for the whole corpus, NAB's windows and
 * probation). The series imitate the benchmark's kinds without being its data: daily rhythms with a
 * missing, shifted or amplified peak, level shifts, spikes, a burst of ordinary-sized spikes, an
 * extra spike in a regular spike train, and anomaly-free ones.
 */
class SeriesScorerBenchmarkTest {

  private static final int POINTS = 14 * 288;

  /** NAB's windows: 10% of the series split over its anomalies, centred on each. */
  private static List<Window> windowsAround(int... anomalyStarts) {
    List<Window> windows = new ArrayList<>();
    int width = (int) (0.1 * POINTS / Math.max(1, anomalyStarts.length));
    for (int a : anomalyStarts) {
      windows.add(new Window(a - width / 2, a + width / 2 - 1));
    }
    return windows;
  }

  private static Series scored(String name, IntToDoubleFunction values, int... anomalyStarts) {
    SeriesScorer scorer =
        new SeriesScorer(SeriesScorer.Config.defaults(NabScoring.probationaryLength(POINTS)));
    double[] scores = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      scores[i] =
          scorer.score(SeriesScorerTest.T0 + i * SeriesScorerTest.STEP, values.applyAsDouble(i));
    }
    return new Series(name, scores, windowsAround(anomalyStarts));
  }

  static List<Series> corpus() {
    List<Series> corpus = new ArrayList<>();
    int day10 = 10 * 288;
    int nineAm = 9 * 12;
    Random r1 = new Random(101);
    corpus.add(scored("daily", i -> SeriesScorerTest.workday(i, r1, 9 * 60)));
    Random r2 = new Random(102);
    corpus.add(
        scored(
            "daily-missing-peak",
            i -> SeriesScorerTest.workday(i, r2, i / 288 == 10 ? 24 * 60 : 9 * 60),
            day10 + nineAm));
    Random r3 = new Random(103);
    corpus.add(
        scored(
            "daily-high-peak",
            i -> {
              double v = SeriesScorerTest.workday(i, r3, 9 * 60);
              return i / 288 == 10 ? 20 + (v - 20) * 1.8 : v;
            },
            day10 + nineAm));
    Random r4 = new Random(104);
    corpus.add(
        scored(
            "daily-late-peak",
            i -> SeriesScorerTest.workday(i, r4, i / 288 == 10 ? 13 * 60 : 9 * 60),
            day10 + nineAm));
    Random r5 = new Random(105);
    corpus.add(scored("noise", i -> 13.5 + 3 * r5.nextGaussian()));
    Random r6 = new Random(106);
    corpus.add(scored("level-shift", i -> (i < 2900 ? 40 : 52) + 2 * r6.nextGaussian(), 2900));
    Random r7 = new Random(107);
    corpus.add(scored("spike", i -> 40 + 2 * r7.nextGaussian() + (i == 3300 ? 25 : 0), 3300));
    Random r8 = new Random(108);
    corpus.add(
        scored(
            "spike-burst",
            i -> {
              double rate = i >= 2800 && i < 3100 ? 0.3 : 0.02;
              return r8.nextDouble() < rate ? 1.5 + 1.5 * r8.nextDouble() : 0.0;
            },
            2800));
    corpus.add(
        scored(
            "spike-train-extra", i -> (i % 100 == 0 || i % 100 == 6 || i == 2350) ? 20 : 0, 2350));
    return corpus;
  }

  @Test
  void shouldFindEveryInjectedAnomalyWithFewFalsePositives() {
    NabScoring.Result result = NabScoring.optimize(corpus(), NabScoring.Profile.STANDARD);
    for (NabScoring.SeriesResult r : result.series()) {
      assertThat(r.windowsHit()).as(r.name()).isEqualTo(r.firstDetections().size());
    }
    int falsePositives =
        result.series().stream().mapToInt(NabScoring.SeriesResult::falsePositives).sum();
    assertThat(falsePositives).isLessThanOrEqualTo(3);
    // Detection at the anomaly itself, the middle of its window, is worth about 0.86 a window.
    assertThat(result.normalized()).isGreaterThan(80);
  }
}
