package dev.trailinsights.forward;

/**
 * What has been done per event and destination, kept durably so that a restart never sends it
 * again. {@link #record} returns only once the entry is durable.
 */
public interface DeliveryLog {
  /** Whether {@code eventId} was delivered to, or parked for, {@code destination} already. */
  boolean done(String eventId, String destination);

  /**
   * Records the final outcome ({@link DeliveryOutcome#DELIVERED} or {@link
   * DeliveryOutcome#PARKED}).
   *
   * @throws RuntimeException when it cannot be made durable; the forwarder then stops rather than
   *     risk sending twice or losing the event
   */
  void record(String eventId, String destination, DeliveryOutcome outcome);
}
