package dev.trailinsights.detect;

/** De-duplication of {@code eventID}s within the lateness horizon. */
public interface SeenIds {
  /**
   * Records an event id hash seen for an event-time minute.
   *
   * @return true the first time the hash is seen, false for a repeat
   */
  boolean add(long eventIdHash, long minute);

  /** Forgets ids of minutes before {@code minute}: they can only come back as late events. */
  void expireBefore(long minute);
}
