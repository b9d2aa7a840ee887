package dev.trailinsights.insight;

import java.util.List;

/**
 * One attribution block: for {@code attribute} ({@code userIdentityArn}, {@code userAgent} or
 * {@code errorCode}), the top values during the insight and during the baseline, highest first.
 */
public record Attribution(
    String attribute, List<ValueAverage> insight, List<ValueAverage> baseline) {
  public static final String USER_IDENTITY_ARN = "userIdentityArn";
  public static final String USER_AGENT = "userAgent";
  public static final String ERROR_CODE = "errorCode";

  public Attribution {
    insight = List.copyOf(insight);
    baseline = List.copyOf(baseline);
  }
}
