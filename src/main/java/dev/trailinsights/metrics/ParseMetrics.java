package dev.trailinsights.metrics;

import dev.trailinsights.event.BadReason;
import dev.trailinsights.event.EventCategory;
import dev.trailinsights.topology.ParseCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;

/**
 * What the parse step has read, from {@link ParseCounters}: input messages, records by category and
 * outcome, unreadable records by reason, dead letters by reason. All monotonic counters.
 */
public final class ParseMetrics implements MeterBinder {
  /** Tag value of the category of records that could not be read. */
  public static final String UNKNOWN_CATEGORY = "unknown";

  private final ParseCounters counters;

  public ParseMetrics(ParseCounters counters) {
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("trail.insights.input.messages", counters, ParseCounters::messages)
        .description("Messages read from the input topic (a record, a trail file or an event)")
        .baseUnit("messages")
        .register(registry);
    for (EventCategory c : EventCategory.values()) {
      String category = category(c);
      FunctionCounter.builder("trail.insights.events", counters, k -> k.selected(c))
          .description(
              "CloudTrail records read, by eventCategory and outcome: selected for detection,"
                  + " skipped by the selectors, or invalid (category unknown)")
          .baseUnit("events")
          .tags("category", category, "outcome", "selected")
          .register(registry);
      FunctionCounter.builder("trail.insights.events", counters, k -> k.skipped(c))
          .description(
              "CloudTrail records read, by eventCategory and outcome: selected for detection,"
                  + " skipped by the selectors, or invalid (category unknown)")
          .baseUnit("events")
          .tags("category", category, "outcome", "skipped")
          .register(registry);
    }
    FunctionCounter.builder("trail.insights.events", counters, ParseMetrics::invalid)
        .description(
            "CloudTrail records read, by eventCategory and outcome: selected for detection,"
                + " skipped by the selectors, or invalid (category unknown)")
        .baseUnit("events")
        .tags("category", UNKNOWN_CATEGORY, "outcome", "invalid")
        .register(registry);
    for (BadReason r : BadReason.values()) {
      FunctionCounter.builder("trail.insights.invalid.records", counters, k -> k.badRecords(r))
          .description("CloudTrail records that could not be read, by reason")
          .baseUnit("records")
          .tags("reason", r.label())
          .register(registry);
    }
    for (String reason : ParseCounters.DEAD_LETTER_REASONS) {
      FunctionCounter.builder(
              "trail.insights.dead.letter.messages", counters, k -> k.deadLetters(reason))
          .description(
              "Messages sent to the dead-letter topic, by reason (of the first bad record)")
          .baseUnit("messages")
          .tags("reason", reason)
          .register(registry);
    }
  }

  /** The tag value of a category: its lower-case name, e.g. {@code network_activity}. */
  static String category(EventCategory c) {
    return c.name().toLowerCase(Locale.ROOT);
  }

  private static double invalid(ParseCounters k) {
    long n = 0;
    for (BadReason r : BadReason.values()) {
      n += k.badRecords(r);
    }
    return n;
  }
}
