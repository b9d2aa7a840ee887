package dev.trailinsights.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CloudTrailParserTest {
  private static final String TIME = "2026-03-02T14:07:31Z";
  private static final long MILLIS = Instant.parse(TIME).toEpochMilli();

  private static final String FULL_RECORD =
      """
      {"eventVersion":"1.08",
       "userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:alice",
         "arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice","accountId":"444455556666",
         "accessKeyId":"ASIAEXAMPLE","invokedBy":"cloudformation.amazonaws.com",
         "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::444455556666:role/Admin",
           "accountId":"444455556666"},"attributes":{"mfaAuthenticated":"false"}}},
       "eventTime":"2026-03-02T14:07:31Z","eventSource":"ec2.amazonaws.com",
       "eventName":"RunInstances","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7",
       "userAgent":"aws-cli/2.15.0 Python/3.11","errorCode":"Client.UnauthorizedOperation",
       "errorMessage":"You are not authorized","requestParameters":{"instanceType":"t3.micro"},
       "responseElements":null,"requestID":"r-1","eventID":"0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40",
       "readOnly":false,"eventType":"AwsApiCall","managementEvent":true,
       "recipientAccountId":"111122223333","eventCategory":"Management",
       "tlsDetails":{"tlsVersion":"TLSv1.3"}}
      """;

  private final CloudTrailParser parser = new CloudTrailParser(64 * 1024);

  private CollectingSink parse(String json) {
    return parse(parser, json);
  }

  private static CollectingSink parse(CloudTrailParser parser, String json) {
    CollectingSink sink = new CollectingSink();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    parser.parse(bytes, 0, bytes.length, "test", sink);
    return sink;
  }

  /** A minimal valid record with the given extra fields, e.g. {@code "\"awsRegion\":\"x\""}. */
  private static String record(String eventName, String... extra) {
    StringBuilder sb =
        new StringBuilder("{\"eventTime\":\"")
            .append(TIME)
            .append("\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"")
            .append(eventName)
            .append('"');
    for (String field : extra) {
      sb.append(',').append(field);
    }
    return sb.append('}').toString();
  }

  @Test
  void shouldReadEveryFieldOfABareRecord() {
    CloudTrailRecord r = parse(FULL_RECORD).onlyRecord();

    assertThat(r)
        .isEqualTo(
            new CloudTrailRecord(
                MILLIS,
                "ec2.amazonaws.com",
                "RunInstances",
                "eu-west-1",
                "111122223333",
                "Client.UnauthorizedOperation",
                Access.WRITE,
                EventCategory.MANAGEMENT,
                "AwsApiCall",
                "0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40",
                "arn:aws:sts::111122223333:assumed-role/Admin/alice",
                "aws-cli/2.15.0 Python/3.11"));
  }

  @Test
  void shouldReadEachRecordOfARecordsFile() {
    String file =
        "{\"Records\":["
            + record("A", "\"readOnly\":true")
            + ","
            + record("B", "\"readOnly\":false")
            + ","
            + record("C")
            + "]}";

    CollectingSink sink = parse(file);

    assertThat(sink.bad).isEmpty();
    assertThat(sink.records)
        .extracting(CloudTrailRecord::eventName, CloudTrailRecord::access)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", Access.READ),
            org.assertj.core.groups.Tuple.tuple("B", Access.WRITE),
            org.assertj.core.groups.Tuple.tuple("C", Access.UNKNOWN));
  }

  @Test
  void shouldAcceptAnEmptyRecordsFile() {
    CollectingSink sink = parse("{\"Records\":[]}");

    assertThat(sink.records).isEmpty();
    assertThat(sink.bad).isEmpty();
  }

  @Test
  void shouldReadTheDetailOfAnEventBridgeEventWithoutTheEnvelopeFields() {
    String event =
        "{\"version\":\"0\",\"id\":\"6f87d04b\",\"detail-type\":\"AWS API Call via CloudTrail\","
            + "\"source\":\"aws.ec2\",\"account\":\"999999999999\",\"time\":\"2020-01-01T00:00:00Z\","
            + "\"region\":\"ap-south-1\",\"resources\":[\"arn:aws:ec2:x\"],\"detail\":"
            + record("RunInstances", "\"awsRegion\":\"eu-west-1\"", "\"recipientAccountId\":\"1\"")
            + "}";

    CloudTrailRecord r = parse(event).onlyRecord();

    assertThat(r.eventName()).isEqualTo("RunInstances");
    assertThat(r.eventTimeMillis()).isEqualTo(MILLIS);
    assertThat(r.awsRegion()).isEqualTo("eu-west-1");
    assertThat(r.accountId()).isEqualTo("1");
  }

  @Test
  void shouldFallBackToTheEventBridgeRegionAndAccountWhenTheDetailLacksThem() {
    String event =
        "{\"detail\":"
            + record("GetObject")
            + ",\"region\":\"ap-south-1\",\"account\":\"999999999999\","
            + "\"detail-type\":\"AWS API Call via CloudTrail\"}";

    CloudTrailRecord r = parse(event).onlyRecord();

    assertThat(r.awsRegion()).isEqualTo("ap-south-1");
    assertThat(r.accountId()).isEqualTo("999999999999");
  }

  @Test
  void shouldSkipEventBridgeInsightEventsWhereverTheDetailTypeIs() {
    String insightDetail =
        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-02T14:07:00Z\","
            + "\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"iam.amazonaws.com\"}}";
    String before =
        "{\"detail-type\":\"AWS Insight via CloudTrail\",\"detail\":" + insightDetail + "}";
    String after =
        "{\"detail\":" + insightDetail + ",\"detail-type\":\"AWS Insight via CloudTrail\"}";

    for (String event : List.of(before, after)) {
      CollectingSink sink = parse(event);
      assertThat(sink.records).isEmpty();
      assertThat(sink.bad).isEmpty();
      assertThat(sink.insightsSkipped).isEqualTo(1);
    }
  }

  @Test
  void shouldSkipInsightRecordsByEventTypeOrCategory() {
    String insightRecord =
        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-02T14:07:00Z\",\"awsRegion\":\"eu-west-1\","
            + "\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"1\","
            + "\"insightDetails\":{\"state\":\"Start\"},\"eventCategory\":\"Insight\"}";
    String byCategoryOnly = record("X", "\"eventCategory\":\"Insight\"");
    String byTypeOnly = record("Y", "\"eventType\":\"AwsCloudTrailInsight\"");

    CollectingSink sink =
        parse(
            "{\"Records\":["
                + insightRecord
                + ","
                + byCategoryOnly
                + ","
                + record("Kept")
                + ","
                + byTypeOnly
                + "]}");

    assertThat(sink.insightsSkipped).isEqualTo(3);
    assertThat(sink.bad).isEmpty();
    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("Kept");
  }

  @Test
  void shouldReadFieldsInAnyOrder() {
    CloudTrailRecord expected = parse(FULL_RECORD).onlyRecord();
    String reversed =
        "{\"eventCategory\":\"Management\",\"recipientAccountId\":\"111122223333\","
            + "\"managementEvent\":true,\"eventType\":\"AwsApiCall\",\"readOnly\":false,"
            + "\"eventID\":\"0d5b3a8e-6c0f-4f53-9a1e-3f7c2b1d9e40\","
            + "\"errorCode\":\"Client.UnauthorizedOperation\",\"userAgent\":\"aws-cli/2.15.0 Python/3.11\","
            + "\"awsRegion\":\"eu-west-1\",\"eventName\":\"RunInstances\","
            + "\"eventSource\":\"ec2.amazonaws.com\",\"eventTime\":\"2026-03-02T14:07:31Z\","
            + "\"userIdentity\":{\"accountId\":\"444455556666\","
            + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/alice\"}}";

    assertThat(parse(reversed).onlyRecord()).isEqualTo(expected);
  }

  @Test
  void shouldReadOldRecordsWithoutReadOnlyOrCategory() {
    String v101 =
        "{\"eventVersion\":\"1.01\",\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":\"123456789012\","
            + "\"arn\":\"arn:aws:iam::123456789012:user/bob\"},\"eventTime\":\"2014-03-06T21:22:54Z\","
            + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"StartInstances\","
            + "\"awsRegion\":\"us-east-2\",\"sourceIPAddress\":\"205.251.233.176\","
            + "\"userAgent\":\"ec2-api-tools 1.6.12.2\",\"requestParameters\":{},"
            + "\"responseElements\":{}}";

    CloudTrailRecord r = parse(v101).onlyRecord();

    assertThat(r.access()).isEqualTo(Access.UNKNOWN);
    assertThat(r.category()).isEqualTo(EventCategory.MANAGEMENT);
    assertThat(r.eventType()).isEmpty();
    assertThat(r.eventId()).isNull();
    assertThat(r.accountId()).isEqualTo("123456789012");
    assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2014-03-06T21:22:54Z").toEpochMilli());
  }

  @Test
  void shouldGiveDefaultsForMissingOptionalFields() {
    CloudTrailRecord r = parse(record("ListBuckets")).onlyRecord();

    assertThat(r)
        .isEqualTo(
            new CloudTrailRecord(
                MILLIS,
                "ec2.amazonaws.com",
                "ListBuckets",
                "",
                "",
                null,
                Access.UNKNOWN,
                EventCategory.MANAGEMENT,
                "",
                null,
                null,
                null));
  }

  @Test
  void shouldReadJsonNullAsAbsent() {
    String nulls =
        record(
            "X",
            "\"awsRegion\":null",
            "\"recipientAccountId\":null",
            "\"errorCode\":null",
            "\"readOnly\":null",
            "\"managementEvent\":null",
            "\"eventCategory\":null",
            "\"eventType\":null",
            "\"userIdentity\":null",
            "\"userAgent\":null");

    assertThat(parse(nulls).onlyRecord()).isEqualTo(parse(record("X")).onlyRecord());
  }

  @Test
  void shouldInferTheCategoryFromManagementEventWhenAbsent() {
    assertThat(parse(record("X", "\"managementEvent\":false")).onlyRecord().category())
        .isEqualTo(EventCategory.DATA);
    assertThat(parse(record("X", "\"managementEvent\":true")).onlyRecord().category())
        .isEqualTo(EventCategory.MANAGEMENT);
    assertThat(parse(record("X", "\"eventCategory\":\"Data\"")).onlyRecord().category())
        .isEqualTo(EventCategory.DATA);
    assertThat(parse(record("X", "\"eventCategory\":\"NetworkActivity\"")).onlyRecord().category())
        .isEqualTo(EventCategory.NETWORK_ACTIVITY);
    assertThat(
            parse(record("X", "\"eventCategory\":\"SomethingNew\"", "\"managementEvent\":false"))
                .onlyRecord()
                .category())
        .isEqualTo(EventCategory.DATA);
  }

  @Test
  void shouldAcceptBooleansWrittenAsStrings() {
    CloudTrailRecord r =
        parse(record("X", "\"readOnly\":\"true\"", "\"managementEvent\":\"False\"")).onlyRecord();

    assertThat(r.access()).isEqualTo(Access.READ);
    assertThat(r.category()).isEqualTo(EventCategory.DATA);
    assertThat(parse(record("X", "\"readOnly\":\"false\"")).onlyRecord().access())
        .isEqualTo(Access.WRITE);
  }

  @Test
  void shouldPreferRecipientAccountIdAndFallBackToTheCallersAccount() {
    String both =
        record("X", "\"recipientAccountId\":\"1\"", "\"userIdentity\":{\"accountId\":\"2\"}");
    String callerOnly = record("X", "\"userIdentity\":{\"accountId\":\"2\"}");
    String emptyRecipient =
        record("X", "\"recipientAccountId\":\"\"", "\"userIdentity\":{\"accountId\":\"2\"}");

    assertThat(parse(both).onlyRecord().accountId()).isEqualTo("1");
    assertThat(parse(callerOnly).onlyRecord().accountId()).isEqualTo("2");
    assertThat(parse(emptyRecipient).onlyRecord().accountId()).isEqualTo("2");
  }

  @Test
  void shouldSkipUnknownAndLargeNestedFields() {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      deep.append("{\"eventName\":\"Nested").append(i).append("\",\"x\":[1,2.5,true,null,");
    }
    deep.append("\"leaf\"");
    for (int i = 0; i < 200; i++) {
      deep.append("]}");
    }
    StringBuilder wide = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      wide.append(i == 0 ? "" : ",")
          .append("{\"arn\":\"arn:aws:s3:::bucket/")
          .append(i)
          .append("\",\"accountId\":\"")
          .append(i)
          .append("\",\"eventTime\":\"bad\"}");
    }
    wide.append(']');
    String json =
        record(
            "PutObject",
            "\"requestParameters\":" + deep,
            "\"resources\":" + wide,
            "\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"bytesTransferredIn\":1.5e3}",
            "\"serviceEventDetails\":\"a string this time\"");

    CloudTrailRecord r = parse(new CloudTrailParser(1 << 20), json).onlyRecord();

    assertThat(json.length()).isGreaterThan(300_000);
    assertThat(r.eventName()).isEqualTo("PutObject");
    assertThat(r.accountId()).isEmpty();
    assertThat(r.eventTimeMillis()).isEqualTo(MILLIS);
  }

  @Test
  void shouldNotBeAffectedByAnyFieldOutsideTheOnesItReads() {
    CloudTrailRecord expected = parse(FULL_RECORD).onlyRecord();
    String body = FULL_RECORD.strip();
    body = body.substring(1, body.length() - 1);
    // Names that look like read fields, at other places and levels, plus random shapes.
    List<String> noise =
        new ArrayList<>(
            List.of(
                "\"EventTime\":\"2001-01-01T00:00:00Z\"",
                "\"eventname\":\"Other\"",
                "\"region\":\"us-east-1\"",
                "\"account\":\"000000000000\"",
                "\"source\":\"aws.s3\"",
                "\"time\":\"2001-01-01T00:00:00Z\"",
                "\"id\":\"x\"",
                "\"version\":\"0\"",
                "\"detailType\":\"AWS Insight via CloudTrail\"",
                "\"insightDetails\":{\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"X\"}",
                "\"responseElements\":{\"eventTime\":\"bad\",\"eventName\":{},\"errorCode\":1}",
                "\"resources\":[{\"accountId\":\"9\",\"ARN\":\"arn:aws:s3:::b\"}]",
                "\"additionalEventData\":{\"awsRegion\":\"us-west-2\",\"readOnly\":true}",
                "\"sharedEventID\":\"7e1c9f42\"",
                "\"vpcEndpointId\":\"vpce-1\"",
                "\"sourceIPAddress\":\"198.51.100.1\"",
                "\"edgeDeviceDetails\":null",
                "\"apiVersion\":20160101"));
    Random random = new Random(42);
    for (int i = 0; i < 30; i++) {
      noise.add("\"unknown" + i + "\":" + randomValue(random, 4));
    }
    for (int round = 0; round < 50; round++) {
      Collections.shuffle(noise, random);
      int cut = random.nextInt(noise.size());
      String json =
          "{"
              + String.join(",", noise.subList(0, cut))
              + (cut > 0 ? "," : "")
              + body
              + ","
              + String.join(",", noise.subList(cut, noise.size()))
              + "}";

      assertThat(parse(json).onlyRecord()).isEqualTo(expected);
    }
  }

  private static String randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 5);
    switch (kind) {
      case 0:
        return "\"s" + random.nextInt(1000) + "\\\"\\u00e9\"";
      case 1:
        return Long.toString(random.nextLong());
      case 2:
        return random.nextDouble() + "e-3";
      case 3:
        return random.nextBoolean() ? "true" : "false";
      case 4:
        return "null";
      case 5:
        {
          StringBuilder sb = new StringBuilder("[");
          for (int i = random.nextInt(4); i > 0; i--) {
            sb.append(randomValue(random, depth - 1)).append(i > 1 ? "," : "");
          }
          return sb.append(']').toString();
        }
      default:
        {
          String[] names = {"eventTime", "eventName", "eventSource", "arn", "Records", "detail"};
          StringBuilder sb = new StringBuilder("{");
          for (int i = random.nextInt(4); i > 0; i--) {
            sb.append('"')
                .append(names[random.nextInt(names.length)])
                .append("\":")
                .append(randomValue(random, depth - 1))
                .append(i > 1 ? "," : "");
          }
          return sb.append('}').toString();
        }
    }
  }

  @Test
  void shouldParseFractionalSecondsAndOffsets() {
    assertThat(
            parse(record("X").replace(TIME, "2026-03-02T14:07:31.250Z"))
                .onlyRecord()
                .eventTimeMillis())
        .isEqualTo(MILLIS + 250);
    assertThat(
            parse(record("X").replace(TIME, "2026-03-02T16:07:31+02:00"))
                .onlyRecord()
                .eventTimeMillis())
        .isEqualTo(MILLIS);
  }

  @Test
  void shouldDecodeEscapedAndNonAsciiStrings() {
    String plain =
        record(
            "GetObject",
            "\"userAgent\":\"Mozilla/5.0 \\\"quoted\\\" \\\\ tab\\t\"",
            "\"userIdentity\":{\"arn\":\"arn:aws:iam::1:user/zoë-€\"}",
            "\"awsRegion\":\"eu-west-1\"");
    String escaped =
        plain
            .replace("\"GetObject\"", "\"Get\\u004fbject\"")
            .replace("eu-west-1", "eu-west-\\u0031")
            .replace(TIME, "2026-03-02T14:07:31\\u005a");

    CloudTrailRecord a = parse(plain).onlyRecord();
    CloudTrailRecord b = parse(escaped).onlyRecord();

    assertThat(a.userAgent()).isEqualTo("Mozilla/5.0 \"quoted\" \\ tab\t");
    assertThat(a.userArn()).isEqualTo("arn:aws:iam::1:user/zoë-€");
    assertThat(b).isEqualTo(a);
    assertThat(b.eventName()).isEqualTo("GetObject");
    assertThat(b.eventTimeMillis()).isEqualTo(MILLIS);
  }

  @Test
  void shouldReadInputWithAByteOrderMarkOrInUtf16() {
    CloudTrailRecord expected = parse(FULL_RECORD).onlyRecord();
    byte[] utf8 = FULL_RECORD.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[utf8.length + 3];
    withBom[0] = (byte) 0xef;
    withBom[1] = (byte) 0xbb;
    withBom[2] = (byte) 0xbf;
    System.arraycopy(utf8, 0, withBom, 3, utf8.length);
    byte[] utf16 = FULL_RECORD.getBytes(StandardCharsets.UTF_16LE);

    for (byte[] bytes : List.of(withBom, utf16)) {
      CollectingSink sink = new CollectingSink();
      parser.parse(bytes, 0, bytes.length, "test", sink);
      assertThat(sink.onlyRecord()).isEqualTo(expected);
    }
  }

  @Test
  void shouldReadSeveralRootValuesOneAfterAnother() {
    String json =
        record("A")
            + "\n"
            + "{\"Records\":["
            + record("B")
            + ","
            + record("C")
            + "]} "
            + record("D");

    assertThat(parse(json).records)
        .extracting(CloudTrailRecord::eventName)
        .containsExactly("A", "B", "C", "D");
  }

  @Test
  void shouldReturnTheSameStringsForRepeatedValues() {
    CollectingSink sink =
        parse(
            "{\"Records\":["
                + FULL_RECORD
                + ","
                + FULL_RECORD.replace("0d5b3a8e", "1e6c4b9f")
                + "]}");

    CloudTrailRecord a = sink.records.get(0);
    CloudTrailRecord b = sink.records.get(1);
    assertThat(b.eventSource()).isSameAs(a.eventSource());
    assertThat(b.eventName()).isSameAs(a.eventName());
    assertThat(b.awsRegion()).isSameAs(a.awsRegion());
    assertThat(b.accountId()).isSameAs(a.accountId());
    assertThat(b.errorCode()).isSameAs(a.errorCode());
    assertThat(b.eventType()).isSameAs(a.eventType());
    assertThat(b.userArn()).isSameAs(a.userArn());
    assertThat(b.userAgent()).isSameAs(a.userAgent());
    assertThat(b.eventId()).isNotEqualTo(a.eventId());
  }

  @Test
  void shouldReportInputThatIsNotJsonAndStop() {
    BadRecord bad = parse("this is not json " + record("A")).onlyBad();

    assertThat(bad.reason()).isEqualTo(BadReason.NOT_JSON);
    assertThat(bad.line()).isEqualTo(1);
    assertThat(bad.offset()).isZero();
    assertThat(bad.source()).isEqualTo("test");
  }

  @Test
  void shouldReportRootValuesThatAreNotObjectsAndGoOn() {
    CollectingSink sink = parse("[" + record("A") + "]\n42\n\"text\"\n" + record("B"));

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("B");
    assertThat(sink.bad)
        .extracting(BadRecord::reason, BadRecord::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BadReason.NOT_JSON, 1L),
            org.assertj.core.groups.Tuple.tuple(BadReason.NOT_JSON, 2L),
            org.assertj.core.groups.Tuple.tuple(BadReason.NOT_JSON, 3L));
    assertThat(sink.bad.get(0).detail()).contains("array");
  }

  @Test
  void shouldReportEmptyInputAsNotJson() {
    assertThat(parse("   \n ").onlyBad().reason()).isEqualTo(BadReason.NOT_JSON);
  }

  @Test
  void shouldReportRecordsElementsThatAreNotObjects() {
    CollectingSink sink =
        parse("{\"Records\":[" + record("A") + ",\"oops\",[1]," + record("B") + "]}");

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A", "B");
    assertThat(sink.bad).extracting(BadRecord::reason).containsOnly(BadReason.NOT_JSON);
    assertThat(sink.bad).hasSize(2);
  }

  @Test
  void shouldReportTruncatedInputAndKeepTheRecordsBeforeIt() {
    String file = "{\"Records\":[\n" + record("A") + ",\n" + record("B") + ",\n" + record("C");
    String cut = file.substring(0, file.length() - 10);

    CollectingSink sink = parse(cut);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A", "B");
    assertThat(sink.bad).hasSize(1);
    assertThat(sink.bad.get(0).reason()).isEqualTo(BadReason.TRUNCATED);
    assertThat(sink.bad.get(0).line()).isEqualTo(4);
    assertThat(sink.bad.get(0).detail()).contains("column");
  }

  @Test
  void shouldReportATruncatedArrayAsTruncated() {
    assertThat(parse("{\"Records\":[" + record("A") + ",").bad)
        .extracting(BadRecord::reason)
        .containsExactly(BadReason.TRUNCATED);
    assertThat(parse(record("A").substring(0, 30)).onlyBad().reason())
        .isEqualTo(BadReason.TRUNCATED);
  }

  @Test
  void shouldReportASyntaxErrorInsideRecordsOnceAndGoOnWithTheNextRecord() {
    String file =
        "{\"Records\":[\n"
            + record("A")
            + ",\n{\"eventTime\" \"x\"},\n"
            + record("C")
            + ",\n"
            + record("D")
            + "]}";

    CollectingSink sink = parse(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A", "C", "D");
    assertThat(sink.bad).hasSize(1);
    assertThat(sink.bad.get(0).reason()).isEqualTo(BadReason.NOT_JSON);
    assertThat(sink.bad.get(0).line()).isEqualTo(3);
    assertThat(sink.bad.get(0).detail()).contains("bytes skipped to the next record");
  }

  @Test
  void shouldResumeAfterARecordCutShortInsideAOneLineTrailFile() {
    String a = record("A");
    String b = record("B");
    String damaged = b.substring(0, b.length() / 2);
    String file =
        "{\"Records\":[" + a + "," + damaged + "," + record("C") + "," + record("D") + "]}";

    CollectingSink sink = parse(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A", "C", "D");
    assertThat(sink.bad).hasSize(1);
    assertThat(sink.bad.get(0).line()).isEqualTo(1);
  }

  @Test
  void shouldResumeAfterAMissingCommaBetweenRecords() {
    String file = "{\"Records\":[" + record("A") + record("B") + "," + record("C") + "]}";

    CollectingSink sink = parse(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).contains("A", "C");
    assertThat(sink.bad).isNotEmpty();
  }

  @Test
  void shouldResumeAtTheNextLineAfterADamagedRootObject() {
    String file = record("A").substring(0, 40) + "\n" + record("B") + "\n" + record("C");

    CollectingSink sink = parse(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("B", "C");
    assertThat(sink.bad).hasSize(1);
    assertThat(sink.bad.get(0).line()).isEqualTo(1);
  }

  @Test
  void shouldReportEachMissingRequiredFieldByName() {
    String time = "\"eventTime\":\"" + TIME + "\"";
    String source = "\"eventSource\":\"s3.amazonaws.com\"";
    String name = "\"eventName\":\"GetObject\"";
    assertMissing("{" + source + "," + name + "}", "eventTime");
    assertMissing("{" + time + "," + name + "}", "eventSource");
    assertMissing("{" + time + "," + source + "}", "eventName");
    assertMissing("{\"eventTime\":\"\"," + source + "," + name + "}", "eventTime");
    assertMissing("{" + time + ",\"eventSource\":\"\"," + name + "}", "eventSource");
    assertMissing("{" + time + "," + source + ",\"eventName\":null}", "eventName");
  }

  private void assertMissing(String json, String field) {
    BadRecord bad = parse(json).onlyBad();
    assertThat(bad.reason()).isEqualTo(BadReason.MISSING_FIELD);
    assertThat(bad.detail()).startsWith(field + " ");
  }

  @Test
  void shouldReportRecordsWithMissingFieldsAndStillDeliverTheOthers() {
    String file =
        "{\"Records\":[\n"
            + record("A")
            + ",\n"
            + "{\"eventTime\":\""
            + TIME
            + "\",\"eventSource\":\"s3.amazonaws.com\"},\n"
            + record("C")
            + "\n]}";

    CollectingSink sink = parse(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A", "C");
    BadRecord bad = sink.bad.get(0);
    assertThat(sink.bad).hasSize(1);
    assertThat(bad.reason()).isEqualTo(BadReason.MISSING_FIELD);
    assertThat(bad.line()).isEqualTo(3);
    assertThat(bad.offset())
        .isEqualTo(file.indexOf("{\"eventTime\":\"" + TIME + "\",\"eventSource\":\"s3"));
  }

  @Test
  void shouldReportTimestampsThatAreNotIso8601() {
    for (String time :
        List.of(
            "yesterday",
            "2026-02-30T10:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02 14:07:31",
            "2026-03-02T14:07:31",
            "1772460451")) {
      BadRecord bad = parse(record("X").replace(TIME, time)).onlyBad();
      assertThat(bad.reason()).as(time).isEqualTo(BadReason.BAD_TIMESTAMP);
    }
  }

  @Test
  void shouldReportReadFieldsOfTheWrongType() {
    assertBadField(
        record("X").replace("\"eventName\":\"X\"", "\"eventName\":{\"a\":1}"), "eventName");
    assertBadField(record("X", "\"awsRegion\":[\"eu-west-1\"]"), "awsRegion");
    assertBadField(record("X", "\"recipientAccountId\":123456789012"), "recipientAccountId");
    assertBadField(record("X", "\"readOnly\":1"), "readOnly");
    assertBadField(record("X", "\"readOnly\":\"yes\""), "readOnly");
    assertBadField(record("X", "\"userIdentity\":\"root\""), "userIdentity");
    assertBadField(record("X", "\"userIdentity\":{\"arn\":{}}"), "userIdentity.arn");
    assertBadField(record("X", "\"eventID\":42"), "eventID");
    assertBadField(record("X").replace("\"" + TIME + "\"", "1772460451000"), "eventTime");
  }

  private void assertBadField(String json, String field) {
    BadRecord bad = parse(json).onlyBad();
    assertThat(bad.reason()).isEqualTo(BadReason.BAD_FIELD);
    assertThat(bad.detail()).startsWith(field + " is ");
  }

  @Test
  void shouldReportARecordLargerThanTheLimit() {
    CloudTrailParser small = new CloudTrailParser(300);
    String big = record("Big", "\"requestParameters\":\"" + "x".repeat(400) + "\"");

    BadRecord bad = parse(small, big).onlyBad();

    assertThat(bad.reason()).isEqualTo(BadReason.TOO_LARGE);
    assertThat(bad.detail()).contains(Integer.toString(big.length())).contains("300");
  }

  @Test
  void shouldReportOnlyTheOversizedRecordsOfARecordsFileLargerThanTheLimit() {
    CloudTrailParser small = new CloudTrailParser(300);
    String big = record("Big", "\"requestParameters\":\"" + "x".repeat(400) + "\"");
    String file =
        "{\"Records\":[\n"
            + record("A")
            + ",\n"
            + big
            + ",\n"
            + record("C")
            + ",\n"
            + record("D")
            + "]}";

    CollectingSink sink = parse(small, file);

    assertThat(file.length()).isGreaterThan(300);
    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A", "C", "D");
    assertThat(sink.bad).extracting(BadRecord::reason).containsExactly(BadReason.TOO_LARGE);
    assertThat(sink.bad.get(0).line()).isEqualTo(3);
  }

  @Test
  void shouldReportAnEventBridgeMessageLargerThanTheLimit() {
    CloudTrailParser small = new CloudTrailParser(300);
    String event =
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"resources\":[\""
            + "r".repeat(300)
            + "\"],\"detail\":"
            + record("A")
            + "}";

    assertThat(parse(small, event).onlyBad().reason()).isEqualTo(BadReason.TOO_LARGE);
  }

  @Test
  void shouldReportEventBridgeEventsWithoutAUsableDetail() {
    assertThat(parse("{\"detail-type\":\"AWS API Call via CloudTrail\"}").onlyBad().reason())
        .isEqualTo(BadReason.MISSING_FIELD);
    assertThat(
            parse("{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":\"x\"}")
                .onlyBad()
                .reason())
        .isEqualTo(BadReason.BAD_FIELD);
  }

  @Test
  void shouldCountLinesFromTheGivenFirstLine() {
    CollectingSink sink = new CollectingSink();
    byte[] bytes = ("\n\n{\"eventName\":\"X\"}").getBytes(StandardCharsets.UTF_8);

    parser.parse(bytes, 0, bytes.length, "f.jsonl", 41, sink);

    assertThat(sink.onlyBad().line()).isEqualTo(43);
    assertThat(sink.onlyBad().describe()).startsWith("f.jsonl:43: missing-field: eventTime");
  }

  @Test
  void shouldParseASliceOfABufferWithOffsetsRelativeToIt() {
    String json = record("A") + " {\"eventName\":\"X\"}";
    byte[] bytes = ("garbage" + json + "garbage").getBytes(StandardCharsets.UTF_8);
    CollectingSink sink = new CollectingSink();

    parser.parse(bytes, 7, json.length(), "m", sink);

    assertThat(sink.records).extracting(CloudTrailRecord::eventName).containsExactly("A");
    assertThat(sink.bad)
        .extracting(BadRecord::offset)
        .containsExactly((long) json.indexOf(" {") + 1);
  }

  @Test
  void shouldNeverPutRecordContentInErrors() {
    String secret = "AKIASECRETVALUE1234";
    List<String> bad =
        List.of(
            record("X").replace(TIME, secret),
            record("X", "\"readOnly\":\"" + secret + "\""),
            "{\"eventTime\":\"" + secret + "\",\"eventName\":\"x\"}",
            "{\"eventTime\":\"" + secret,
            secret,
            "{\"a\":" + secret + "}",
            "{\"" + secret + "\" \"x\"}",
            "[\"" + secret + "\"]");

    for (String json : bad) {
      CollectingSink sink = parse(json);
      assertThat(sink.bad).as(json).isNotEmpty();
      for (BadRecord b : sink.bad) {
        assertThat(b.describe()).as(json).doesNotContain(secret).doesNotContain("SECRET");
      }
    }
  }

  @Test
  void shouldStartCleanAfterABadRecord() {
    parse(record("X", "\"awsRegion\":{}", "\"errorCode\":\"Denied\""));

    CloudTrailRecord r = parse(record("Y")).onlyRecord();

    assertThat(r.awsRegion()).isEmpty();
    assertThat(r.errorCode()).isNull();
  }

  @Test
  void shouldRejectANonPositiveLimit() {
    assertThatThrownBy(() -> new CloudTrailParser(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
