package dev.trailinsights.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsightJsonTest {
  private static final String ACCOUNT = "111122223333";
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String CI_BOT = "arn:aws:iam::111122223333:user/ci-bot";

  private static long t(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static String json(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The example of the specification, section 2. */
  static InsightEvent callRateStart() {
    return new InsightEvent(
        t("2026-03-02T14:07:00Z"),
        "eu-west-1",
        "0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40",
        ACCOUNT,
        "7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7",
        InsightState.START,
        "iam.amazonaws.com",
        "CreateAccessKey",
        InsightType.API_CALL_RATE,
        null,
        0.0123,
        42.0,
        1,
        10080,
        List.of(
            new Attribution(
                Attribution.USER_IDENTITY_ARN,
                List.of(new ValueAverage(CI_BOT, 41.0), new ValueAverage(ALICE, 1.0)),
                List.of(new ValueAverage(ALICE, 0.0123))),
            new Attribution(
                Attribution.USER_AGENT,
                List.of(new ValueAverage("aws-cli/2.15.0 Python/3.11", 42.0)),
                List.of(new ValueAverage("console.amazonaws.com", 0.0123))),
            new Attribution(
                Attribution.ERROR_CODE,
                List.of(new ValueAverage("null", 42.0)),
                List.of(new ValueAverage("null", 0.0123)))),
        null);
  }

  static InsightEvent callRateEnd() {
    return new InsightEvent(
        t("2026-03-02T14:19:00Z"),
        "eu-west-1",
        "5f0e2c71-9d3a-4b8e-a6c4-1e7d9b2f3a58",
        ACCOUNT,
        "7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7",
        InsightState.END,
        "iam.amazonaws.com",
        "CreateAccessKey",
        InsightType.API_CALL_RATE,
        null,
        0.0123,
        329.0 / 12,
        12,
        10080,
        List.of(
            new Attribution(
                Attribution.USER_IDENTITY_ARN,
                List.of(new ValueAverage(CI_BOT, 27.25), new ValueAverage(ALICE, 1.0 / 6)),
                List.of(new ValueAverage(ALICE, 0.0123)))),
        new DecisionDetails(
            3.1e-9, 0.0123, 5, "poisson", "none", ACCOUNT, "eu-west-1", t("2026-03-02T14:19:00Z")));
  }

  static InsightEvent errorRateStart() {
    return new InsightEvent(
        t("2026-03-02T09:30:00Z"),
        "us-east-1",
        "9a7c3e15-4b2d-4f6e-8c1a-2d5b7e9f0a13",
        ACCOUNT,
        "3c8e1a94-7f2b-4d5c-9e6a-b1d3f5a7c9e2",
        InsightState.START,
        "ec2.amazonaws.com",
        "RunInstances",
        InsightType.API_ERROR_RATE,
        "Client.UnauthorizedOperation",
        8.82145e-05,
        17.0,
        1,
        40320,
        List.of(
            new Attribution(
                Attribution.USER_IDENTITY_ARN,
                List.of(
                    new ValueAverage(
                        "arn:aws:sts::111122223333:assumed-role/Deployer/session-1", 17.0)),
                List.of()),
            new Attribution(
                Attribution.USER_AGENT,
                List.of(new ValueAverage("Boto3/1.34.0 Python/3.12.1", 17.0)),
                List.of(new ValueAverage("Boto3/1.34.0 Python/3.12.1", 8.82145e-05))),
            new Attribution(
                Attribution.ERROR_CODE,
                List.of(new ValueAverage("Client.UnauthorizedOperation", 17.0)),
                List.of(new ValueAverage("Client.UnauthorizedOperation", 8.82145e-05)))),
        new DecisionDetails(
            1.23457e-12,
            0.000088,
            4,
            "negative-binomial",
            "hour-of-day+day-type",
            ACCOUNT,
            "us-east-1",
            t("2026-03-02T09:30:41.250Z")));
  }

  static InsightEvent errorRateEnd() {
    return new InsightEvent(
        t("2026-03-02T09:38:00Z"),
        "us-east-1",
        "e4b2d6f8-1a3c-4e5f-8b7d-9c0e2f4a6b81",
        ACCOUNT,
        "3c8e1a94-7f2b-4d5c-9e6a-b1d3f5a7c9e2",
        InsightState.END,
        "ec2.amazonaws.com",
        "RunInstances",
        InsightType.API_ERROR_RATE,
        "Client.UnauthorizedOperation",
        8.82145e-05,
        9.5,
        8,
        40320,
        List.of(),
        null);
  }

  @Test
  void shouldWriteTheSpecificationExampleExactly() {
    String expected =
        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-02T14:07:00Z\","
            + "\"awsRegion\":\"eu-west-1\",\"eventID\":\"0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40\","
            + "\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"111122223333\","
            + "\"sharedEventID\":\"7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7\","
            + "\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"iam.amazonaws.com\","
            + "\"eventName\":\"CreateAccessKey\",\"insightType\":\"ApiCallRateInsight\","
            + "\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":0.0123},"
            + "\"insight\":{\"average\":42.0},\"insightDuration\":1,\"baselineDuration\":10080},"
            + "\"attributions\":["
            + "{\"attribute\":\"userIdentityArn\","
            + "\"insight\":[{\"value\":\"arn:aws:iam::111122223333:user/ci-bot\",\"average\":41.0},"
            + "{\"value\":\"arn:aws:iam::111122223333:user/alice\",\"average\":1.0}],"
            + "\"baseline\":[{\"value\":\"arn:aws:iam::111122223333:user/alice\",\"average\":0.0123}]},"
            + "{\"attribute\":\"userAgent\","
            + "\"insight\":[{\"value\":\"aws-cli/2.15.0 Python/3.11\",\"average\":42.0}],"
            + "\"baseline\":[{\"value\":\"console.amazonaws.com\",\"average\":0.0123}]},"
            + "{\"attribute\":\"errorCode\","
            + "\"insight\":[{\"value\":\"null\",\"average\":42.0}],"
            + "\"baseline\":[{\"value\":\"null\",\"average\":0.0123}]}]}},"
            + "\"eventCategory\":\"Insight\"}";
    assertThat(json(InsightJson.toBytes(callRateStart()))).isEqualTo(expected);
  }

  @Test
  void shouldWriteACallRateEndWithDetails() {
    String expected =
        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-02T14:19:00Z\","
            + "\"awsRegion\":\"eu-west-1\",\"eventID\":\"5f0e2c71-9d3a-4b8e-a6c4-1e7d9b2f3a58\","
            + "\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"111122223333\","
            + "\"sharedEventID\":\"7e1c9f42-2b8d-4c6a-b5e3-90a1d4f6c2b7\","
            + "\"insightDetails\":{\"state\":\"End\",\"eventSource\":\"iam.amazonaws.com\","
            + "\"eventName\":\"CreateAccessKey\",\"insightType\":\"ApiCallRateInsight\","
            + "\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":0.0123},"
            + "\"insight\":{\"average\":27.4167},\"insightDuration\":12,\"baselineDuration\":10080},"
            + "\"attributions\":["
            + "{\"attribute\":\"userIdentityArn\","
            + "\"insight\":[{\"value\":\"arn:aws:iam::111122223333:user/ci-bot\",\"average\":27.25},"
            + "{\"value\":\"arn:aws:iam::111122223333:user/alice\",\"average\":0.166667}],"
            + "\"baseline\":[{\"value\":\"arn:aws:iam::111122223333:user/alice\",\"average\":0.0123}]}]},"
            + "\"trailInsights\":{\"pValue\":3.1e-09,\"expected\":0.0123,\"threshold\":5,"
            + "\"model\":\"poisson\",\"seasonal\":\"none\",\"accountId\":\"111122223333\","
            + "\"region\":\"eu-west-1\",\"decidedAt\":\"2026-03-02T14:19:00Z\"}},"
            + "\"eventCategory\":\"Insight\"}";
    assertThat(json(InsightJson.toBytes(callRateEnd()))).isEqualTo(expected);
  }

  @Test
  void shouldWriteAnErrorRateStartWithItsErrorCode() {
    String expected =
        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-02T09:30:00Z\","
            + "\"awsRegion\":\"us-east-1\",\"eventID\":\"9a7c3e15-4b2d-4f6e-8c1a-2d5b7e9f0a13\","
            + "\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"111122223333\","
            + "\"sharedEventID\":\"3c8e1a94-7f2b-4d5c-9e6a-b1d3f5a7c9e2\","
            + "\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"ec2.amazonaws.com\","
            + "\"eventName\":\"RunInstances\",\"insightType\":\"ApiErrorRateInsight\","
            + "\"errorCode\":\"Client.UnauthorizedOperation\","
            + "\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":8.82145e-05},"
            + "\"insight\":{\"average\":17.0},\"insightDuration\":1,\"baselineDuration\":40320},"
            + "\"attributions\":["
            + "{\"attribute\":\"userIdentityArn\",\"insight\":[{\"value\":"
            + "\"arn:aws:sts::111122223333:assumed-role/Deployer/session-1\",\"average\":17.0}],"
            + "\"baseline\":[]},"
            + "{\"attribute\":\"userAgent\","
            + "\"insight\":[{\"value\":\"Boto3/1.34.0 Python/3.12.1\",\"average\":17.0}],"
            + "\"baseline\":[{\"value\":\"Boto3/1.34.0 Python/3.12.1\",\"average\":8.82145e-05}]},"
            + "{\"attribute\":\"errorCode\","
            + "\"insight\":[{\"value\":\"Client.UnauthorizedOperation\",\"average\":17.0}],"
            + "\"baseline\":[{\"value\":\"Client.UnauthorizedOperation\",\"average\":8.82145e-05}]}]},"
            + "\"trailInsights\":{\"pValue\":1.23457e-12,\"expected\":8.8e-05,\"threshold\":4,"
            + "\"model\":\"negative-binomial\",\"seasonal\":\"hour-of-day+day-type\","
            + "\"accountId\":\"111122223333\",\"region\":\"us-east-1\","
            + "\"decidedAt\":\"2026-03-02T09:30:41.250Z\"}},"
            + "\"eventCategory\":\"Insight\"}";
    assertThat(json(InsightJson.toBytes(errorRateStart()))).isEqualTo(expected);
  }

  @Test
  void shouldWriteAnErrorRateEndWithoutDetails() {
    String expected =
        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-02T09:38:00Z\","
            + "\"awsRegion\":\"us-east-1\",\"eventID\":\"e4b2d6f8-1a3c-4e5f-8b7d-9c0e2f4a6b81\","
            + "\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"111122223333\","
            + "\"sharedEventID\":\"3c8e1a94-7f2b-4d5c-9e6a-b1d3f5a7c9e2\","
            + "\"insightDetails\":{\"state\":\"End\",\"eventSource\":\"ec2.amazonaws.com\","
            + "\"eventName\":\"RunInstances\",\"insightType\":\"ApiErrorRateInsight\","
            + "\"errorCode\":\"Client.UnauthorizedOperation\","
            + "\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":8.82145e-05},"
            + "\"insight\":{\"average\":9.5},\"insightDuration\":8,\"baselineDuration\":40320},"
            + "\"attributions\":[]}},"
            + "\"eventCategory\":\"Insight\"}";
    assertThat(json(InsightJson.toBytes(errorRateEnd()))).isEqualTo(expected);
  }

  @Test
  void shouldReadBackWhatItWrote() {
    for (InsightEvent e : List.of(callRateStart(), errorRateStart(), errorRateEnd())) {
      assertThat(InsightJson.parse(InsightJson.toBytes(e))).isEqualTo(e);
    }
  }

  @Test
  void shouldReadBackRoundedAverages() {
    InsightEvent end = callRateEnd();
    InsightEvent parsed = InsightJson.parse(InsightJson.toBytes(end));
    assertThat(parsed.insightAverage()).isEqualTo(27.4167);
    assertThat(parsed.attributions().get(0).insight().get(1).average()).isEqualTo(0.166667);
    assertThat(InsightJson.toBytes(parsed)).isEqualTo(InsightJson.toBytes(end));
  }

  @Test
  void shouldWriteEqualEventsAsIdenticalBytes() {
    assertThat(InsightJson.toBytes(errorRateStart()))
        .isEqualTo(InsightJson.toBytes(errorRateStart()));
    assertThat(InsightJson.toEventBridgeBytes(callRateEnd()))
        .isEqualTo(InsightJson.toEventBridgeBytes(callRateEnd()));
  }

  @Test
  void shouldCarryTheErrorCodeOnlyOnErrorRateInsights() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode error = mapper.readTree(InsightJson.toBytes(errorRateStart())).get("insightDetails");
    assertThat(error.get("errorCode").asText()).isEqualTo("Client.UnauthorizedOperation");

    InsightEvent callRateWithCode =
        new InsightEvent(
            t("2026-03-02T14:07:00Z"),
            "eu-west-1",
            "e",
            ACCOUNT,
            "s",
            InsightState.START,
            "iam.amazonaws.com",
            "CreateAccessKey",
            InsightType.API_CALL_RATE,
            "AccessDenied",
            0.5,
            6.0,
            1,
            10080,
            List.of(),
            null);
    JsonNode call = mapper.readTree(InsightJson.toBytes(callRateWithCode)).get("insightDetails");
    assertThat(call.has("errorCode")).isFalse();
    assertThat(InsightJson.parse(InsightJson.toBytes(callRateWithCode)).errorCode()).isNull();
  }

  @Test
  void shouldEscapeQuotesControlCharactersAndKeepUnicode() {
    String arn = "arn:aws:sts::111122223333:assumed-role/Ops \"admin\"/jos\u00e9\\x";
    String agent = "curl/8.0\n\t\u0001 \u65e5\u672c \uD83D\uDE80";
    InsightEvent e =
        new InsightEvent(
            t("2026-03-02T14:07:00Z"),
            "eu-west-1",
            "e",
            ACCOUNT,
            "s",
            InsightState.START,
            "iam.amazonaws.com",
            "CreateAccessKey",
            InsightType.API_CALL_RATE,
            null,
            0.0,
            5.0,
            1,
            10080,
            List.of(
                new Attribution(
                    Attribution.USER_IDENTITY_ARN, List.of(new ValueAverage(arn, 5.0)), List.of()),
                new Attribution(
                    Attribution.USER_AGENT, List.of(new ValueAverage(agent, 5.0)), List.of())),
            null);
    String out = json(InsightJson.toBytes(e));
    assertThat(out)
        .contains(
            "\"value\":\"arn:aws:sts::111122223333:assumed-role/Ops \\\"admin\\\"/jos\u00e9\\\\x\"")
        .contains("\"value\":\"curl/8.0\\n\\t\\u0001 \u65e5\u672c \uD83D\uDE80\"");
    // Raw UTF-8, not escapes: the rocket is one 4-byte sequence.
    assertThat(InsightJson.toBytes(e))
        .containsSequence((byte) 0xF0, (byte) 0x9F, (byte) 0x9A, (byte) 0x80);
    assertThat(InsightJson.parse(InsightJson.toBytes(e))).isEqualTo(e);
  }

  @Test
  void shouldEscapeAnUnpairedSurrogateInsteadOfFailing() {
    InsightEvent e =
        new InsightEvent(
            t("2026-03-02T14:07:00Z"),
            "eu-west-1",
            "e",
            ACCOUNT,
            "s",
            InsightState.START,
            "iam.amazonaws.com",
            "CreateAccessKey",
            InsightType.API_CALL_RATE,
            null,
            0.0,
            5.0,
            1,
            10080,
            List.of(
                new Attribution(
                    Attribution.USER_AGENT,
                    List.of(new ValueAverage("bad\uD800agent", 5.0)),
                    List.of())),
            null);
    assertThat(json(InsightJson.toBytes(e))).contains("\"bad\\uD800agent\"");
  }

  @Test
  void shouldWrapTheRecordAsAnEventBridgeEvent() throws Exception {
    InsightEvent e = callRateStart();
    String record = json(InsightJson.toBytes(e));
    String expected =
        "{\"version\":\"0\",\"id\":\""
            + InsightIds.eventBridgeId(e.eventId())
            + "\",\"detail-type\":\"AWS Insight via CloudTrail\",\"source\":\"aws.cloudtrail\","
            + "\"account\":\"111122223333\",\"time\":\"2026-03-02T14:07:00Z\","
            + "\"region\":\"eu-west-1\",\"resources\":[],\"detail\":"
            + record
            + "}";
    assertThat(json(InsightJson.toEventBridgeBytes(e))).isEqualTo(expected);
    assertThat(InsightJson.parse(InsightJson.toEventBridgeBytes(e))).isEqualTo(e);
  }

  @Test
  void shouldIgnoreUnknownFieldsWhenParsing() {
    String withExtras =
        json(InsightJson.toBytes(errorRateEnd()))
            .replace("\"eventType\"", "\"future\":{\"a\":[1,2]},\"eventType\"")
            .replace("\"insightDuration\"", "\"extra\":true,\"insightDuration\"");
    assertThat(InsightJson.parse(withExtras.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(errorRateEnd());
  }

  @Test
  void shouldRejectWhatIsNotAnInsightsRecordInOneLine() {
    assertThatThrownBy(() -> InsightJson.parse("{\"eventType\":\"AwsApiCall\"}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "not an Insights record: eventType is 'AwsApiCall', expected AwsCloudTrailInsight");
    assertThatThrownBy(
            () -> InsightJson.parse("{\"eventTime\":\"2026-03-02T14:07:00Z\"}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an Insights record: missing object insightDetails");
    assertThatThrownBy(() -> InsightJson.parse("{\"eventTime\":".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON: ")
        .hasMessageNotContaining("\n");
    String badState = json(InsightJson.toBytes(callRateStart())).replace("\"Start\"", "\"Begin\"");
    assertThatThrownBy(() -> InsightJson.parse(badState.getBytes(StandardCharsets.UTF_8)))
        .hasMessage(
            "not an Insights record: insightDetails.state is 'Begin', expected Start or End");
  }

  @Test
  void shouldRefuseAverageThatJsonCannotCarry() {
    InsightEvent e =
        new InsightEvent(
            t("2026-03-02T14:07:00Z"),
            "eu-west-1",
            "e",
            ACCOUNT,
            "s",
            InsightState.START,
            "iam.amazonaws.com",
            "CreateAccessKey",
            InsightType.API_CALL_RATE,
            null,
            Double.NaN,
            5.0,
            1,
            10080,
            List.of(),
            null);
    assertThatThrownBy(() -> InsightJson.toBytes(e)).isInstanceOf(IllegalArgumentException.class);
  }
}
