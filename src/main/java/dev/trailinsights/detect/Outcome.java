package dev.trailinsights.detect;

/** What became of one event handed to the detector. */
public enum Outcome {
  /** Counted in its series. */
  COUNTED("counted"),
  /** Its minute was already closed: later than the lateness horizon. */
  LATE("late"),
  /** Its {@code eventID} was already counted. */
  DUPLICATE("duplicate");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** Stable lowercase label for summaries and metric tags. */
  public String label() {
    return label;
  }
}
