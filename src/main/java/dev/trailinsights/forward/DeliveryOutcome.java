package dev.trailinsights.forward;

import java.util.Locale;

/** What became of one event at one destination; {@link #tag()} is the metric tag. */
public enum DeliveryOutcome {
  /** Accepted by the destination (2xx). */
  DELIVERED,
  /** Given up on: written to the dead-letter topic. */
  PARKED,
  /** Already delivered or parked before, by the delivery log: not sent again. */
  DUPLICATE,
  /** Printed instead of sent ({@code --dry-run}). */
  DRY_RUN;

  /** Lower-case name for metrics and logs. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
