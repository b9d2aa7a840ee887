package dev.trailinsights.forward;

/**
 * Where a chat message of an insight's Start was posted, so that its End can answer in the same
 * thread: per destination and {@code sharedEventID} (the same on a Start and its End).
 */
public interface ThreadStore {
  /** A store that keeps nothing: every End is posted as a message of its own. */
  ThreadStore NONE =
      new ThreadStore() {
        @Override
        public String threadOf(String destination, String sharedEventId) {
          return null;
        }

        @Override
        public void remember(String destination, String sharedEventId, String thread) {}
      };

  /** The thread id (Slack {@code ts}) of the Start, or null if unknown. */
  String threadOf(String destination, String sharedEventId);

  /**
   * Keeps {@code thread} for {@code sharedEventId}; durable on return.
   *
   * @throws RuntimeException when it cannot be kept
   */
  void remember(String destination, String sharedEventId, String thread);
}
