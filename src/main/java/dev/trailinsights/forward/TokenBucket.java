package dev.trailinsights.forward;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} requests at once, then {@code ratePerMinute}. {@link #reserve()}
 * takes a token and says how long to wait for it, so callers queue behind one another instead of
 * flooding a channel. Thread-safe.
 */
public final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private double tokens;
  private long last;

  /** A full bucket on {@code nanoClock} (normally {@link System#nanoTime}). */
  public TokenBucket(double ratePerMinute, int burst, LongSupplier nanoClock) {
    if (!(ratePerMinute > 0) || burst < 1) {
      throw new IllegalArgumentException("need rate > 0 and burst >= 1");
    }
    this.perNano = ratePerMinute / 60e9;
    this.capacity = burst;
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.last = nanoClock.getAsLong();
  }

  /** Takes one token, going into debt if none is left; returns the nanoseconds to wait first. */
  public synchronized long reserve() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }
}
