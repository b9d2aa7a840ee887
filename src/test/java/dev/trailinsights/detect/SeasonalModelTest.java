package dev.trailinsights.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.Test;

/** The baseline model alone: seasonal cells in, a {@link Baseline} out. */
class SeasonalModelTest {
  /** Monday 2026-03-02 00:00 UTC, epoch minutes. */
  private static final long MONDAY = Instant.parse("2026-03-02T00:00:00Z").getEpochSecond() / 60;

  private final long[] cs = new long[SeasonalModel.CELLS];
  private final long[] cn = new long[SeasonalModel.CELLS];
  private final long[] cq = new long[SeasonalModel.CELLS];

  /** Adds minutes {@code [from, to)} with the given counts to the cells. */
  private void minutes(long from, long to, LongToIntFunction count) {
    for (long m = from; m < to; m++) {
      int cell = SeasonalModel.cell(Math.floorDiv(m, 60));
      long c = count.applyAsInt(m);
      cn[cell]++;
      cs[cell] += c;
      cq[cell] += c * c;
    }
  }

  @Test
  void shouldGiveAnEmptyPoissonBaselineWithoutHistory() {
    Baseline b = new SeasonalModel(true).fit(cs, cn, cq, MONDAY);

    assertThat(b.minutes()).isZero();
    assertThat(b.expected()).isZero();
    assertThat(b.model()).isEqualTo(Baseline.POISSON);
    assertThat(b.seasonal()).isEqualTo(Baseline.FLAT);
  }

  @Test
  void shouldUseAFlatPoissonRateForSteadyCounts() {
    minutes(MONDAY, MONDAY + 600, m -> 2);

    Baseline b = new SeasonalModel(true).fit(cs, cn, cq, MONDAY + 600);

    assertThat(b.minutes()).isEqualTo(600);
    assertThat(b.average()).isEqualTo(2.0);
    assertThat(b.expected()).isEqualTo(2.0);
    assertThat(b.variance()).isEqualTo(2.0);
    assertThat(b.model()).isEqualTo(Baseline.POISSON);
    assertThat(b.seasonal()).isEqualTo(Baseline.FLAT);
  }

  @Test
  void shouldWidenTheVarianceOfOverdispersedCounts() {
    minutes(MONDAY, MONDAY + 600, m -> m % 2 == 0 ? 0 : 4);

    Baseline b = new SeasonalModel(true).fit(cs, cn, cq, MONDAY + 600);

    assertThat(b.expected()).isEqualTo(2.0);
    assertThat(b.variance()).isEqualTo(4.0);
    assertThat(b.model()).isEqualTo(Baseline.NEGATIVE_BINOMIAL);
  }

  @Test
  void shouldKeepASilentKeyBelowOneCallOverItsHistory() {
    minutes(MONDAY, MONDAY + 100, m -> 0);

    Baseline b = new SeasonalModel(true).fit(cs, cn, cq, MONDAY + 100);

    assertThat(b.average()).isZero();
    assertThat(b.expected()).isEqualTo(0.5 / 100);
  }

  @Test
  void shouldExpectTheBusyHourOnceTwoDaysOfItAreKnown() {
    // two weekdays: ten calls a minute from 09:00 to 10:00, one otherwise
    minutes(MONDAY, MONDAY + 2 * 1440, m -> Math.floorMod(m, 1440) / 60 == 9 ? 10 : 1);
    SeasonalModel model = new SeasonalModel(true);

    Baseline nine = model.fit(cs, cn, cq, MONDAY + 2 * 1440 + 9 * 60 + 5);
    Baseline night = model.fit(cs, cn, cq, MONDAY + 2 * 1440 + 3 * 60);

    assertThat(nine.seasonal()).isEqualTo(Baseline.HOUR_OF_DAY);
    // the hour's 120 minutes, pulled toward the mean by a prior worth 30 minutes
    double mean = (120 * 10 + (2 * 1440 - 120)) / (2.0 * 1440);
    assertThat(nine.expected()).isCloseTo((1200 + 30 * mean) / 150, within(1e-12));
    assertThat(night.expected()).isCloseTo((120 + 30 * mean) / 150, within(1e-12));
    assertThat(nine.average()).isEqualTo(night.average()).isEqualTo(mean);
  }

  @Test
  void shouldStayFlatWhenSeasonalityIsOff() {
    minutes(MONDAY, MONDAY + 2 * 1440, m -> Math.floorMod(m, 1440) / 60 == 9 ? 10 : 1);

    Baseline b = new SeasonalModel(false).fit(cs, cn, cq, MONDAY + 2 * 1440 + 9 * 60);

    assertThat(b.seasonal()).isEqualTo(Baseline.FLAT);
    assertThat(b.expected()).isEqualTo(b.average());
  }

  @Test
  void shouldTellWeekendsFromWeekdaysOnceADayOfEachIsKnown() {
    // Friday to Sunday: busy weekdays, quiet weekends
    long friday = MONDAY + 4 * 1440;
    minutes(friday, friday + 3 * 1440, m -> (m - friday) < 1440 ? 6 : 1);
    SeasonalModel model = new SeasonalModel(true);

    Baseline monday = model.fit(cs, cn, cq, friday + 3 * 1440 + 600);
    Baseline saturday = model.fit(cs, cn, cq, friday + 1440 + 600);

    assertThat(SeasonalModel.cell((friday + 1440) / 60)).isOdd();
    assertThat(SeasonalModel.cell(friday / 60)).isEven();
    assertThat(monday.seasonal()).isEqualTo(Baseline.HOUR_OF_DAY_AND_DAY_TYPE);
    assertThat(monday.expected()).isGreaterThan(4 * saturday.expected());
  }
}
