package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the records of the insights topic: parses each, routes it, and hands it to a queue per
 * chosen destination. Each destination has its own bounded queue and thread, which for each event
 * not yet in the {@link DeliveryLog} delivers it and records the outcome, parking it in the {@link
 * DeadLetterSink} first when delivery fails; so a destination that is down and retrying delays
 * neither the others nor the reading of the topic, until its queue is full. {@link #submit} returns
 * a future that completes when every destination is settled, after which the caller may commit the
 * record's offset. Free of Kafka: the driver passes plain values.
 *
 * <p>In dry-run mode it prints each request body instead, on the caller's thread, touching neither
 * the log nor the dead-letter sink.
 */
public final class Dispatcher implements AutoCloseable {
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
  private final Map<String, Lane> lanes = new LinkedHashMap<>();

  /**
   * A dispatcher.
   *
   * @param dryRun receives one line per request (destination, type, eventID, body) instead of
   *     sending it; null to send
   * @param queueCapacity events waiting per destination
   */
  public Dispatcher(
      Router router,
      Map<String, Destination> destinations,
      HttpDelivery delivery,
      DeliveryLog log,
      DeadLetterSink deadLetters,
      ForwardMetrics metrics,
      Clock clock,
      Consumer<String> dryRun,
      int queueCapacity) {
    this.router = router;
    this.destinations = Map.copyOf(destinations);
    this.delivery = delivery;
    this.log = log;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.clock = clock;
    this.dryRun = dryRun;
    if (dryRun == null) {
      for (String name : destinations.keySet()) {
        lanes.put(name, new Lane(name, queueCapacity));
      }
    }
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
    return new Dispatcher(
        router,
        destinations,
        null,
        null,
        null,
        metrics,
        clock,
        printer,
        DeliveryPolicy.DEFAULT_QUEUE_CAPACITY);
  }

  /**
   * Queues {@code record} for every destination its routes choose, unless one of their queues is
   * full; all or nothing, from one thread only.
   *
   * @return a future completed when every destination has it delivered, parked or already done
   *     (failed when the log or dead-letter sink could not be written), or null when a queue is
   *     full: submit it again later
   */
  public CompletableFuture<Void> submit(SourceRecord record) throws InterruptedException {
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
        try {
          if (!log.done(position, UNREADABLE)) {
            deadLetters.park(record, null, ex.getMessage(), 0);
            log.record(position, UNREADABLE, DeliveryOutcome.PARKED);
          }
        } catch (RuntimeException failed) {
          return CompletableFuture.failedFuture(failed);
        }
      }
      return CompletableFuture.completedFuture(null);
    }
    List<String> chosen = router.destinationsFor(event);
    if (chosen.isEmpty()) {
      metrics.unrouted();
      return CompletableFuture.completedFuture(null);
    }
    if (dryRun != null) {
      for (String name : chosen) {
        Destination d = destinations.get(name);
        OutboundRequest out = d.format().format(event, record.value(), clock.instant());
        dryRun.accept(
            name
                + " ("
                + d.spec().type().configName()
                + ") "
                + event.eventId()
                + ": "
                + new String(out.body(), StandardCharsets.UTF_8));
        metrics.delivered(d.spec(), DeliveryOutcome.DRY_RUN, java.time.Duration.ZERO);
      }
      return CompletableFuture.completedFuture(null);
    }
    for (String name : chosen) {
      if (lanes.get(name).queue.remainingCapacity() == 0) {
        return null;
      }
    }
    List<CompletableFuture<Void>> parts = new ArrayList<>(chosen.size());
    for (String name : chosen) {
      Job job = new Job(record, event, destinations.get(name), new CompletableFuture<>());
      lanes.get(name).queue.put(job);
      parts.add(job.done());
    }
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]));
  }

  /** Events waiting or in delivery for {@code destination}. */
  public int queued(String destination) {
    Lane lane = lanes.get(destination);
    return lane == null ? 0 : lane.queue.size() + (lane.busy ? 1 : 0);
  }

  /** Delivers, parks and logs one event at one destination; on the destination's thread. */
  private void settle(Job job) throws InterruptedException {
    Destination d = job.destination();
    String name = d.name();
    String eventId = job.event().eventId();
    if (log.done(eventId, name)) {
      metrics.delivered(d.spec(), DeliveryOutcome.DUPLICATE, java.time.Duration.ZERO);
      return;
    }
    long start = System.nanoTime();
    DeliveryResult r = delivery.deliver(d, job.event(), job.record().value());
    if (r.outcome() == DeliveryOutcome.PARKED) {
      LOG.warn("event {} parked for destination {}: {}", eventId, name, r.reason());
      deadLetters.park(job.record(), name, r.reason(), r.attempts());
    }
    log.record(eventId, name, r.outcome());
    metrics.delivered(d.spec(), r.outcome(), java.time.Duration.ofNanos(System.nanoTime() - start));
  }

  /** Stops the destination threads; events in their queues stay unsettled. */
  @Override
  public void close() {
    for (Lane lane : lanes.values()) {
      lane.thread.interrupt();
    }
    for (Lane lane : lanes.values()) {
      try {
        lane.thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private record Job(
      SourceRecord record,
      InsightEvent event,
      Destination destination,
      CompletableFuture<Void> done) {}

  /** One destination's queue and the thread that empties it in order. */
  private final class Lane {
    final BlockingQueue<Job> queue;
    final Thread thread;
    volatile boolean busy;

    Lane(String name, int capacity) {
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.thread = new Thread(this::run, "forward-" + name);
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void run() {
      try {
        while (true) {
          Job job = queue.take();
          busy = true;
          try {
            settle(job);
            job.done().complete(null);
          } catch (RuntimeException e) {
            job.done().completeExceptionally(e);
          } finally {
            busy = false;
          }
        }
      } catch (InterruptedException stop) {
        // closing: what is queued stays unsettled and is read again after a restart
      }
    }
  }
}
