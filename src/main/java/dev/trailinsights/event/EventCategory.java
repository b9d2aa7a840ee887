package dev.trailinsights.event;

/** CloudTrail's {@code eventCategory}; inferred from {@code managementEvent} on old records. */
public enum EventCategory {
  MANAGEMENT,
  DATA,
  NETWORK_ACTIVITY,
  INSIGHT
}
