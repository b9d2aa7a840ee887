package dev.trailinsights.event;

import java.time.Duration;

/**
 * The event times a record may carry, one rule for {@code replay}, {@code load} and the live
 * topology: not before 1970, and not more than {@link #MAX_AHEAD} ahead of the reader's clock. A
 * record outside is unreadable ({@link BadReason#BAD_TIMESTAMP}) rather than counted: a trail holds
 * no calls from the future, and one record far ahead would otherwise pull its input's event-time
 * progress with it. Live, selected records also cross a repartition topic stamped with their event
 * time, and brokers refuse timestamps more than an hour ahead of their clock ({@code
 * message.timestamp.after.max.ms}); five minutes are left for clock skew.
 */
public final class EventTimeBounds {
  /** How far ahead of the clock an event time may be. */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(55);

  private static final long MAX_AHEAD_MS = MAX_AHEAD.toMillis();

  private EventTimeBounds() {}

  /**
   * @return null when {@code eventTimeMillis} is acceptable at {@code nowMillis}, otherwise why not
   */
  public static String check(long eventTimeMillis, long nowMillis) {
    if (eventTimeMillis < 0) {
      return "eventTime is before 1970";
    }
    if (eventTimeMillis > nowMillis + MAX_AHEAD_MS) {
      return "eventTime is more than 55 minutes ahead of the clock";
    }
    return null;
  }
}
