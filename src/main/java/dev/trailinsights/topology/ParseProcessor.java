package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.detect.EventSelector;
import dev.trailinsights.event.BadReason;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventCategory;
import dev.trailinsights.event.RecordSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses one input message (a record, a trail file or an EventBridge event) with the streaming
 * parser, selects and compacts each record, and rekeys it by API key with its event time as the
 * timestamp. A message with unreadable records goes to the dead-letter branch whole, with reason
 * headers; its readable records still go on. A record whose event time Kafka cannot carry as a
 * timestamp (before 1970, or further ahead of the clock than brokers accept) is unreadable too
 * ({@code bad-timestamp}). Each selected record carries the wall-clock time its message was read in
 * the header {@value LatencyRecorder#ARRIVAL_HEADER}, for the detection delay.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Parsed>, RecordSink {
  /**
   * How far ahead of this instance's clock an event time may be. Selected records cross the
   * repartition topic stamped with their event time, and brokers refuse timestamps more than an
   * hour ahead of their clock ({@code message.timestamp.after.max.ms}); a refused write fails the
   * transaction, and every retry of the task would fail again on the same record. Five minutes are
   * left for clock skew between the instance and the brokers.
   */
  static final long MAX_AHEAD_MS = Duration.ofMinutes(55).toMillis();

  private final DetectorConfig config;
  private final ParseCounters counters;
  private final LatencyRecorder latency;
  private ProcessorContext<String, Parsed> context;
  private CloudTrailParser parser;
  private EventSelector selector;

  // per message
  private long arrivalMillis;
  private RecordHeaders arrivalHeaders;
  private String source;
  private int bad;
  private BadRecord firstBad;

  ParseProcessor(DetectorConfig config, ParseCounters counters) {
    this(config, counters, LatencyRecorder.NONE);
  }

  ParseProcessor(DetectorConfig config, ParseCounters counters, LatencyRecorder latency) {
    this.config = config;
    this.counters = counters;
    this.latency = latency;
  }

  @Override
  public void init(ProcessorContext<String, Parsed> context) {
    this.context = context;
    this.parser = new CloudTrailParser(config.maxRecordBytes());
    this.selector = new EventSelector(config);
  }

  @Override
  public void process(Record<byte[], byte[]> message) {
    bad = 0;
    firstBad = null;
    counters.messages.increment();
    arrivalMillis = context.currentSystemTimeMs();
    arrivalHeaders =
        new RecordHeaders(
            new Header[] {
              new RecordHeader(LatencyRecorder.ARRIVAL_HEADER, longBytes(arrivalMillis))
            });
    byte[] value = message.value();
    source = source();
    if (value == null || value.length == 0) {
      deadLetter(message, ParseCounters.EMPTY_MESSAGE, "message has no value", 1);
      return;
    }
    try {
      parser.parse(value, 0, value.length, source, this);
    } catch (RuntimeException e) {
      // the parser reports bad input itself; anything else is a defect, never a dead thread
      deadLetter(message, DeadLetters.PROCESSING_ERROR, e.getClass().getSimpleName(), 1);
      return;
    }
    if (bad > 0) {
      deadLetter(message, firstBad.reason().label(), firstBad.describe(), bad);
    }
  }

  @Override
  public void record(CloudTrailRecord r) {
    long time = r.eventTimeMillis();
    if (time < 0 || time > context.currentSystemTimeMs() + MAX_AHEAD_MS) {
      // a record timestamp Kafka refuses (negative, or beyond the brokers' limit)
      bad(
          new BadRecord(
              source,
              -1,
              -1,
              BadReason.BAD_TIMESTAMP,
              time < 0
                  ? "eventTime is before 1970"
                  : "eventTime is more than 55 minutes ahead of the clock"));
      return;
    }
    counters.records.increment();
    CompactEvent e = selector.select(r);
    if (e == null) {
      counters.notSelected.increment();
      counters.countSkipped(r.category());
      return;
    }
    counters.countSelected(r.category());
    latency.eventLag(arrivalMillis - e.eventTimeMillis());
    String key = EventSelector.keyOf(r).encoded();
    context.forward(new Record<>(key, new Parsed.Event(e), e.eventTimeMillis(), arrivalHeaders));
  }

  @Override
  public void bad(BadRecord b) {
    counters.bad(b.reason());
    if (bad++ == 0) {
      firstBad = b;
    }
  }

  @Override
  public void insightSkipped() {
    counters.insightRecords.increment();
    counters.countSkipped(EventCategory.INSIGHT);
  }

  private void deadLetter(Record<byte[], byte[]> message, String reason, String detail, int n) {
    counters.deadLetter(reason);
    RecordHeaders h = new RecordHeaders(message.headers().toArray());
    h.add(DeadLetters.REASON, utf8(reason));
    h.add(DeadLetters.DETAIL, utf8(detail));
    h.add(DeadLetters.BAD_RECORDS, utf8(Integer.toString(n)));
    context
        .recordMetadata()
        .ifPresent(
            m -> {
              h.add(DeadLetters.SOURCE_TOPIC, utf8(m.topic()));
              h.add(DeadLetters.SOURCE_PARTITION, utf8(Integer.toString(m.partition())));
              h.add(DeadLetters.SOURCE_OFFSET, utf8(Long.toString(m.offset())));
            });
    context.forward(
        new Record<>(
            (String) null,
            new Parsed.DeadLetter(message.key(), message.value()),
            message.timestamp(),
            h));
  }

  private String source() {
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null ? "message" : m.topic() + "-" + m.partition() + "@" + m.offset();
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
