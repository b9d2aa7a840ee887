package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.IntegerDistribution;
import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CountTailTest {

  /**
   * P(X >= x) summed term by term from the distribution's mass function: exact deep in the tail.
   */
  private static double summedTail(IntegerDistribution d, long x) {
    double sum = 0;
    for (long k = x; k < x + 100_000; k++) {
      double pk = d.probability((int) k);
      sum += pk;
      if (k > d.getNumericalMean() && pk < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-3, 0.05, 0.7, 1.0, 3.5, 12.0, 80.0, 650.0})
  void shouldMatchPoissonDistributionAcrossTheRange(double mean) {
    PoissonDistribution d = new PoissonDistribution(null, mean, 1e-15, 10_000_000);
    long top = (long) (mean + 12 * Math.sqrt(mean) + 12);
    for (long x = 1; x <= top; x++) {
      double expected = x <= mean ? 1.0 - d.cumulativeProbability((int) x - 1) : summedTail(d, x);
      double actual = CountTail.poissonUpperTail(x, mean);
      assertThat(actual).as("x=%d mean=%s", x, mean).isCloseTo(expected, within(1e-12));
      if (expected > 1e-300) {
        assertThat(actual / expected)
            .as("relative, x=%d mean=%s", x, mean)
            .isCloseTo(1, within(1e-8));
      }
      assertThat(CountTail.upperTail(x, mean, mean)).isEqualTo(actual);
    }
  }

  @Test
  void shouldMatchPascalDistributionForIntegerSizes() {
    for (int r : new int[] {1, 2, 5, 20}) {
      for (double p : new double[] {0.05, 0.3, 0.5, 0.9}) {
        PascalDistribution d = new PascalDistribution(r, p);
        double mean = r * (1 - p) / p;
        double variance = mean / p;
        long top = (long) (mean + 15 * Math.sqrt(variance) + 15);
        for (long x = 1; x <= top; x++) {
          double expected =
              x <= mean ? 1.0 - d.cumulativeProbability((int) x - 1) : summedTail(d, x);
          double actual = CountTail.upperTail(x, mean, variance);
          assertThat(actual).as("r=%d p=%s x=%d", r, p, x).isCloseTo(expected, within(1e-12));
          if (expected > 1e-300) {
            assertThat(actual / expected)
                .as("relative r=%d p=%s x=%d", r, p, x)
                .isCloseTo(1, within(1e-8));
          }
          assertThat(CountTail.negBinomialUpperTail(x, mean, variance)).isEqualTo(actual);
        }
      }
    }
  }

  @Test
  void shouldBeNonIncreasingInTheCount() {
    double[][] moments = {{0.01, 0.01}, {0.01, 0.5}, {4, 4}, {4, 30}, {300, 300}, {300, 9000}};
    for (double[] m : moments) {
      double previous = 1.0;
      for (long x = 0; x <= 2000; x++) {
        double tail = CountTail.upperTail(x, m[0], m[1]);
        assertThat(tail).as("x=%d mean=%s var=%s", x, m[0], m[1]).isBetween(0.0, previous);
        previous = tail;
      }
    }
  }

  @Test
  void shouldGiveOverdispersedCountsAHeavierTail() {
    assertThat(CountTail.upperTail(20, 5, 25)).isGreaterThan(1000 * CountTail.upperTail(20, 5, 5));
  }

  @Test
  void shouldJoinPoissonContinuouslyAtTheOverdispersionBoundary() {
    double mean = 3.5;
    for (long x = 1; x < 40; x++) {
      double poisson = CountTail.poissonUpperTail(x, mean);
      double barelyOver = CountTail.upperTail(x, mean, mean * (1 + 1e-8));
      assertThat(barelyOver / poisson).as("x=%d", x).isCloseTo(1, within(1e-5));
    }
  }

  @Test
  void shouldTreatAZeroMeanAsNeverProducingEvents() {
    assertThat(CountTail.upperTail(0, 0, 0)).isEqualTo(1.0);
    assertThat(CountTail.upperTail(1, 0, 0)).isEqualTo(0.0);
    assertThat(CountTail.upperTail(1, 0, 2)).isEqualTo(0.0);
    assertThat(CountTail.poissonUpperTail(3, 0)).isEqualTo(0.0);
    assertThat(CountTail.negBinomialUpperTail(3, 0, 0)).isEqualTo(0.0);
  }

  @Test
  void shouldGiveOneForNonPositiveCounts() {
    assertThat(CountTail.upperTail(0, 7, 7)).isEqualTo(1.0);
    assertThat(CountTail.upperTail(-3, 7, 70)).isEqualTo(1.0);
    assertThat(CountTail.poissonUpperTail(-1, 7)).isEqualTo(1.0);
  }

  @Test
  void shouldStayFiniteAndOrderedForExtremeArguments() {
    assertThat(CountTail.upperTail(1_000_000_000L, 1e6, 1e6)).isEqualTo(0.0);
    assertThat(CountTail.upperTail(5, 1e6, 1e6)).isEqualTo(1.0);
    double atMean = CountTail.upperTail(1_000_000, 1e6, 1e6);
    assertThat(atMean).isCloseTo(0.5, within(0.01));
    assertThat(CountTail.upperTail(1_005_000, 1e6, 1e6)).isLessThan(1e-5).isPositive();
    assertThat(CountTail.upperTail(1_005_000, 1e6, 1e8)).isBetween(0.3, 0.5);
    assertThat(CountTail.upperTail(3, 1e-9, 1e-9)).isPositive().isLessThan(1e-27);
  }

  @Test
  void shouldRejectInvalidMoments() {
    assertThatThrownBy(() -> CountTail.upperTail(1, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean");
    assertThatThrownBy(() -> CountTail.upperTail(1, 1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("variance");
    assertThatThrownBy(() -> CountTail.poissonUpperTail(1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CountTail.negBinomialUpperTail(1, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("variance > mean");
  }
}
