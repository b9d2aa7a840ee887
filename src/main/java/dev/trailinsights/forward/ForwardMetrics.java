package dev.trailinsights.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters of {@code forward}. Tags are bounded: {@code destination} is a name from the configuration
 * (never a URL), {@code type} a {@link DestinationType} name, {@code outcome} a {@link
 * DeliveryOutcome} tag. Every meter exists from binding on, so a destination that never fails still
 * shows zeros.
 *
 * <ul>
 *   <li>{@value #DELIVERIES} (counter; destination, type, outcome): events per destination by how
 *       they ended;
 *   <li>{@value #RETRIES} (counter; destination, type): attempts after a failed one;
 *   <li>{@value #PARKED} (counter; destination, type): events written to the dead-letter topic
 *       after the retry budget or a permanent error;
 *   <li>{@value #LATENCY} (timer, seconds; destination, type, outcome): from the first attempt to
 *       the outcome, waits included;
 *   <li>{@value #UNREADABLE} (counter): records of the insights topic that are not Insights events,
 *       sent to the dead-letter topic;
 *   <li>{@value #UNROUTED} (counter): events no route and no default route chose.
 * </ul>
 *
 * <p>Until {@link #bindTo} is called, recording does nothing.
 */
public final class ForwardMetrics implements MeterBinder {
  /** Counter of delivery outcomes. */
  public static final String DELIVERIES = "trail.insights.forward.deliveries";

  /** Counter of retried attempts. */
  public static final String RETRIES = "trail.insights.forward.retries";

  /** Counter of parked events. */
  public static final String PARKED = "trail.insights.forward.parked";

  /** Timer of deliveries. */
  public static final String LATENCY = "trail.insights.forward.delivery.latency";

  /** Counter of unreadable records. */
  public static final String UNREADABLE = "trail.insights.forward.unreadable";

  /** Counter of events without a destination. */
  public static final String UNROUTED = "trail.insights.forward.unrouted";

  private static final List<DeliveryOutcome> OUTCOMES = List.of(DeliveryOutcome.values());

  private final List<DestinationSpec> destinations;
  private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Counter> parked = new ConcurrentHashMap<>();
  private volatile Counter unreadable;
  private volatile Counter unrouted;

  /** Metrics for {@code destinations}. */
  public ForwardMetrics(Collection<DestinationSpec> destinations) {
    this.destinations = List.copyOf(destinations);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (DestinationSpec d : destinations) {
      String type = d.type().configName();
      for (DeliveryOutcome o : OUTCOMES) {
        deliveries.put(
            key(d.name(), o),
            Counter.builder(DELIVERIES)
                .description("Insights events per destination, by outcome")
                .tags("destination", d.name(), "type", type, "outcome", o.tag())
                .register(registry));
        latency.put(
            key(d.name(), o),
            Timer.builder(LATENCY)
                .description("Time from the first attempt of a delivery to its outcome")
                .tags("destination", d.name(), "type", type, "outcome", o.tag())
                .register(registry));
      }
      retries.put(
          d.name(),
          Counter.builder(RETRIES)
              .description("Delivery attempts made after a failed attempt")
              .tags("destination", d.name(), "type", type)
              .register(registry));
      parked.put(
          d.name(),
          Counter.builder(PARKED)
              .description("Insights events given up on and written to the dead-letter topic")
              .tags("destination", d.name(), "type", type)
              .register(registry));
    }
    unreadable =
        Counter.builder(UNREADABLE)
            .description("Records of the insights topic that are not Insights events")
            .register(registry);
    unrouted =
        Counter.builder(UNROUTED)
            .description("Insights events that no route chose")
            .register(registry);
  }

  void delivered(DestinationSpec d, DeliveryOutcome outcome, Duration took) {
    Counter c = deliveries.get(key(d.name(), outcome));
    if (c != null) {
      c.increment();
      latency.get(key(d.name(), outcome)).record(took);
    }
    if (outcome == DeliveryOutcome.PARKED) {
      Counter p = parked.get(d.name());
      if (p != null) {
        p.increment();
      }
    }
  }

  void retried(DestinationSpec d) {
    Counter c = retries.get(d.name());
    if (c != null) {
      c.increment();
    }
  }

  void unreadable() {
    Counter c = unreadable;
    if (c != null) {
      c.increment();
    }
  }

  void unrouted() {
    Counter c = unrouted;
    if (c != null) {
      c.increment();
    }
  }

  private static String key(String name, DeliveryOutcome o) {
    return name + '\u0000' + o.ordinal();
  }
}
