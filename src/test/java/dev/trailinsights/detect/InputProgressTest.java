package dev.trailinsights.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputProgressTest {
  private static final long HOUR = 3_600_000L;
  private static final long OFFLINE = Long.MIN_VALUE;

  @Test
  void shouldFollowAnInputReadInTimeOrder() {
    InputProgress p = new InputProgress();
    for (long t = 1; t <= 100; t++) {
      p.add(t * 1000, OFFLINE);
    }

    assertThat(p.millis()).isEqualTo(100_000L);
  }

  @Test
  void shouldNotMoveForARecordFarAheadOfItsNeighbours() {
    InputProgress p = new InputProgress();
    p.add(1_000, OFFLINE);
    p.add(2 * 24 * HOUR, OFFLINE);
    p.add(2_000, OFFLINE);
    p.add(2 * 24 * HOUR + 1, OFFLINE);
    p.add(3_000, OFFLINE);

    assertThat(p.millis()).isEqualTo(3_000L);
    assertThat(p.newestMillis()).isEqualTo(2 * 24 * HOUR + 1);
  }

  @Test
  void shouldFollowAJumpOnceTheInputGoesOnFromThere() {
    InputProgress p = new InputProgress();
    p.add(1_000, OFFLINE);
    p.add(5 * HOUR + 30_000, OFFLINE);
    p.add(5 * HOUR, OFFLINE);
    assertThat(p.millis()).isEqualTo(1_000L);

    p.add(5 * HOUR + 60_000, OFFLINE);

    assertThat(p.millis()).isEqualTo(5 * HOUR);
    p.add(5 * HOUR + 120_000, OFFLINE);
    assertThat(p.millis()).isEqualTo(5 * HOUR + 120_000);
  }

  @Test
  void shouldFollowARecordNearTheClockOfALiveInputAfterAQuietSpell() {
    InputProgress p = new InputProgress();
    long now = 100 * HOUR;
    p.add(now - 10 * HOUR, now - 10 * HOUR);

    p.add(now - 2_000, now);

    assertThat(p.millis()).isEqualTo(now - 2_000);
    // but not one from far in the future of the clock
    p.add(now + 50 * 60_000L, now);
    assertThat(p.millis()).isEqualTo(now - 2_000);
  }

  @Test
  void shouldForgetEverythingOnReset() {
    InputProgress p = new InputProgress();
    assertThat(p.millis()).isEqualTo(Long.MIN_VALUE);
    p.add(7_000, OFFLINE);

    p.reset();

    assertThat(p.millis()).isEqualTo(Long.MIN_VALUE);
    assertThat(p.newestMillis()).isEqualTo(Long.MIN_VALUE);
  }
}
