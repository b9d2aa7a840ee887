package dev.trailinsights.config;

/** The classes of events a series can be built from, as in AWS's Insights selectors. */
public enum EventClass {
  WRITE_MANAGEMENT("write-management"),
  READ_MANAGEMENT("read-management"),
  DATA("data");

  private final String label;

  EventClass(String label) {
    this.label = label;
  }

  /** The value used in configuration files, flags and environment variables. */
  public String label() {
    return label;
  }

  public static EventClass fromLabel(String label) {
    for (EventClass c : values()) {
      if (c.label.equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException(label);
  }
}
