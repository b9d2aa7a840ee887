package dev.trailinsights.workload;

/** The kinds of injected anomalies; {@link #label()} is the {@code kind} in {@code labels.json}. */
public enum AnomalyKind {
  /**
   * Stolen or under-privileged credentials tried against an API: a burst of {@code AccessDenied}
   * (or EC2's {@code Client.UnauthorizedOperation}). An error-rate anomaly.
   */
  PERMISSION_PROBING("permission-probing"),
  /**
   * An attacker listing what exists: a burst of read calls (a call-rate anomaly that only a
   * read-management selection sees) or of failing read calls (an error-rate anomaly).
   */
  ENUMERATION("enumeration"),
  /** Many management deletes (TerminateInstances, DeleteSnapshot, ...): a call-rate anomaly. */
  MASS_DELETION("mass-deletion"),
  /** A runaway client hammering a busy API and being throttled: an error-rate anomaly. */
  THROTTLING_STORM("throttling-storm"),
  /** An API never called before in the account and region: a call-rate anomaly. */
  NEW_API("new-api");

  private final String label;

  AnomalyKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The kind labelled {@code label}; IllegalArgumentException otherwise. */
  public static AnomalyKind fromLabel(String label) {
    for (AnomalyKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown anomaly kind: " + label);
  }
}
