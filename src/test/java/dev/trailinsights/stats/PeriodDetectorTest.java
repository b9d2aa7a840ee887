package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PeriodDetectorTest {

  /** Busy from 09:00 to 18:00 at 5-minute steps, with noise. */
  private static double[] daily(int points, long seed) {
    Random random = new Random(seed);
    double[] x = new double[points];
    for (int i = 0; i < points; i++) {
      int minuteOfDay = (i * 5) % 1440;
      boolean busy = minuteOfDay >= 9 * 60 && minuteOfDay < 18 * 60;
      x[i] = (busy ? 80 : 20) + random.nextGaussian() * 3;
    }
    return x;
  }

  @Test
  void shouldFindADailyRhythmInLittleMoreThanTwoDaysOfFiveMinuteData() {
    double[] x = daily(604, 1);
    assertThat(PeriodDetector.detect(x, x.length, 10_000, 0.3)).isEqualTo(288);
  }

  @Test
  void shouldFindTheSpacingOfRegularSpikePairs() {
    double[] x = new double[600];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 100 == 0 || i % 100 == 6) ? 20 : 0;
    }
    assertThat(PeriodDetector.detect(x, x.length, 10_000, 0.3)).isEqualTo(100);
  }

  @Test
  void shouldPreferTheFundamentalOverItsMultiples() {
    double[] x = new double[400];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(2 * Math.PI * i / 50.0);
    }
    assertThat(PeriodDetector.detect(x, x.length, 10_000, 0.3)).isEqualTo(50);
  }

  @Test
  void shouldFindNoPeriodInNoiseATrendOrAConstant() {
    Random random = new Random(7);
    double[] noise = new double[600];
    double[] walk = new double[600];
    double[] trend = new double[600];
    double[] constant = new double[600];
    double position = 0;
    for (int i = 0; i < 600; i++) {
      noise[i] = random.nextGaussian();
      position += random.nextGaussian();
      walk[i] = position;
      trend[i] = 0.5 * i + random.nextGaussian();
      constant[i] = 45;
    }
    assertThat(PeriodDetector.detect(noise, 600, 10_000, 0.3)).isZero();
    assertThat(PeriodDetector.detect(trend, 600, 10_000, 0.3)).isZero();
    assertThat(PeriodDetector.detect(walk, 600, 10_000, 0.3)).isZero();
    assertThat(PeriodDetector.detect(constant, 600, 10_000, 0.3)).isZero();
  }

  @Test
  void shouldNotReportAPeriodLongerThanHalfTheData() {
    double[] x = daily(500, 3);
    assertThat(PeriodDetector.detect(x, x.length, 10_000, 0.3)).isZero();
    double[] longer = daily(700, 3);
    assertThat(PeriodDetector.detect(longer, longer.length, 200, 0.3)).isZero();
  }

  @Test
  void shouldRejectBadArguments() {
    double[] x = {1, 2, Double.NaN, 4, 5, 6, 7, 8};
    assertThatThrownBy(() -> PeriodDetector.detect(x, 8, 4, 0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> PeriodDetector.detect(x, 9, 4, 0.3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeriodDetector.detect(x, 2, 4, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
