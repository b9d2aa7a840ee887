package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.CompactEvent;
import dev.trailinsights.detect.EventSelector;
import dev.trailinsights.detect.InputProgress;
import dev.trailinsights.event.BadReason;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventCategory;
import dev.trailinsights.event.EventTimeBounds;
import dev.trailinsights.event.RecordSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses one input message (a record, a trail file or an EventBridge event) with the streaming
 * parser, selects and compacts each record, and rekeys it by API key with its event time as the
 * timestamp. A message with unreadable records goes to the dead-letter branch whole, with reason
 * headers; its readable records still go on. A record outside {@link EventTimeBounds} is unreadable
 * too ({@code bad-timestamp}). Each selected record carries the wall-clock time its message was
 * read in the header {@value LatencyRecorder#ARRIVAL_HEADER}, for the detection delay.
 *
 * <p>It also reports, to every partition of the repartition topic, how far its input partition has
 * been read in event time ({@link InputProgress}, so a few records far ahead of the rest do not
 * count) ({@link Routed.Progress}: after a message that moved it to a new minute, at most every
 * {@value #PROGRESS_EVERY_MS} ms of wall clock or {@link #progressStepMinutes} minutes of event
 * time, and once when the partition has been idle for the idleness timeout) and the first minute it
 * has seen of each account and region ({@link Routed.ScopeStart}), before the events that follow.
 * Reports follow the events they cover on every partition (one producer, in order), so a detector
 * task knows, from the slowest input partition, which minutes are complete.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, Parsed>, RecordSink {
  /** Wall-clock interval between progress reports of a partition whose minute keeps moving. */
  static final long PROGRESS_EVERY_MS = 200;

  /** Idleness checks in a row without a record before a partition can be idle. */
  static final int QUIET_CHECKS = 3;

  /** Accounts and regions remembered per task; past this, every event announces its own. */
  static final int MAX_SCOPES = 100_000;

  private final DetectorConfig config;
  private final ParseCounters counters;
  private final LatencyRecorder latency;
  private final TopologyOptions topology;
  private final long progressStepMinutes;
  private ProcessorContext<String, Parsed> context;
  private CloudTrailParser parser;
  private EventSelector selector;

  // event-time progress of this task's input partition
  private int partition;
  private int partitions;
  private final InputProgress read = new InputProgress();
  private long reportedMinute = Long.MIN_VALUE;
  private long reportedAtWall = Long.MIN_VALUE;
  private long lastRecordWall;
  private boolean idle;
  private int quietChecks;
  private final Map<String, Map<String, long[]>> scopes = new HashMap<>();
  private int scopeCount;

  // per message
  private long arrivalMillis;
  private RecordHeaders arrivalHeaders;
  private String source;
  private int bad;
  private BadRecord firstBad;

  ParseProcessor(
      DetectorConfig config,
      ParseCounters counters,
      TopologyOptions topology,
      LatencyRecorder latency) {
    this.config = config;
    this.counters = counters;
    this.latency = latency;
    this.topology = topology;
    // a quarter of the lateness horizon: fine enough that a partition ahead of the others waits
    // little, coarse enough that a backlog does not send a report per minute of event time
    this.progressStepMinutes = Math.max(1, config.lateness().toMinutes() / 4);
  }

  @Override
  public void init(ProcessorContext<String, Parsed> context) {
    this.context = context;
    this.parser = new CloudTrailParser(config.maxRecordBytes());
    this.selector = new EventSelector(config);
    this.partition = context.taskId().partition();
    this.partitions = Math.max(topology.inputPartitions(), partition + 1);
    this.read.reset();
    this.reportedMinute = Long.MIN_VALUE;
    this.reportedAtWall = Long.MIN_VALUE;
    this.lastRecordWall = context.currentSystemTimeMs();
    this.idle = false;
    this.quietChecks = 0;
    this.scopes.clear();
    this.scopeCount = 0;
    long every = Math.max(50, Math.min(500, topology.idleTimeout().toMillis() / 4));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::checkIdle);
  }

  /**
   * Reports progress that a message moved within the wall-clock interval of the previous report (so
   * the newest progress is never held back for long when no record follows), and an input partition
   * without records for the idleness timeout as idle: it stops holding progress back.
   */
  private void checkIdle(long now) {
    quietChecks++;
    // quiet for the timeout across several checks, with the thread's processing loop run between
    // them: a thread that was busy elsewhere (a long release of deferred events, a stall) does not
    // make a partition whose records wait in its buffer pass for idle
    if (!idle
        && quietChecks >= QUIET_CHECKS
        && now - lastRecordWall >= topology.idleTimeout().toMillis()) {
      idle = true;
      report(now);
    } else if (read.millis() != Long.MIN_VALUE
        && Math.floorDiv(read.millis(), 60_000L) > reportedMinute
        && now - reportedAtWall >= PROGRESS_EVERY_MS) {
      report(now);
    }
  }

  private void report(long now) {
    long progress = read.millis();
    long ts = progress == Long.MIN_VALUE ? now : progress;
    // with the wall-clock time it was sent: a minute judged when it arrives counts its detection
    // delay from there
    RecordHeaders sent =
        new RecordHeaders(
            new Header[] {new RecordHeader(LatencyRecorder.ARRIVAL_HEADER, longBytes(now))});
    context.forward(
        new Record<>(
            "", new Routed.Progress(partition, partitions, progress, idle), Math.max(0, ts), sent));
    reportedMinute = progress == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(progress, 60_000L);
    reportedAtWall = now;
    counters.progress(partition, progress, idle);
  }

  /** After a message: reports progress when it reached a new minute (see the class comment). */
  private void maybeReport(long now) {
    long progress = read.millis();
    if (progress == Long.MIN_VALUE) {
      return;
    }
    long minute = Math.floorDiv(progress, 60_000L);
    if (wasIdle
        || reportedMinute == Long.MIN_VALUE
        || (minute > reportedMinute
            && (minute - reportedMinute >= progressStepMinutes
                || now - reportedAtWall >= PROGRESS_EVERY_MS))) {
      wasIdle = false;
      report(now);
    }
  }

  private boolean wasIdle;

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
    lastRecordWall = arrivalMillis;
    quietChecks = 0;
    if (idle) {
      idle = false;
      wasIdle = true; // say so with the next report, even within the same minute
    }
    byte[] value = message.value();
    source = source();
    if (value == null || value.length == 0) {
      deadLetter(message, ParseCounters.EMPTY_MESSAGE, "message has no value", 1);
      maybeReport(arrivalMillis);
      return;
    }
    try {
      parser.parse(value, 0, value.length, source, this);
    } catch (RuntimeException e) {
      // the parser reports bad input itself; anything else is a defect, never a dead thread
      deadLetter(message, DeadLetters.PROCESSING_ERROR, e.getClass().getSimpleName(), 1);
      maybeReport(arrivalMillis);
      return;
    }
    if (bad > 0) {
      deadLetter(message, firstBad.reason().label(), firstBad.describe(), bad);
    }
    maybeReport(arrivalMillis);
  }

  @Override
  public void record(CloudTrailRecord r) {
    long time = r.eventTimeMillis();
    String outOfBounds = EventTimeBounds.check(time, arrivalMillis);
    if (outOfBounds != null) {
      bad(new BadRecord(source, -1, -1, BadReason.BAD_TIMESTAMP, outOfBounds));
      return;
    }
    read.add(time, arrivalMillis);
    counters.records.increment();
    CompactEvent e = selector.select(r);
    if (e == null) {
      counters.notSelected.increment();
      counters.countSkipped(r.category());
      return;
    }
    counters.countSelected(r.category());
    latency.eventLag(arrivalMillis - e.eventTimeMillis());
    announceScope(r.accountId(), r.awsRegion(), Math.floorDiv(time, 60_000L));
    String key = EventSelector.keyOf(r).encoded();
    context.forward(new Record<>(key, new Routed.Event(e), e.eventTimeMillis(), arrivalHeaders));
  }

  /** Sends the account and region's first minute seen here when it is new or earlier. */
  private void announceScope(String account, String region, long minute) {
    Map<String, long[]> regions = scopes.get(account);
    long[] first = regions == null ? null : regions.get(region);
    if (first != null && first[0] <= minute) {
      return;
    }
    if (first != null) {
      first[0] = minute;
    } else if (scopeCount < MAX_SCOPES) {
      scopes.computeIfAbsent(account, a -> new HashMap<>()).put(region, new long[] {minute});
      scopeCount++;
    }
    String scope = account + "|" + region;
    context.forward(new Record<>(scope, new Routed.ScopeStart(scope, minute), minute * 60_000L));
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

  @Override
  public void close() {
    counters.forgetProgress(partition);
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
