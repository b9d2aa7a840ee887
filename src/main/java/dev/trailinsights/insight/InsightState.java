package dev.trailinsights.insight;

/**
 * {@code insightDetails.state}: {@code Start} when unusual activity begins, {@code End} when over.
 */
public enum InsightState {
  START("Start"),
  END("End");

  private final String awsName;

  InsightState(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }
}
