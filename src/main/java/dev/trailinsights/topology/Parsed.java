package dev.trailinsights.topology;

/**
 * What the parse step forwards: what goes on to the detector ({@link Routed}), or a message for the
 * dead-letter topic.
 */
sealed interface Parsed permits Routed, Parsed.DeadLetter {
  /** The original message (key and value bytes), with reason headers on the record. */
  record DeadLetter(byte[] key, byte[] value) implements Parsed {}
}
