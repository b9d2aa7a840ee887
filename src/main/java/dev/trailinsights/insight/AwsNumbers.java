package dev.trailinsights.insight;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Averages the way AWS's Insights records print them: rounded to six significant digits and written
 * as the shortest decimal of that value, in the form of Python's {@code repr} of a float ({@code
 * 0.0123}, {@code 42.0}, {@code 8.82145e-05}, {@code 1.5e+16}).
 */
final class AwsNumbers {
  static final int SIGNIFICANT_DIGITS = 6;
  private static final MathContext ROUND =
      new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

  private AwsNumbers() {}

  /** {@code x} rounded to six significant digits (half-even on its exact binary value). */
  static double round(double x) {
    requireFinite(x);
    if (x == 0) {
      return 0.0;
    }
    return new BigDecimal(x).round(ROUND).doubleValue();
  }

  /**
   * The JSON number text of {@code x} after {@link #round}: plain notation with at least one
   * fractional digit when the decimal exponent is in [-4, 16), otherwise {@code d.ddddde±XX}.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry
   */
  static String format(double x) {
    requireFinite(x);
    if (x == 0) {
      return "0.0";
    }
    // Six significant digits of a double are its shortest round-trip decimal: any other decimal of
    // at most six digits is at least 1e-6 (relative) away, far outside one ulp.
    BigDecimal d = new BigDecimal(x).round(ROUND).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int n = digits.length();
    int exponent = n - 1 - d.scale();
    StringBuilder s = new StringBuilder(24);
    if (d.signum() < 0) {
      s.append('-');
    }
    if (exponent >= -4 && exponent < 16) {
      if (exponent >= n - 1) {
        s.append(digits);
        s.append("0".repeat(exponent - (n - 1)));
        s.append(".0");
      } else if (exponent >= 0) {
        s.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, n);
      } else {
        s.append("0.").append("0".repeat(-exponent - 1)).append(digits);
      }
    } else {
      s.append(digits.charAt(0));
      if (n > 1) {
        s.append('.').append(digits, 1, n);
      }
      s.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        s.append('0');
      }
      s.append(abs);
    }
    return s.toString();
  }

  private static void requireFinite(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("not a finite number: " + x);
    }
  }
}
