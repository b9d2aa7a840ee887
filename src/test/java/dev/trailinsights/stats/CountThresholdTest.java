package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountThresholdTest {

  private static final double ALPHA = 1e-6;

  /**
   * The defining property, checked by brute force: c is unusual and c - 1 is not (or is below a
   * bound).
   */
  private static void assertSmallest(
      long c, double mean, double variance, double alpha, long minCount, double minRatio) {
    long lower = Math.max(minCount, (long) Math.ceil(minRatio * mean));
    assertThat(c).isGreaterThanOrEqualTo(lower);
    assertThat(CountTail.upperTail(c, mean, variance)).isLessThanOrEqualTo(alpha);
    if (c > lower) {
      assertThat(CountTail.upperTail(c - 1, mean, variance)).isGreaterThan(alpha);
    }
  }

  @Test
  void shouldFindTheSmallestUnusualCountOverManyBaselines() {
    double[] means = {0, 1e-4, 0.01, 0.3, 1, 2.5, 10, 47, 300, 5000};
    double[] dispersions = {1, 1.5, 4, 30};
    for (double mean : means) {
      for (double dispersion : dispersions) {
        double variance = mean * dispersion;
        long c = CountThreshold.smallestUnusual(mean, variance, ALPHA, 0, 0);
        assertSmallest(c, mean, variance, ALPHA, 0, 0);
      }
    }
  }

  @Test
  void shouldNotFlagOneOrTwoCallsOnAVerySparseApiButFlagFive() {
    double mean = 1e-4;
    // The tail alone: one call in a minute happens about once a week at this rate.
    assertThat(CountTail.upperTail(1, mean, mean)).isGreaterThan(ALPHA);
    // With the detector's minimum count, neither one nor two calls is unusual, five is.
    long threshold = CountThreshold.smallestUnusual(mean, mean, ALPHA, 3, 0);
    assertThat(threshold).isEqualTo(3);
    assertThat(threshold).isGreaterThan(2).isLessThanOrEqualTo(5);
    // A sparse API that comes in small bursts needs more than two calls even by the tail alone.
    long bursty = CountThreshold.smallestUnusual(mean, 1.5 * mean, ALPHA, 0, 0);
    assertThat(bursty).isGreaterThan(2).isLessThanOrEqualTo(5);
    assertSmallest(bursty, mean, 1.5 * mean, ALPHA, 0, 0);
  }

  @Test
  void shouldRequireMoreForOverdispersedSeries() {
    double mean = 12;
    long poisson = CountThreshold.smallestUnusual(mean, mean, ALPHA, 0, 0);
    long overdispersed = CountThreshold.smallestUnusual(mean, 6 * mean, ALPHA, 0, 0);
    assertThat(overdispersed).isGreaterThan(poisson + 10);
  }

  @Test
  void shouldBeNonDecreasingInMeanAndVariance() {
    long previous = 0;
    for (double mean = 0.001; mean < 2000; mean *= 1.3) {
      long c = CountThreshold.smallestUnusual(mean, mean, ALPHA, 0, 0);
      assertThat(c).as("mean=%s", mean).isGreaterThanOrEqualTo(previous);
      previous = c;
    }
    previous = 0;
    for (double variance = 5; variance < 5000; variance *= 1.5) {
      long c = CountThreshold.smallestUnusual(5, variance, ALPHA, 0, 0);
      assertThat(c).as("variance=%s", variance).isGreaterThanOrEqualTo(previous);
      previous = c;
    }
  }

  @Test
  void shouldRespectMinimumCountAndRatio() {
    assertThat(CountThreshold.smallestUnusual(0.5, 0.5, ALPHA, 25, 0)).isEqualTo(25);
    long byRatio = CountThreshold.smallestUnusual(1000, 1000, ALPHA, 0, 3);
    assertThat(byRatio).isEqualTo(3000);
    long byTail = CountThreshold.smallestUnusual(1000, 1000, ALPHA, 0, 1.01);
    assertSmallest(byTail, 1000, 1000, ALPHA, 0, 1.01);
    assertThat(byTail).isGreaterThan(1010);
    assertThat(CountThreshold.smallestUnusual(0, 0, ALPHA, 0, 0)).isEqualTo(1);
    assertThat(CountThreshold.smallestUnusual(0, 0, ALPHA, 4, 2)).isEqualTo(4);
  }

  @Test
  void shouldFinishQuicklyOnHugeMeans() {
    long start = System.nanoTime();
    long poisson = CountThreshold.smallestUnusual(1e6, 1e6, ALPHA, 0, 0);
    long overdispersed = CountThreshold.smallestUnusual(1e6, 1e9, ALPHA, 0, 0);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertSmallest(poisson, 1e6, 1e6, ALPHA, 0, 0);
    assertSmallest(overdispersed, 1e6, 1e9, ALPHA, 0, 0);
    // About 4.75 standard deviations above the mean for a Poisson count.
    assertThat(poisson).isBetween(1_004_000L, 1_006_000L);
    assertThat(overdispersed).isGreaterThan(poisson);
    assertThat(elapsedMs).isLessThan(2_000);
  }

  @Test
  void shouldReturnMaxValueWhenNoCountBelowTheSearchLimitIsUnusual() {
    assertThat(CountThreshold.smallestUnusual(1e11, 1e24, ALPHA, 0, 0)).isEqualTo(Long.MAX_VALUE);
    assertThat(CountThreshold.smallestUnusual(1, 1, ALPHA, 0, 1e13)).isEqualTo(Long.MAX_VALUE);
    assertThat(CountThreshold.smallestUnusual(1, 1, ALPHA, 2_000_000_000_000L, 0))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldRejectInvalidArguments() {
    assertThatThrownBy(() -> CountThreshold.smallestUnusual(1, 1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> CountThreshold.smallestUnusual(1, 1, 1e-3, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CountThreshold.smallestUnusual(1, 1, 1e-3, 0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CountThreshold.smallestUnusual(-1, 1, 1e-3, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
