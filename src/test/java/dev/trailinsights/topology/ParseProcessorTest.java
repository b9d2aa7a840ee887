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
  private final ParseProcessor processor = new ParseProcessor(TestTraffic.config(), counters);

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

    List<CapturedForward<? extends String, ? extends Parsed>> out = context.forwarded();
    assertThat(out).hasSize(2);
    assertThat(out)
        .allSatisfy(
            f ->
                assertThat(f.record().key())
                    .isEqualTo("111122223333|eu-west-1|ec2.amazonaws.com|RunInstances"));
    assertThat(out)
        .extracting(f -> f.record().timestamp())
        .containsExactly(BASE + 61_000L, BASE + 63_000L);
    Parsed.Event first = (Parsed.Event) out.get(0).record().value();
    assertThat(first.event().countsForCallRate()).isTrue();
    Parsed.Event second = (Parsed.Event) out.get(1).record().value();
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

    List<CapturedForward<? extends String, ? extends Parsed>> out = context.forwarded();
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

    List<CapturedForward<? extends String, ? extends Parsed>> out = context.forwarded();
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

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
