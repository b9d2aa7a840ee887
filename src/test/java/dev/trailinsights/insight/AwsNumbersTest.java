package dev.trailinsights.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsNumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0123, 0.0123",
    "42, 42.0",
    "8.82145e-05, 8.82145e-05",
    "0, 0.0",
    "-0.0, 0.0",
    "1, 1.0",
    "100, 100.0",
    "0.0001, 0.0001",
    "9.99999e-05, 9.99999e-05",
    "0.000123456789, 0.000123457",
    "1e16, 1e+16",
    "9.999999e15, 1e+16",
    "1e15, 1000000000000000.0",
    "123456.7, 123457.0",
    "1234567, 1234570.0",
    "0.3333333333333333, 0.333333",
    "0.6666666666666666, 0.666667",
    "27.416666666666668, 27.4167",
    "0.30000000000000004, 0.3",
    "9999995, 10000000.0",
    "1e-300, 1e-300",
    "1.5e300, 1.5e+300",
    "-2.5, -2.5",
  })
  void shouldWriteAveragesLikeAws(double value, String expected) {
    assertThat(AwsNumbers.format(value)).isEqualTo(expected);
  }

  @Test
  void shouldRoundToSixSignificantDigits() {
    assertThat(AwsNumbers.round(329.0 / 12)).isEqualTo(27.4167);
    assertThat(AwsNumbers.round(0.000123456789)).isEqualTo(0.000123457);
    assertThat(AwsNumbers.round(42.0)).isEqualTo(42.0);
  }

  @Test
  void shouldParseBackToTheRoundedValue() {
    for (double x : new double[] {1.0 / 3, 8.821449e-5, 123456789.0, 7.77e-12, 0.5}) {
      assertThat(Double.parseDouble(AwsNumbers.format(x))).isEqualTo(AwsNumbers.round(x));
    }
  }

  @Test
  void shouldRejectNumbersJsonCannotCarry() {
    assertThatThrownBy(() -> AwsNumbers.format(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> AwsNumbers.format(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
