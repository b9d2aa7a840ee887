package dev.trailinsights.workload;

/** How {@code generate} writes records. */
public enum OutputFormat {
  /**
   * Gzip-compressed trail log files ({@code {"Records":[...]}}), one per account, region and
   * 5-minute delivery, under a folder per delivery minute (see {@link WorkloadGenerator}).
   */
  FILES("files"),
  /** One file {@code events.jsonl}: one record per line, in delivery order. */
  JSONL("jsonl");

  private final String label;

  OutputFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The format named {@code label}; IllegalArgumentException otherwise. */
  public static OutputFormat fromLabel(String label) {
    for (OutputFormat f : values()) {
      if (f.label.equalsIgnoreCase(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "invalid value for --format: expected files or jsonl, got " + label);
  }
}
