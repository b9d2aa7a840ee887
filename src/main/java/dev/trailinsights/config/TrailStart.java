package dev.trailinsights.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code detection.trail-start}: since when the trail is known to be complete. Warm-up is per
 * account and region; with a trail start, an account or region first seen later has silent history
 * back to the trail start (as AWS, whose insights are per trail, reports).
 *
 * @param mode {@link Mode#NONE}, {@link Mode#FIRST_EVENT} or {@link Mode#AT}
 * @param at the instant for {@link Mode#AT}; null otherwise
 */
public record TrailStart(Mode mode, Instant at) {
  /** How the trail start is given. */
  public enum Mode {
    /** No trail start: each account and region warms up from its own first event. */
    NONE,
    /** The first event read (offline drivers only: live tasks see different first events). */
    FIRST_EVENT,
    /** A fixed instant. */
    AT
  }

  public static final TrailStart NONE = new TrailStart(Mode.NONE, null);
  public static final TrailStart FIRST_EVENT = new TrailStart(Mode.FIRST_EVENT, null);

  public TrailStart {
    if ((mode == Mode.AT) != (at != null)) {
      throw new IllegalArgumentException("an instant goes with mode AT only");
    }
  }

  /**
   * @throws IllegalArgumentException for anything but {@code none}, {@code first-event} or an
   *     ISO-8601 instant
   */
  public static TrailStart parse(String raw) {
    String v = raw.trim();
    if (v.equalsIgnoreCase("none")) {
      return NONE;
    }
    if (v.equalsIgnoreCase("first-event")) {
      return FIRST_EVENT;
    }
    try {
      return new TrailStart(Mode.AT, Instant.parse(v));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(raw);
    }
  }

  @Override
  public String toString() {
    return switch (mode) {
      case NONE -> "none";
      case FIRST_EVENT -> "first-event";
      case AT -> at.toString();
    };
  }
}
