package dev.trailinsights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTypeTest {
  private static final SettingType<Duration> DURATION =
      SettingType.duration(Duration.ZERO, Duration.ofDays(28));

  @Test
  void shouldReadShortAndIsoDurations() {
    assertThat(DURATION.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DURATION.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(DURATION.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(DURATION.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DURATION.parse(" PT15M ")).isEqualTo(Duration.ofMinutes(15));
    assertThat(DURATION.parse("P7D")).isEqualTo(Duration.ofDays(7));
    assertThat(DURATION.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DURATION.parse("0")).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"15", "15min", "1.5h", "7w", "-PT1M", "P29D", "", "m", "99999999999999d"})
  void shouldRejectBadOrOutOfRangeDurations(String raw) {
    assertThatThrownBy(() -> DURATION.parse(raw))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("a duration from 0 to 28d");
  }

  @Test
  void shouldFormatDurationsInTheShortestReadableForm() {
    assertThat(SettingType.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(SettingType.format(Duration.ofHours(6))).isEqualTo("6h");
    assertThat(SettingType.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(SettingType.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(SettingType.format(Duration.ZERO)).isEqualTo("0");
    assertThat(SettingType.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
  }

  @Test
  void shouldReadNumbersStrictly() {
    SettingType<Double> ratio = SettingType.decimal(1, true, Double.POSITIVE_INFINITY, false);
    assertThat(ratio.parse("2.5")).isEqualTo(2.5);
    assertThat(ratio.parse("1e1")).isEqualTo(10.0);
    assertThat(ratio.allowed()).isEqualTo("a number >= 1");
    // Double.parseDouble would take these.
    assertThatThrownBy(() -> ratio.parse("5d")).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> ratio.parse("NaN")).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> ratio.parse("0.5")).isInstanceOf(InvalidValueException.class);
    SettingType<Double> share = SettingType.decimal(0, false, 1, true);
    assertThat(share.allowed()).isEqualTo("a number in (0, 1]");
    assertThat(share.parse("1")).isEqualTo(1.0);
    assertThatThrownBy(() -> share.parse("0")).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void shouldReadIntegersAndBooleansStrictly() {
    SettingType<Integer> count = SettingType.integer(1, Integer.MAX_VALUE);
    assertThat(count.parse("+7")).isEqualTo(7);
    assertThat(count.allowed()).isEqualTo("an integer >= 1");
    assertThatThrownBy(() -> count.parse("99999999999")).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> count.parse("2.0")).isInstanceOf(InvalidValueException.class);
    assertThat(SettingType.bool().parse("TRUE")).isTrue();
    assertThatThrownBy(() -> SettingType.bool().parse("yes"))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void shouldWriteNumbersPlainly() {
    assertThat(SettingType.plain(2.0)).isEqualTo("2.0");
    assertThat(SettingType.plain(0.001)).isEqualTo("0.001");
    assertThat(SettingType.plain(1e-4)).isEqualTo("0.0001");
  }
}
