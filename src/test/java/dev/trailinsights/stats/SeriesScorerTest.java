package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SeriesScorerTest {

  static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00:00Z
  static final long STEP = 300_000L; // 5 minutes
  static final int DAY = 288;

  static double[] values(int n, IntToDoubleFunction f) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = f.applyAsDouble(i);
    }
    return x;
  }

  static double[] scoreAll(SeriesScorer scorer, double[] values) {
    double[] s = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      s[i] = scorer.score(T0 + i * STEP, values[i]);
    }
    return s;
  }

  static double max(double[] s, int from, int to) {
    return Arrays.stream(s, from, to).max().orElse(0);
  }

  /** A working day: quiet at 20, busy at 80 from 09:00 to 18:00 with ramps, noise of 2. */
  static double workday(int i, Random noise, int busyFromMinute) {
    int minute = (i * 5) % 1440;
    double level;
    if (minute < busyFromMinute || minute >= 18 * 60 + 30) {
      level = 20;
    } else if (minute < busyFromMinute + 30) {
      level = 20 + 60 * (minute - busyFromMinute) / 30.0;
    } else if (minute >= 18 * 60) {
      level = 80 - 60 * (minute - 18 * 60) / 30.0;
    } else {
      level = 80;
    }
    return level + noise.nextGaussian() * 2;
  }

  @Test
  void shouldScoreASpikeOnANoisyFlatSeriesNearOneAndTheRestLow() {
    Random random = new Random(11);
    double[] x = values(3000, i -> 50 + 2 * random.nextGaussian());
    x[2000] = 50 + 30;
    double[] s = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(500)), x);

    assertThat(s[2000]).isGreaterThan(0.99);
    s[2000] = 0;
    assertThat(max(s, 0, s.length)).isLessThan(0.95);
    // A score above 0.8 means p < 0.0016: a handful among 2500 ordinary points at most.
    long notLow = Arrays.stream(s).filter(v -> v > 0.8).count();
    assertThat(notLow).isLessThan(10);
    assertThat(Arrays.stream(s, 500, s.length).average().orElseThrow()).isLessThan(0.1);
  }

  @Test
  void shouldNotScoreRegularDailyPeaksButAMissingOrShiftedOne() {
    int days = 12;
    int anomalousDay = 9;
    Random r1 = new Random(21);
    Random r2 = new Random(21);
    Random r3 = new Random(21);
    double[] regular = values(days * DAY, i -> workday(i, r1, 9 * 60));
    double[] missing =
        values(
            days * DAY,
            i -> i / DAY == anomalousDay ? workday(i, r2, 24 * 60) : workday(i, r2, 9 * 60));
    double[] shifted =
        values(
            days * DAY,
            i -> i / DAY == anomalousDay ? workday(i, r3, 12 * 60) : workday(i, r3, 9 * 60));
    int warmup = 3 * DAY;

    SeriesScorer scorer = new SeriesScorer(SeriesScorer.Config.defaults(warmup));
    double[] s = scoreAll(scorer, regular);
    assertThat(scorer.period()).isEqualTo(DAY);
    assertThat(max(s, warmup, s.length)).isLessThan(0.95);
    assertThat(Arrays.stream(s, warmup, s.length).average().orElseThrow()).isLessThan(0.1);

    int peakStart = anomalousDay * DAY + 9 * 12; // 09:00 of the anomalous day
    double regularMax = max(s, warmup, s.length);
    double[] m = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(warmup)), missing);
    assertThat(max(m, peakStart, peakStart + 6)).isGreaterThan(0.95).isGreaterThan(regularMax);
    assertThat(max(m, warmup, anomalousDay * DAY)).isLessThan(0.95);

    double[] h = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(warmup)), shifted);
    assertThat(max(h, peakStart, peakStart + 6)).isGreaterThan(0.95).isGreaterThan(regularMax);
    // The late peak itself, where the day is busy but the profile expects it busy too, is normal.
    assertThat(max(h, peakStart + 4 * 12, peakStart + 8 * 12)).isLessThan(0.95);
  }

  @Test
  void shouldDetectALevelShiftThenLearnIt() {
    Random random = new Random(31);
    double[] x = values(3000, i -> (i < 1500 ? 100 : 130) + 2 * random.nextGaussian());
    SeriesScorer scorer = new SeriesScorer(SeriesScorer.Config.defaults(500));
    double[] s = scoreAll(scorer, x);

    assertThat(s[1500]).isGreaterThan(0.99);
    assertThat(max(s, 500, 1500)).isLessThan(0.95);
    // Learned: after the relearning bound, the new level is ordinary.
    assertThat(max(s, 1530, 3000)).isLessThan(0.95);
    assertThat(Arrays.stream(s, 1600, 3000).average().orElseThrow()).isLessThan(0.1);
  }

  @Test
  void shouldNotLetAShortAnomalyBecomeTheBaseline() {
    Random random = new Random(41);
    double[] x = values(2000, i -> (i >= 1200 && i < 1206 ? 160 : 100) + 2 * random.nextGaussian());
    double[] s = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(500)), x);
    assertThat(s[1200]).isGreaterThan(0.99);
    assertThat(max(s, 1206, 2000)).isLessThan(0.95);
    // The same spike later is still news once the episode has faded.
    x[1800] = 160;
    double[] again = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(500)), x);
    assertThat(again[1800]).isGreaterThan(0.99);
  }

  @Test
  void shouldCatchABurstOfSpikesOfTheUsualHeight() {
    Random random = new Random(51);
    int burstFrom = 2800;
    int burstTo = 3100;
    double[] x =
        values(
            4000,
            i -> {
              double rate = i >= burstFrom && i < burstTo ? 0.3 : 0.02;
              return random.nextDouble() < rate ? 1.5 + 1.5 * random.nextDouble() : 0.0;
            });
    double[] s = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(600)), x);
    double inBurst = max(s, burstFrom, burstTo);
    double elsewhere = Math.max(max(s, 600, burstFrom), max(s, burstTo + 72, 4000));
    assertThat(inBurst).isGreaterThan(0.9);
    assertThat(elsewhere).isLessThan(0.8);
    // Single spikes of the usual height are not anomalies.
    assertThat(max(s, 600, burstFrom)).isLessThan(0.8);
  }

  @Test
  void shouldFlagAnyDepartureOfANoiseFreeSeries() {
    double[] square = values(6 * DAY, i -> (i % DAY) >= 108 && (i % DAY) < 216 ? 80 : 20);
    double[] s = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(2 * DAY + 20)), square);
    assertThat(max(s, 0, s.length)).isZero();

    square[5 * DAY + 150] = 60;
    double[] changed =
        scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(2 * DAY + 20)), square);
    assertThat(changed[5 * DAY + 150]).isGreaterThan(0.99);
  }

  @Test
  void shouldPlaceMissingPointsByTheirTimestamps() {
    Random random = new Random(61);
    double[] x = values(10 * DAY, i -> workday(i, random, 9 * 60));
    int gapFrom = 6 * DAY + 30;
    int gapLength = 40;
    SeriesScorer byTime = new SeriesScorer(SeriesScorer.Config.defaults(3 * DAY));
    SeriesScorer byOrder = new SeriesScorer(SeriesScorer.Config.defaults(3 * DAY));
    double maxByTime = 0;
    double maxByOrder = 0;
    int written = 0;
    for (int i = 0; i < x.length; i++) {
      if (i >= gapFrom && i < gapFrom + gapLength) {
        continue;
      }
      double a = byTime.score(T0 + i * STEP, x[i]);
      // The same values with the gap closed up: every later point lands 40 steps early.
      double b = byOrder.score(T0 + written * STEP, x[i]);
      written++;
      if (i >= gapFrom) {
        maxByTime = Math.max(maxByTime, a);
        maxByOrder = Math.max(maxByOrder, b);
      }
    }
    assertThat(maxByTime).isLessThan(0.9);
    assertThat(maxByOrder).isGreaterThan(0.95);
  }

  @Test
  void shouldKeepEveryScoreWithinTheUnitInterval() {
    Random random = new Random(71);
    SeriesScorer scorer = new SeriesScorer(SeriesScorer.Config.defaults(200));
    for (int i = 0; i < 5000; i++) {
      double v;
      int kind = random.nextInt(20);
      if (kind == 0) {
        v = random.nextBoolean() ? 1e300 : -Double.MAX_VALUE;
      } else if (kind == 1) {
        v = 0;
      } else {
        v = 10 * Math.tan(Math.PI * (random.nextDouble() - 0.5)); // Cauchy: very heavy tails
      }
      double s = scorer.score(T0 + i * STEP, v);
      assertThat(s).as("point %d", i).isBetween(0.0, 1.0);
    }
  }

  @Test
  void shouldGiveTheSameScoresForTheSameInput() {
    Random random = new Random(81);
    double[] x = values(3 * DAY + 500, i -> workday(i, random, 9 * 60) + (i == 1200 ? 50 : 0));
    double[] a = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(2 * DAY + 10)), x);
    double[] b = scoreAll(new SeriesScorer(SeriesScorer.Config.defaults(2 * DAY + 10)), x);
    assertThat(a).containsExactly(b);
    assertThat(max(a, 0, a.length)).isPositive();
  }

  @Test
  void shouldScoreZeroDuringTheWarmUp() {
    SeriesScorer scorer = new SeriesScorer(SeriesScorer.Config.defaults(100));
    for (int i = 0; i < 99; i++) {
      assertThat(scorer.score(T0 + i * STEP, i % 7 == 0 ? 1e6 : 1)).isZero();
      assertThat(scorer.warmedUp()).isFalse();
      assertThat(scorer.period()).isEqualTo(-1);
    }
    scorer.score(T0 + 99 * STEP, 1);
    assertThat(scorer.warmedUp()).isTrue();
  }

  @Test
  void shouldUseAGivenPeriodOrNone() {
    Random random = new Random(91);
    double[] x = values(4 * DAY, i -> workday(i, random, 9 * 60));
    SeriesScorer none =
        new SeriesScorer(
            SeriesScorer.Config.defaults(2 * DAY + 10).withPeriod(SeriesScorer.PERIOD_NONE));
    SeriesScorer given = new SeriesScorer(SeriesScorer.Config.defaults(100).withPeriod(DAY));
    scoreAll(none, x);
    scoreAll(given, x);
    assertThat(none.period()).isZero();
    assertThat(given.period()).isEqualTo(DAY);
  }

  @Test
  void shouldTakeADetectedPeriodCloseToADayAsExactlyADay() {
    assertThat(SeriesScorer.snapToCalendar(285, STEP)).isEqualTo(DAY);
    assertThat(SeriesScorer.snapToCalendar(293, STEP)).isEqualTo(DAY);
    assertThat(SeriesScorer.snapToCalendar(100, STEP)).isEqualTo(100);
    assertThat(SeriesScorer.snapToCalendar(58, 60_000L)).isEqualTo(60);
    assertThat(SeriesScorer.snapToCalendar(11, STEP)).isEqualTo(11);
    assertThat(SeriesScorer.snapToCalendar(1430, 60_000L)).isEqualTo(1440);
    assertThat(SeriesScorer.snapToCalendar(0, STEP)).isZero();
    assertThat(SeriesScorer.snapToCalendar(285, 0)).isEqualTo(285);
    // A smooth daily wave with noise: its broad autocorrelation peak still gives exactly a day.
    Random random = new Random(95);
    double[] x =
        values(4 * DAY, i -> 50 + 20 * Math.sin(2 * Math.PI * i / DAY) + random.nextGaussian() * 4);
    SeriesScorer scorer = new SeriesScorer(SeriesScorer.Config.defaults(2 * DAY + 100));
    scoreAll(scorer, x);
    assertThat(scorer.period()).isEqualTo(DAY);
  }

  @Test
  void shouldRejectNonFiniteValuesAndBadSettings() {
    SeriesScorer scorer = new SeriesScorer(SeriesScorer.Config.defaults(10));
    assertThatThrownBy(() -> scorer.score(T0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> scorer.score(T0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeriesScorer.Config.defaults(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeriesScorer.Config.defaults(10).withPeriod(1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeriesScorer.Config.defaults(10).withRelearnAfter(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeriesScorer.Config.defaults(10).withDensityWindow(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
