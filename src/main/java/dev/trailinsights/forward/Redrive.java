package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code forward --redrive}: delivers again what the forwarder parked. Reads the dead-letter topic
 * as its own consumer group from where the last redrive stopped up to the end it has when the
 * redrive starts, and sends each parked event to the one destination named in its header, with the
 * delivery policy. Delivered: recorded in the delivery log. Failed again: parked again (a new
 * record, for the next redrive). Unreadable records and destinations no longer configured are
 * skipped and counted. Each record's offset is committed once it is settled, so a redrive that is
 * stopped resumes where it was.
 */
public final class Redrive implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Redrive.class);

  /**
   * What a redrive did.
   *
   * @param read parked records read
   * @param delivered delivered now
   * @param parkedAgain failed again and parked again
   * @param skipped unreadable records, or for a destination no longer configured
   */
  public record Summary(int read, int delivered, int parkedAgain, int skipped) {
    /** One line for the terminal. */
    public String describe() {
      return "redrive: "
          + read
          + " parked events read, "
          + delivered
          + " delivered, "
          + parkedAgain
          + " parked again, "
          + skipped
          + " skipped (unreadable or destination not configured)";
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Map<String, Destination> destinations;
  private final HttpDelivery delivery;
  private final DeliveryLog log;
  private final DeadLetterSink deadLetters;
  private final ForwardMetrics metrics;

  /**
   * A redrive of {@code topic} as consumer group {@code group}.
   *
   * @param clientConfig Kafka client properties, {@code bootstrap.servers} included
   */
  public Redrive(
      Map<String, Object> clientConfig,
      String topic,
      String group,
      Map<String, Destination> destinations,
      HttpDelivery delivery,
      DeliveryLog log,
      DeadLetterSink deadLetters,
      ForwardMetrics metrics) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
    c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(3).toMillis());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(c);
    this.topic = topic;
    this.destinations = Map.copyOf(destinations);
    this.delivery = delivery;
    this.log = log;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  /**
   * Redrives every record parked before now.
   *
   * @throws InterruptedException when stopped; what was settled is committed
   * @throws IllegalStateException when the delivery log or dead-letter topic cannot be written
   */
  public Summary run() throws InterruptedException {
    List<TopicPartition> parts = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    consumer.assign(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new java.util.HashSet<>(parts), Duration.ofSeconds(30));
    for (TopicPartition tp : parts) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, c.offset());
      }
    }
    int read = 0;
    int delivered = 0;
    int parkedAgain = 0;
    int skipped = 0;
    while (!done(parts, end)) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() >= end.get(tp)) {
          continue;
        }
        read++;
        switch (redrive(r)) {
          case DELIVERED -> delivered++;
          case PARKED -> parkedAgain++;
          default -> skipped++;
        }
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
      }
    }
    return new Summary(read, delivered, parkedAgain, skipped);
  }

  private boolean done(List<TopicPartition> parts, Map<TopicPartition, Long> end) {
    for (TopicPartition tp : parts) {
      if (consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  /** One parked record: {@link DeliveryOutcome#DUPLICATE} stands for skipped. */
  private DeliveryOutcome redrive(ConsumerRecord<byte[], byte[]> r) throws InterruptedException {
    String name = header(r, DeadLetterSink.DESTINATION);
    Destination d = name == null ? null : destinations.get(name);
    if (d == null) {
      LOG.warn(
          "{}-{}@{}: {}, skipped",
          r.topic(),
          r.partition(),
          r.offset(),
          name == null ? "unreadable record" : "destination " + name + " is not configured");
      return DeliveryOutcome.DUPLICATE;
    }
    InsightEvent event;
    try {
      event = InsightJson.parse(r.value());
    } catch (IllegalArgumentException ex) {
      LOG.warn("{}-{}@{}: {}, skipped", r.topic(), r.partition(), r.offset(), ex.getMessage());
      return DeliveryOutcome.DUPLICATE;
    }
    SourceRecord source =
        new SourceRecord(
            header(r, DeadLetterSink.SOURCE_TOPIC, r.topic()),
            Integer.parseInt(header(r, DeadLetterSink.SOURCE_PARTITION, "0")),
            Long.parseLong(header(r, DeadLetterSink.SOURCE_OFFSET, "0")),
            r.key(),
            r.value());
    long start = System.nanoTime();
    DeliveryResult result = delivery.deliver(d, event, r.value());
    if (result.outcome() == DeliveryOutcome.PARKED) {
      LOG.warn("event {} parked again for {}: {}", event.eventId(), name, result.reason());
      deadLetters.park(source, name, result.reason(), result.attempts());
    }
    log.record(event.eventId(), name, result.outcome());
    metrics.delivered(d.spec(), result.outcome(), Duration.ofNanos(System.nanoTime() - start));
    return result.outcome();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name, String otherwise) {
    String v = header(r, name);
    return v == null ? otherwise : v;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(10));
  }
}
