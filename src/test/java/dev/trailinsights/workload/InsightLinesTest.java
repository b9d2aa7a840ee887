package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsightLinesTest {
  private static final long T = Instant.parse("2026-03-02T14:07:00Z").toEpochMilli();
  private static final long DECIDED = Instant.parse("2026-03-02T14:07:12.500Z").toEpochMilli();

  private static InsightEvent event(
      InsightState state, InsightType type, String code, List<Attribution> attributions) {
    return new InsightEvent(
        T,
        "eu-west-1",
        "0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40",
        "111122223333",
        "7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7",
        state,
        "iam.amazonaws.com",
        "CreateAccessKey",
        type,
        code,
        0.0123,
        42.0,
        1,
        10080,
        attributions,
        new DecisionDetails(
            1e-12, 0.0123, 5, "poisson", "none", "111122223333", "eu-west-1", DECIDED));
  }

  private static final List<Attribution> CALLERS =
      List.of(
          new Attribution(
              Attribution.USER_IDENTITY_ARN,
              List.of(new ValueAverage("arn:aws:iam::111122223333:user/ci-bot", 41.0)),
              List.of(new ValueAverage("arn:aws:iam::111122223333:user/alice", 0.0123))));

  private static String line(InsightEvent e) {
    return new String(InsightJson.toBytes(e), StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadInsightsAsTheInsightsWriterWritesThem(@TempDir Path dir) throws IOException {
    InsightEvent start = event(InsightState.START, InsightType.API_CALL_RATE, null, CALLERS);
    Path f = dir.resolve("insights.jsonl");
    Files.write(f, List.of(line(start)));
    InsightEvent back = InsightLines.read(f).get(0);
    assertThat(back.state()).isEqualTo(InsightState.START);
    assertThat(back.eventTimeMillis()).isEqualTo(T);
    assertThat(back.eventName()).isEqualTo("CreateAccessKey");
    assertThat(back.insightAverage()).isEqualTo(42.0);
    assertThat(back.details().decidedAtMillis()).isEqualTo(DECIDED);
    assertThat(back.attributions().get(0).insight().get(0).value())
        .isEqualTo("arn:aws:iam::111122223333:user/ci-bot");
  }

  @Test
  void shouldTakeTheErrorCodeFromInsightDetailsOrElseTheTopAttribution() {
    InsightEvent withCode =
        event(InsightState.START, InsightType.API_ERROR_RATE, "AccessDenied", CALLERS);
    assertThat(InsightLines.parse(line(withCode)).errorCode()).isEqualTo("AccessDenied");
    InsightEvent onlyAttribution =
        event(
            InsightState.START,
            InsightType.API_ERROR_RATE,
            null,
            List.of(
                new Attribution(
                    Attribution.ERROR_CODE,
                    List.of(new ValueAverage("ThrottlingException", 40)),
                    List.of())));
    assertThat(InsightLines.parse(line(onlyAttribution)).errorCode())
        .isEqualTo("ThrottlingException");
    InsightEvent callRate = event(InsightState.START, InsightType.API_CALL_RATE, null, CALLERS);
    assertThat(InsightLines.parse(line(callRate)).errorCode()).isNull();
  }

  @Test
  void shouldUnwrapEventBridgeEnvelopes() {
    InsightEvent start = event(InsightState.START, InsightType.API_CALL_RATE, null, CALLERS);
    String wrapped = new String(InsightJson.toEventBridgeBytes(start), StandardCharsets.UTF_8);
    assertThat(InsightLines.parse(wrapped).eventName()).isEqualTo("CreateAccessKey");
  }

  @Test
  void shouldNameFileAndLineOfABadRecord(@TempDir Path dir) throws IOException {
    String good = line(event(InsightState.START, InsightType.API_CALL_RATE, null, CALLERS));
    Path f = dir.resolve("insights.jsonl");
    Files.write(f, List.of(good, "", "{\"eventTime\":\"2026-03-02T14:07:00Z\"}"));
    assertThatThrownBy(() -> InsightLines.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("insights.jsonl:3: ")
        .hasMessageContaining("insightDetails");
    Files.write(f, List.of("{not json"));
    assertThatThrownBy(() -> InsightLines.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("insights.jsonl:1: not valid JSON");
  }

  @Test
  void shouldSkipBlankLines(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("insights.jsonl");
    Files.write(
        f,
        List.of(
            "",
            line(event(InsightState.START, InsightType.API_CALL_RATE, null, CALLERS)),
            "  ",
            line(event(InsightState.END, InsightType.API_CALL_RATE, null, CALLERS))));
    assertThat(InsightLines.read(f))
        .extracting(InsightEvent::state)
        .containsExactly(InsightState.START, InsightState.END);
  }
}
