package dev.trailinsights.topology;

import dev.trailinsights.detect.CompactEvent;

/** What the parse step forwards: a selected event, or a message for the dead-letter topic. */
sealed interface Parsed {
  /** A selected record in compact form, keyed by its API key. */
  record Event(CompactEvent event) implements Parsed {}

  /** The original message (key and value bytes), with reason headers on the record. */
  record DeadLetter(byte[] key, byte[] value) implements Parsed {}
}
