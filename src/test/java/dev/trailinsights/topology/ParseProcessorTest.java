package dev.trailinsights.topology;

import static dev.trailinsights.topology.TestTraffic.ALICE;
import static dev.trailinsights.topology.TestTraffic.API;
import static dev.trailinsights.topology.TestTraffic.BASE;
import static dev.trailinsights.topology.TestTraffic.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.event.BadReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parse node alone: what it forwards for each kind of message. */
class ParseProcessorTest {
  private final ParseCounters counters = new ParseCounters();
  private final MockProcessorContext<String, Parsed> context = new MockProcessorContext<>();
  private final ParseProcessor processor =
      new ParseProcessor(
          TestTraffic.config(),
          counters,
          TopologyOptions.defaults().withInputPartitions(4),
          LatencyRecorder.NONE);

  @BeforeEach
  void setUp() {
    context.setCurrentSystemTimeMs(TestTraffic.WALL_CLOCK.toEpochMilli());
    context.setRecordMetadata("cloudtrail-events", 3, 1234L);
    processor.init(context);
  }

  private static String read(String record) {
    return record.replace("\"readOnly\":false", "\"readOnly\":true");
  }

  @Test
  void shouldForwardEachSelectedRecordKeyedByItsApiAndStampedWithItsEventTime() {
    String write = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "a");
    String readOk = read(TestTraffic.record(BASE + 62_000L, API, ALICE, null, "b"));
    String readFailed = read(TestTraffic.record(BASE + 63_000L, API, ALICE, "AccessDenied", "c"));

    processor.process(
        new Record<>(utf8("k"), utf8(TestTraffic.file(List.of(write, readOk, readFailed))), 5L));

    List<CapturedForward<? extends String, ? extends Parsed>> out = dataForwarded();
    assertThat(out).hasSize(2);
    assertThat(out)
        .allSatisfy(
            f ->
                assertThat(f.record().key())
                    .isEqualTo("111122223333|eu-west-1|ec2.amazonaws.com|RunInstances"));
    assertThat(out)
        .extracting(f -> f.record().timestamp())
        .containsExactly(BASE + 61_000L, BASE + 63_000L);
    Routed.Event first = (Routed.Event) out.get(0).record().value();
    assertThat(first.event().countsForCallRate()).isTrue();
    Routed.Event second = (Routed.Event) out.get(1).record().value();
    assertThat(second.event().countsForCallRate()).isFalse();
    assertThat(second.event().countsForErrorRate()).isTrue();
    assertThat(counters.messages()).isEqualTo(1);
    assertThat(counters.records()).isEqualTo(3);
    assertThat(counters.notSelected()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheMessagesOwnHeadersOnItsDeadLetter() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", utf8("00-abc-01"));

    processor.process(new Record<>(utf8("key"), utf8("{\"Records\":["), 77L, headers));

    List<CapturedForward<? extends String, ? extends Parsed>> out = dataForwarded();
    assertThat(out).hasSize(1);
    Record<? extends String, ? extends Parsed> r = out.get(0).record();
    assertThat(r.key()).isNull();
    assertThat(r.timestamp()).isEqualTo(77L);
    Parsed.DeadLetter d = (Parsed.DeadLetter) r.value();
    assertThat(d.key()).isEqualTo(utf8("key"));
    assertThat(d.value()).isEqualTo(utf8("{\"Records\":["));
    assertThat(text(r.headers().lastHeader("traceparent").value())).isEqualTo("00-abc-01");
    assertThat(text(r.headers().lastHeader(DeadLetters.REASON).value()))
        .isEqualTo(BadReason.TRUNCATED.label());
    assertThat(text(r.headers().lastHeader(DeadLetters.DETAIL).value()))
        .startsWith("cloudtrail-events-3@1234");
    assertThat(text(r.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value()))
        .isEqualTo("cloudtrail-events");
    assertThat(text(r.headers().lastHeader(DeadLetters.SOURCE_PARTITION).value())).isEqualTo("3");
    assertThat(text(r.headers().lastHeader(DeadLetters.SOURCE_OFFSET).value())).isEqualTo("1234");
    assertThat(headers.toArray()).hasSize(1); // the input record's headers are not modified
  }

  @Test
  void shouldCountEveryBadRecordOfAMessageButSendTheMessageOnce() {
    String good = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "a");
    String noName = good.replace("\"eventName\":\"RunInstances\",", "");
    String badTime = good.replaceFirst("\"eventTime\":\"[^\"]*\"", "\"eventTime\":\"soon\"");

    processor.process(
        new Record<>(utf8("k"), utf8(TestTraffic.file(List.of(noName, good, badTime))), 1L));

    List<CapturedForward<? extends String, ? extends Parsed>> out = dataForwarded();
    assertThat(out)
        .extracting(f -> f.record().value().getClass().getSimpleName())
        .containsExactly("Event", "DeadLetter");
    assertThat(text(out.get(1).record().headers().lastHeader(DeadLetters.BAD_RECORDS).value()))
        .isEqualTo("2");
    assertThat(text(out.get(1).record().headers().lastHeader(DeadLetters.REASON).value()))
        .isEqualTo(BadReason.MISSING_FIELD.label());
    assertThat(counters.badRecords(BadReason.MISSING_FIELD)).isEqualTo(1);
    assertThat(counters.badRecords(BadReason.BAD_TIMESTAMP)).isEqualTo(1);
    assertThat(counters.deadLetters()).isEqualTo(1);
  }

  @Test
  void shouldAnnounceAnAccountAndRegionBeforeItsFirstEventAndAgainOnlyForAnEarlierMinute() {
    String a = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "a");
    String b = TestTraffic.record(BASE + 125_000L, API, ALICE, null, "b");
    String c = TestTraffic.record(BASE + 1_000L, API, ALICE, null, "c");

    processor.process(new Record<>(utf8("k"), utf8(TestTraffic.file(List.of(a, b, c))), 1L));

    List<Object> values = new java.util.ArrayList<>();
    context.forwarded().forEach(f -> values.add(f.record().value()));
    long minute = Math.floorDiv(BASE, 60_000L);
    assertThat(values.get(0))
        .isEqualTo(new Routed.ScopeStart("111122223333|eu-west-1", minute + 1));
    assertThat(values.get(1)).isInstanceOf(Routed.Event.class);
    assertThat(values.get(2)).isInstanceOf(Routed.Event.class);
    assertThat(values.get(3)).isEqualTo(new Routed.ScopeStart("111122223333|eu-west-1", minute));
    assertThat(values.get(4)).isInstanceOf(Routed.Event.class);
  }

  @Test
  void shouldReportTheNewestEventTimeOfItsPartitionAfterTheMessageToEveryDetector() {
    String a = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "a");
    String b = TestTraffic.record(BASE + 125_000L, API, ALICE, null, "b");

    processor.process(new Record<>(utf8("k"), utf8(TestTraffic.file(List.of(b, a))), 1L));

    List<? extends CapturedForward<? extends String, ? extends Parsed>> all = context.forwarded();
    Parsed last = all.get(all.size() - 1).record().value();
    assertThat(last).isEqualTo(new Routed.Progress(0, 4, BASE + 125_000L, false));
    assertThat(all.get(all.size() - 1).record().key()).isEmpty();
    assertThat(counters.inputProgress()).containsEntry(0, BASE + 125_000L);
  }

  @Test
  void shouldReportItsPartitionIdleAfterTheTimeoutAndActiveWithItsNextRecord() {
    String a = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "a");
    processor.process(new Record<>(utf8("k"), utf8(a), 1L));
    context.resetForwards();

    long now = TestTraffic.WALL_CLOCK.toEpochMilli();
    context.setCurrentSystemTimeMs(now + TopologyOptions.DEFAULT_IDLE_TIMEOUT.toMillis());
    // the first check after a long pause may follow a thread busy elsewhere: not idle yet
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
    assertThat(counters.idleInputPartitions()).isZero();
    for (int i = 1; i < ParseProcessor.QUIET_CHECKS; i++) {
      context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 100);
      context
          .scheduledPunctuators()
          .get(0)
          .getPunctuator()
          .punctuate(context.currentSystemTimeMs());
    }
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().value())
        .isEqualTo(new Routed.Progress(0, 4, BASE + 61_000L, true));
    assertThat(counters.idleInputPartitions()).isEqualTo(1);

    context.resetForwards();
    processor.process(new Record<>(utf8("k"), utf8(a.replace("\"a\"", "\"a2\"")), 1L));
    List<? extends CapturedForward<? extends String, ? extends Parsed>> after = context.forwarded();
    assertThat(after.get(after.size() - 1).record().value())
        .isEqualTo(new Routed.Progress(0, 4, BASE + 61_000L, false));
  }

  @Test
  void shouldReportProgressAMessageMovedSoonAfterwardsEvenWhenNoRecordFollows() {
    // the default lateness: a report at most every 3 minutes of event time or 200 ms of wall clock
    ParseProcessor processor =
        new ParseProcessor(
            dev.trailinsights.config.DetectorConfig.builder().build(),
            counters,
            TopologyOptions.defaults().withInputPartitions(4),
            LatencyRecorder.NONE);
    processor.init(context);
    String a = TestTraffic.record(BASE + 61_000L, API, ALICE, null, "a");
    String b = TestTraffic.record(BASE + 121_000L, API, ALICE, null, "b");
    processor.process(new Record<>(utf8("k"), utf8(a), 1L));
    // the next minute, within the wall-clock interval of the previous report: not reported yet
    processor.process(new Record<>(utf8("k"), utf8(b), 1L));
    assertThat(context.forwarded().get(context.forwarded().size() - 1).record().value())
        .isNotEqualTo(new Routed.Progress(0, 4, BASE + 121_000L, false));
    context.resetForwards();

    long now = TestTraffic.WALL_CLOCK.toEpochMilli() + ParseProcessor.PROGRESS_EVERY_MS;
    context.setCurrentSystemTimeMs(now);
    List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
    punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(now);

    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().value())
        .isEqualTo(new Routed.Progress(0, 4, BASE + 121_000L, false));
  }

  @Test
  void shouldRefuseARecordFromTheFutureAsABadTimestamp() {
    long future = TestTraffic.WALL_CLOCK.toEpochMilli() + java.time.Duration.ofHours(2).toMillis();
    String far = TestTraffic.record(future, API, ALICE, null, "far");

    processor.process(new Record<>(utf8("k"), utf8(far), 1L));

    assertThat(dataForwarded())
        .extracting(f -> f.record().value().getClass().getSimpleName())
        .containsExactly("DeadLetter");
    assertThat(counters.badRecords(BadReason.BAD_TIMESTAMP)).isEqualTo(1);
    assertThat(counters.inputProgress()).doesNotContainKey(0);
  }

  /** What the node forwarded apart from its progress reports and account announcements. */
  private List<CapturedForward<? extends String, ? extends Parsed>> dataForwarded() {
    List<CapturedForward<? extends String, ? extends Parsed>> out = new java.util.ArrayList<>();
    for (CapturedForward<? extends String, ? extends Parsed> f : context.forwarded()) {
      Parsed v = f.record().value();
      if (!(v instanceof Routed.Progress) && !(v instanceof Routed.ScopeStart)) {
        out.add(f);
      }
    }
    return out;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
