package dev.trailinsights.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class ResidualTailTest {

  private static ResidualTail gaussian(int n, long seed) {
    ResidualTail tail = new ResidualTail(100_000, 0.02, 2);
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      tail.add(random.nextGaussian());
    }
    return tail;
  }

  @Test
  void shouldFollowTheEmpiricalDistributionInTheBulk() {
    ResidualTail tail = gaussian(20_000, 1);
    NormalDistribution normal = new NormalDistribution(null, 0, 1);
    for (double z : new double[] {0.2, 0.5, 1.0, 1.5, 2.0}) {
      double expected = 1 - normal.cumulativeProbability(z);
      assertThat(tail.tail(z)).as("z=%s", z).isCloseTo(expected, within(0.02 * 1 + 0.1 * expected));
      assertThat(tail.tail(-z)).as("z=-%s", z).isCloseTo(expected, within(0.02 + 0.1 * expected));
    }
  }

  @Test
  void shouldExtrapolateBeyondTheLargestResidualSeen() {
    ResidualTail tail = gaussian(5_000, 2);
    double previous = tail.tail(3);
    for (double z = 4; z <= 40; z += 2) {
      double t = tail.tail(z);
      assertThat(t).as("z=%s", z).isPositive().isLessThan(previous);
      previous = t;
    }
    // Heavier than the Gaussian (conservative), but still rare far out.
    assertThat(tail.tail(6)).isGreaterThan(1e-9).isLessThan(1e-3);
    assertThat(tail.tail(40)).isLessThan(1e-12);
  }

  @Test
  void shouldLearnThatSpikesOfTheUsualHeightAreUsualOnTheirSideOnly() {
    ResidualTail tail = new ResidualTail(10_000, 0.02, 2);
    Random random = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      boolean spike = random.nextDouble() < 0.05;
      tail.add(spike ? 500 + 200 * random.nextDouble() : random.nextGaussian() * 0.5);
    }
    assertThat(tail.tail(600)).isBetween(0.005, 0.05);
    assertThat(tail.tail(-600)).isLessThan(1e-9);
    assertThat(tail.tail(2000)).isLessThan(tail.tail(700)).isPositive();
  }

  @Test
  void shouldForgetOldResidualsOverItsHorizon() {
    ResidualTail tail = new ResidualTail(500, 0.02, 2);
    Random random = new Random(4);
    for (int i = 0; i < 5_000; i++) {
      tail.add(random.nextGaussian() * 10);
    }
    double wide = tail.tail(10);
    for (int i = 0; i < 5_000; i++) {
      tail.add(random.nextGaussian());
    }
    assertThat(wide).isGreaterThan(0.1);
    assertThat(tail.tail(10)).isLessThan(1e-3);
    assertThat(tail.observations()).isCloseTo(500, within(1.0));
  }

  @Test
  void shouldFallBackToItsPriorWithoutData() {
    ResidualTail tail = new ResidualTail(1000, 0.02, 2);
    assertThat(tail.tail(3)).isCloseTo(0.5 * Math.exp(-3), within(1e-12));
    assertThat(tail.tail(0)).isEqualTo(0.5);
    assertThat(tail.tail(Double.POSITIVE_INFINITY)).isZero();
  }

  @Test
  void shouldKeepAFiniteTailAfterExtremeResiduals() {
    ResidualTail tail = gaussian(1_000, 5);
    tail.add(1e300);
    tail.add(-Double.MAX_VALUE);
    assertThat(tail.tail(5)).isBetween(0.0, 1.0);
    assertThat(tail.tail(1e200)).isBetween(0.0, 1e-3);
  }

  @Test
  void shouldRejectBadArguments() {
    assertThatThrownBy(() -> new ResidualTail(1, 0.02, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResidualTail(100, 0.6, 2))
        .isInstanceOf(IllegalArgumentException.class);
    ResidualTail tail = new ResidualTail(100, 0.02, 2);
    assertThatThrownBy(() -> tail.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tail.tail(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
