package dev.trailinsights.event;

/** Whether a call reads or writes: CloudTrail's {@code readOnly}, absent on old records. */
public enum Access {
  READ,
  WRITE,
  /** {@code readOnly} absent (eventVersion 1.01/1.02 and some service events). */
  UNKNOWN
}
