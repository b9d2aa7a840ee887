package dev.trailinsights.forward;

import java.util.function.LongSupplier;

/** A configured destination ready for use: its settings, its message format and its rate limit. */
public record Destination(DestinationSpec spec, MessageFormat format, TokenBucket bucket) {
  /** The destination of {@code spec}, rate-limited on {@code nanoClock}. */
  public static Destination of(DestinationSpec spec, LongSupplier nanoClock) {
    return new Destination(
        spec,
        MessageFormat.of(spec),
        new TokenBucket(spec.ratePerMinute(), spec.burst(), nanoClock));
  }

  /** As {@link #of(DestinationSpec, LongSupplier)}, keeping Slack threads in {@code threads}. */
  public static Destination of(DestinationSpec spec, LongSupplier nanoClock, ThreadStore threads) {
    return new Destination(
        spec,
        MessageFormat.of(spec, threads),
        new TokenBucket(spec.ratePerMinute(), spec.burst(), nanoClock));
  }

  /** The configured name. */
  public String name() {
    return spec.name();
  }
}
