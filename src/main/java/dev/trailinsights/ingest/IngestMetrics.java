package dev.trailinsights.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What {@code ingest} does, as meters: queue messages by outcome, files by outcome, records and
 * bytes, errors by reason, what is in flight, and the delay from an object's creation to its
 * records being acknowledged. Counts until bound go to a private registry and are lost, so bind
 * before starting.
 */
public final class IngestMetrics implements MeterBinder {
  /** Outcomes of a queue message. */
  public static final List<String> MESSAGE_OUTCOMES =
      List.of("done", "ignored", "unknown", "retried");

  /** Outcomes of a trail file. */
  public static final List<String> FILE_OUTCOMES =
      List.of("ingested", "duplicate", "skipped-digest", "skipped-insight", "bad");

  /** Reason tag of an unknown message. */
  public static final String UNKNOWN_MESSAGE = "unknown-message";

  private final AtomicInteger messagesInFlight = new AtomicInteger();
  private final AtomicInteger filesInFlight = new AtomicInteger();
  private volatile BooleanSupplier ready = () -> false;
  private final Map<String, Counter> messages = new HashMap<>();
  private final Map<String, Counter> files = new HashMap<>();
  private final Map<BadObject.Reason, Counter> errors = new EnumMap<>(BadObject.Reason.class);
  private Counter unknownErrors;
  private Counter records;
  private Counter bytes;
  private Counter recordBytes;
  private Timer delay;

  public IngestMetrics() {
    bind(new SimpleMeterRegistry());
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    bind(registry);
  }

  private void bind(MeterRegistry registry) {
    for (String o : MESSAGE_OUTCOMES) {
      messages.put(
          o,
          Counter.builder("trail.insights.ingest.messages")
              .description(
                  "Queue messages finished, by outcome: done (deleted after every file was"
                      + " written), ignored (a test or deletion event, deleted), unknown (dead"
                      + " letter, deleted), retried (a file failed: left for the queue to deliver"
                      + " again)")
              .baseUnit("messages")
              .tag("outcome", o)
              .register(registry));
    }
    for (String o : FILE_OUTCOMES) {
      files.put(
          o,
          Counter.builder("trail.insights.ingest.files")
              .description(
                  "Trail files named by messages, by outcome: ingested, duplicate (in the ledger"
                      + " already), skipped-digest, skipped-insight, bad (dead letter)")
              .baseUnit("files")
              .tag("outcome", o)
              .register(registry));
    }
    for (BadObject.Reason r : BadObject.Reason.values()) {
      errors.put(r, errorCounter(registry, r.label()));
    }
    unknownErrors = errorCounter(registry, UNKNOWN_MESSAGE);
    records =
        Counter.builder("trail.insights.ingest.records")
            .description("Records written to the input topic and committed")
            .baseUnit("records")
            .register(registry);
    recordBytes =
        Counter.builder("trail.insights.ingest.record.bytes")
            .description("Bytes of the records written to the input topic and committed")
            .baseUnit("bytes")
            .register(registry);
    bytes =
        Counter.builder("trail.insights.ingest.object.bytes")
            .description("Bytes read from S3 (compressed), every file read included")
            .baseUnit("bytes")
            .register(registry);
    delay =
        Timer.builder("trail.insights.ingest.delay")
            .description(
                "From an object's creation (its S3 Last-Modified) to its records committed to"
                    + " the input topic")
            .serviceLevelObjectives(
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                Duration.ofMinutes(10),
                Duration.ofHours(1))
            .register(registry);
    Gauge.builder("trail.insights.ingest.messages.in.flight", messagesInFlight, AtomicInteger::get)
        .description("Queue messages received and not yet finished")
        .baseUnit("messages")
        .register(registry);
    Gauge.builder("trail.insights.ingest.files.in.flight", filesInFlight, AtomicInteger::get)
        .description("Trail files being read and written now")
        .baseUnit("files")
        .register(registry);
    Gauge.builder("trail.insights.ingest.ready", this, m -> m.ready.getAsBoolean() ? 1 : 0)
        .description("1 when the ledger is read and the queue answers, else 0")
        .register(registry);
  }

  private static Counter errorCounter(MeterRegistry registry, String reason) {
    return Counter.builder("trail.insights.ingest.errors")
        .description(
            "Trail files that could not be ingested, by reason, and unknown queue messages"
                + " (reason unknown-message)")
        .baseUnit("errors")
        .tag("reason", reason)
        .register(registry);
  }

  synchronized void message(String outcome) {
    messages.get(outcome).increment();
  }

  synchronized void file(String outcome) {
    files.get(outcome).increment();
  }

  synchronized void error(BadObject.Reason reason) {
    errors.get(reason).increment();
  }

  synchronized void unknownMessage() {
    unknownErrors.increment();
  }

  synchronized void committed(long n, long valueBytes, Duration sinceCreated) {
    records.increment(n);
    recordBytes.increment(valueBytes);
    if (sinceCreated != null && !sinceCreated.isNegative()) {
      delay.record(sinceCreated);
    }
  }

  synchronized void read(long n) {
    bytes.increment(n);
  }

  AtomicInteger messagesInFlight() {
    return messagesInFlight;
  }

  AtomicInteger filesInFlight() {
    return filesInFlight;
  }

  void readiness(BooleanSupplier ready) {
    this.ready = ready;
  }

  /** Records committed so far, for summaries and tests. */
  public synchronized long records() {
    return (long) records.count();
  }

  /** Files with {@code outcome} so far. */
  public synchronized long files(String outcome) {
    return (long) files.get(outcome).count();
  }

  /** Messages with {@code outcome} so far. */
  public synchronized long messages(String outcome) {
    return (long) messages.get(outcome).count();
  }

  /** Errors of {@code reason} so far. */
  public synchronized long errors(BadObject.Reason reason) {
    return (long) errors.get(reason).count();
  }
}
