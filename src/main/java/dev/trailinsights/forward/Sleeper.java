package dev.trailinsights.forward;

import java.time.Duration;

/** Waits between attempts; tests substitute one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** The real one. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));

  /** Waits {@code d}. */
  void sleep(Duration d) throws InterruptedException;
}
