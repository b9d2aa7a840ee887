package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trailinsights.stats.NabScoring.Profile;
import dev.trailinsights.stats.NabScoring.Series;
import dev.trailinsights.stats.NabScoring.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NabScoringTest {

  private static final Profile STANDARD = Profile.STANDARD;

  @Test
  void shouldUseNabsScaledSigmoid() {
    assertThat(NabScoring.scaledSigmoid(-1)).isCloseTo(0.98661, within(1e-5));
    assertThat(NabScoring.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
    assertThat(NabScoring.scaledSigmoid(0)).isCloseTo(0, within(1e-12));
    assertThat(NabScoring.scaledSigmoid(1)).isCloseTo(-0.98661, within(1e-5));
    assertThat(NabScoring.scaledSigmoid(3)).isEqualTo(-1);
  }

  @Test
  void shouldRewardEarlyDetectionAndPenalizeFalsePositivesByDistance() {
    double[] w = NabScoring.pointWeights(100, List.of(new Window(40, 59)), STANDARD);
    assertThat(w[40]).isCloseTo(1.0, within(1e-12));
    assertThat(w[50]).isLessThan(w[40]).isGreaterThan(w[59]);
    assertThat(w[59]).isCloseTo(0.1244 / 0.98661, within(1e-3));
    assertThat(w[10]).isCloseTo(-0.11, within(1e-12));
    assertThat(w[60]).isCloseTo(-0.11 * 0.1307, within(1e-4));
    assertThat(w[99]).isLessThan(w[70]).isGreaterThanOrEqualTo(-0.11);
  }

  @Test
  void shouldCountTheBestDetectionPerWindowAndEveryFalsePositive() {
    double[] scores = new double[100];
    scores[10] = 1; // probationary: not scored
    scores[30] = 1; // false positive before the window
    scores[45] = 1; // in the window
    scores[50] = 1; // later in the same window: no extra credit
    Series series = new Series("s", scores, List.of(new Window(40, 59)));
    NabScoring.SeriesResult r = NabScoring.scoreSeries(series, 0.5, STANDARD);
    double[] w = NabScoring.pointWeights(100, series.windows(), STANDARD);
    assertThat(r.falsePositives()).isEqualTo(1);
    assertThat(r.firstDetections()).containsExactly(45);
    assertThat(r.raw()).isCloseTo(w[45] - 0.11, within(1e-12));

    NabScoring.SeriesResult missed = NabScoring.scoreSeries(series, 2, STANDARD);
    assertThat(missed.raw()).isEqualTo(-1.0);
    assertThat(missed.windowsHit()).isZero();
  }

  @Test
  void shouldNormalizeAPerfectDetectorTo100AndASilentOneTo0() {
    List<Series> perfect = new ArrayList<>();
    List<Series> silent = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      List<Window> windows = List.of(new Window(300 + 50 * s, 400 + 50 * s));
      double[] scores = new double[1000];
      scores[300 + 50 * s] = 0.9;
      perfect.add(new Series("p" + s, scores, windows));
      silent.add(new Series("z" + s, new double[1000], windows));
    }
    assertThat(NabScoring.optimize(perfect, STANDARD).normalized()).isCloseTo(100, within(1e-9));
    NabScoring.Result none = NabScoring.optimize(silent, STANDARD);
    assertThat(none.normalized()).isCloseTo(0, within(1e-9));
    assertThat(none.threshold()).isInfinite();
  }

  @Test
  void shouldFindTheBestThresholdExactly() {
    Random random = new Random(5);
    List<Series> corpus = new ArrayList<>();
    TreeSet<Double> candidates = new TreeSet<>();
    for (int s = 0; s < 4; s++) {
      double[] scores = new double[400];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = Math.round(random.nextDouble() * 50) / 50.0;
        candidates.add(scores[i]);
      }
      corpus.add(new Series("r" + s, scores, List.of(new Window(200, 240))));
    }
    double best = Double.NEGATIVE_INFINITY;
    for (double t : candidates) {
      double raw = 0;
      for (Series series : corpus) {
        raw += NabScoring.scoreSeries(series, t, STANDARD).raw();
      }
      best = Math.max(best, raw);
    }
    best = Math.max(best, -4.0); // no detections at all
    NabScoring.Result result = NabScoring.optimize(corpus, STANDARD);
    assertThat(result.raw()).isCloseTo(best, within(1e-9));
  }
}
