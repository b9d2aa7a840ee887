package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsightLinesTest {
  private static final String START =
      """
      {"eventVersion":"1.08","eventTime":"2026-03-02T14:07:00Z","awsRegion":"eu-west-1",\
      "eventID":"0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40","eventType":"AwsCloudTrailInsight",\
      "recipientAccountId":"111122223333","sharedEventID":"7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7",\
      "insightDetails":{"state":"Start","eventSource":"iam.amazonaws.com",\
      "eventName":"CreateAccessKey","insightType":"ApiCallRateInsight",\
      "insightContext":{"statistics":{"baseline":{"average":0.0123},"insight":{"average":42.0},\
      "insightDuration":1,"baselineDuration":10080},"attributions":[\
      {"attribute":"userIdentityArn","insight":[{"value":"arn:aws:iam::111122223333:user/ci-bot",\
      "average":41.0}],"baseline":[{"value":"arn:aws:iam::111122223333:user/alice",\
      "average":0.0123}]}]},\
      "trailInsights":{"pValue":1e-12,"decidedAt":"2026-03-02T14:07:12.500Z"}},\
      "eventCategory":"Insight"}""";

  @Test
  void shouldReadTheFieldsEvaluationNeeds() {
    InsightEvent e = InsightLines.parse(START);
    assertThat(e.state()).isEqualTo(InsightState.START);
    assertThat(e.insightType()).isEqualTo(InsightType.API_CALL_RATE);
    assertThat(e.eventTimeMillis()).isEqualTo(Instant.parse("2026-03-02T14:07:00Z").toEpochMilli());
    assertThat(e.recipientAccountId()).isEqualTo("111122223333");
    assertThat(e.awsRegion()).isEqualTo("eu-west-1");
    assertThat(e.eventSource()).isEqualTo("iam.amazonaws.com");
    assertThat(e.eventName()).isEqualTo("CreateAccessKey");
    assertThat(e.sharedEventId()).isEqualTo("7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7");
    assertThat(e.insightAverage()).isEqualTo(42.0);
    assertThat(e.baselineAverage()).isEqualTo(0.0123);
    assertThat(e.baselineDuration()).isEqualTo(10080);
    assertThat(e.details().decidedAtMillis())
        .isEqualTo(Instant.parse("2026-03-02T14:07:12.500Z").toEpochMilli());
    assertThat(e.attributions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.attribute()).isEqualTo(Attribution.USER_IDENTITY_ARN);
              assertThat(a.insight().get(0).value())
                  .isEqualTo("arn:aws:iam::111122223333:user/ci-bot");
            });
  }

  @Test
  void shouldAcceptDecisionTimesInEpochMillis() {
    InsightEvent e =
        InsightLines.parse(START.replace("\"2026-03-02T14:07:12.500Z\"", "1772460432500"));
    assertThat(e.details().decidedAtMillis()).isEqualTo(1772460432500L);
  }

  @Test
  void shouldTakeTheErrorCodeFromInsightDetailsOrTheTopAttribution() {
    String withCode =
        START.replace(
            "\"insightType\":\"ApiCallRateInsight\"",
            "\"insightType\":\"ApiErrorRateInsight\",\"errorCode\":\"AccessDenied\"");
    assertThat(InsightLines.parse(withCode).errorCode()).isEqualTo("AccessDenied");
    String onlyAttribution =
        START
            .replace(
                "\"insightType\":\"ApiCallRateInsight\"", "\"insightType\":\"ApiErrorRateInsight\"")
            .replace(
                "\"attributions\":[",
                "\"attributions\":[{\"attribute\":\"errorCode\",\"insight\":[{\"value\":"
                    + "\"ThrottlingException\",\"average\":40}],\"baseline\":[]},");
    assertThat(InsightLines.parse(onlyAttribution).errorCode()).isEqualTo("ThrottlingException");
    assertThat(InsightLines.parse(START).errorCode()).isNull();
  }

  @Test
  void shouldUnwrapEventBridgeEnvelopes() {
    String wrapped =
        "{\"version\":\"0\",\"detail-type\":\"AWS Insight via CloudTrail\",\"detail\":"
            + START
            + "}";
    assertThat(InsightLines.parse(wrapped).eventName()).isEqualTo("CreateAccessKey");
  }

  @Test
  void shouldNameFileAndLineOfABadRecord(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("insights.jsonl");
    Files.write(f, List.of(START, "", "{\"eventTime\":\"2026-03-02T14:07:00Z\"}"));
    assertThatThrownBy(() -> InsightLines.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("insights.jsonl:3")
        .hasMessageContaining("insightDetails");
    Files.write(f, List.of("{not json"));
    assertThatThrownBy(() -> InsightLines.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("insights.jsonl:1: not JSON");
  }

  @Test
  void shouldRejectAStartOffTheWholeMinute() {
    assertThatThrownBy(() -> InsightLines.parse(START.replace("14:07:00Z", "14:07:30Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole minute");
  }

  @Test
  void shouldSkipBlankLines(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("insights.jsonl");
    Files.write(f, List.of("", START, "  ", START.replace("\"Start\"", "\"End\"")));
    assertThat(InsightLines.read(f))
        .extracting(InsightEvent::state)
        .containsExactly(InsightState.START, InsightState.END);
  }
}
