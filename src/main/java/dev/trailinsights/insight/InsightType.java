package dev.trailinsights.insight;

/**
 * The two Insights types AWS defines; {@link #awsName()} is the exact {@code insightType} value.
 */
public enum InsightType {
  API_CALL_RATE("ApiCallRateInsight"),
  API_ERROR_RATE("ApiErrorRateInsight");

  private final String awsName;

  InsightType(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }
}
