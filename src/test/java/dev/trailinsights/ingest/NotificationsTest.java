package dev.trailinsights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationsTest {
  private static final String KEY =
      "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/01/111122223333_CloudTrail_x.json.gz";

  @Test
  void shouldReadAnS3EventNotificationWithItsUrlEncodedKeyAndEtag() {
    String body =
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
            + "\"eventTime\":\"2026-03-01T00:05:00.000Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
            + "\"object\":{\"key\":\"a+b%3Dc.json.gz\",\"eTag\":\"abc\"}}}]}";

    Notifications.Notification n = Notifications.parse(body);

    assertThat(n)
        .isEqualTo(
            new Notifications.Objects(
                "s3",
                java.util.List.of(
                    new ObjectRef(
                        "b", "a b=c.json.gz", "abc", Instant.parse("2026-03-01T00:05:00Z")))));
  }

  @Test
  void shouldUnwrapCloudTrailsNotificationFromSns() {
    String inner = "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"" + KEY + "\",\"k2\"]}";
    String body = "{\"Type\":\"Notification\",\"Message\":\"" + inner.replace("\"", "\\\"") + "\"}";

    Notifications.Notification n = Notifications.parse(body);

    assertThat(n).isInstanceOf(Notifications.Objects.class);
    Notifications.Objects o = (Notifications.Objects) n;
    assertThat(o.format()).isEqualTo("sns-cloudtrail");
    assertThat(o.objects()).extracting(ObjectRef::key).containsExactly(KEY, "k2");
  }

  @Test
  void shouldReadAnEventBridgeObjectCreatedEvent() {
    String body =
        "{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"time\":\"2026-03-01T00:05:00Z\","
            + "\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\""
            + KEY
            + "\",\"etag\":\"e1\"}}}";

    Notifications.Objects o = (Notifications.Objects) Notifications.parse(body);

    assertThat(o.format()).isEqualTo("eventbridge");
    assertThat(o.objects())
        .containsExactly(new ObjectRef("b", KEY, "e1", Instant.parse("2026-03-01T00:05:00Z")));
  }

  @Test
  void shouldIgnoreTheS3TestEventAndDeletions() {
    assertThat(Notifications.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}"))
        .isInstanceOf(Notifications.Ignored.class);
    assertThat(
            Notifications.parse(
                "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectRemoved:Delete\","
                    + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}"))
        .isInstanceOf(Notifications.Ignored.class);
  }

  @Test
  void shouldCallOtherMessagesUnknownWithAReason() {
    assertThat(Notifications.parse("not json")).isEqualTo(new Notifications.Unknown("not JSON"));
    assertThat(Notifications.parse("{\"hello\":1}"))
        .isEqualTo(
            new Notifications.Unknown("neither an S3, CloudTrail nor EventBridge notification"));
    assertThat(Notifications.parse("{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}"))
        .isInstanceOf(Notifications.Unknown.class);
    assertThat(Notifications.parse("{\"s3Bucket\":\"b\",\"s3ObjectKey\":[]}"))
        .isInstanceOf(Notifications.Unknown.class);
  }

  @Test
  void shouldTellDigestAndInsightFilesByTheirKey() {
    assertThat(new ObjectRef("b", KEY, null, null).kind()).isEqualTo(ObjectRef.Kind.LOG);
    assertThat(
            new ObjectRef("b", "AWSLogs/1/CloudTrail-Digest/eu-west-1/2026/x.json.gz", null, null)
                .kind())
        .isEqualTo(ObjectRef.Kind.DIGEST);
    assertThat(
            new ObjectRef("b", "AWSLogs/1/CloudTrail-Insight/eu-west-1/2026/x.json.gz", null, null)
                .kind())
        .isEqualTo(ObjectRef.Kind.INSIGHT);
    assertThat(new ObjectRef("b", "k", "\"quoted\"", null).etag()).isEqualTo("quoted");
  }
}
