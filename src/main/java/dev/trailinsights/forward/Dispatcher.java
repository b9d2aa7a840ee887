package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record of the insights topic: parses it, routes it, and for each chosen destination
 * not yet in the {@link DeliveryLog} delivers it and records the outcome, parking it in the {@link
 * DeadLetterSink} first when delivery fails. Returns only when every destination is settled, so the
 * caller may then commit the record's offset. Free of Kafka: the driver passes plain values.
 *
 * <p>In dry-run mode it prints each request body instead, touching neither the log nor the
 * dead-letter sink.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** Delivery-log destination of unreadable records; no configured name can clash with it. */
  static final String UNREADABLE = "(unreadable)";

  private final Router router;
  private final Map<String, Destination> destinations;
  private final HttpDelivery delivery;
  private final DeliveryLog log;
  private final DeadLetterSink deadLetters;
  private final ForwardMetrics metrics;
  private final Clock clock;
  private final Consumer<String> dryRun;

  /**
   * A dispatcher.
   *
   * @param dryRun receives one line per request (destination, type, eventID, body) instead of
   *     sending it; null to send
   */
  public Dispatcher(
      Router router,
      Map<String, Destination> destinations,
      HttpDelivery delivery,
      DeliveryLog log,
      DeadLetterSink deadLetters,
      ForwardMetrics metrics,
      Clock clock,
      Consumer<String> dryRun) {
    this.router = router;
    this.destinations = Map.copyOf(destinations);
    this.delivery = delivery;
    this.log = log;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.clock = clock;
    this.dryRun = dryRun;
  }

  /**
   * A dispatcher that prints what it would send to {@code printer}, one line per request
   * (destination, type, eventID, body), and neither sends nor records anything.
   */
  public static Dispatcher dryRun(
      Router router,
      Map<String, Destination> destinations,
      ForwardMetrics metrics,
      Clock clock,
      Consumer<String> printer) {
    return new Dispatcher(router, destinations, null, null, null, metrics, clock, printer);
  }

  /**
   * Settles {@code record} at every destination its routes choose.
   *
   * @throws InterruptedException when stopping; the record is then not settled
   */
  public void dispatch(SourceRecord record) throws InterruptedException {
    InsightEvent event;
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException("empty record");
      }
      event = InsightJson.parse(record.value());
      if (event.eventId() == null || event.eventId().isEmpty()) {
        throw new IllegalArgumentException("not an Insights record: eventID missing");
      }
    } catch (IllegalArgumentException ex) {
      metrics.unreadable();
      LOG.warn(
          "{}-{}@{}: {}", record.topic(), record.partition(), record.offset(), ex.getMessage());
      if (dryRun == null) {
        // keyed by position: a replay of the topic does not park the same record twice
        String position = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (!log.done(position, UNREADABLE)) {
          deadLetters.park(record, null, ex.getMessage(), 0);
          log.record(position, UNREADABLE, Outcome.PARKED);
        }
      }
      return;
    }
    List<String> chosen = router.destinationsFor(event);
    if (chosen.isEmpty()) {
      metrics.unrouted();
      return;
    }
    for (String name : chosen) {
      Destination d = destinations.get(name);
      if (dryRun != null) {
        OutboundRequest out = d.format().format(event, record.value(), clock.instant());
        dryRun.accept(
            name
                + " ("
                + d.spec().type().configName()
                + ") "
                + event.eventId()
                + ": "
                + new String(out.body(), StandardCharsets.UTF_8));
        metrics.delivered(d.spec(), Outcome.DRY_RUN, java.time.Duration.ZERO);
        continue;
      }
      if (log.done(event.eventId(), name)) {
        metrics.delivered(d.spec(), Outcome.DUPLICATE, java.time.Duration.ZERO);
        continue;
      }
      long start = System.nanoTime();
      DeliveryResult r = delivery.deliver(d, event, record.value());
      if (r.outcome() == Outcome.PARKED) {
        LOG.warn("event {} parked for destination {}: {}", event.eventId(), name, r.reason());
        deadLetters.park(record, name, r.reason(), r.attempts());
      }
      log.record(event.eventId(), name, r.outcome());
      metrics.delivered(
          d.spec(), r.outcome(), java.time.Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
