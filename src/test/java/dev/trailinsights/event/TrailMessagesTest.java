package dev.trailinsights.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.event.TrailMessages.FileResult;
import dev.trailinsights.event.TrailMessages.Keying;
import dev.trailinsights.event.TrailMessages.Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrailMessagesTest {
  @TempDir Path dir;

  private record Message(String key, String value) {}

  private static String record(String account, String region, String name) {
    return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-01T00:00:00Z\","
        + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\""
        + name
        + "\",\"awsRegion\":\""
        + region
        + "\",\"requestParameters\":{\"nested\":{\"recipientAccountId\":\"999\"}},"
        + "\"resources\":[{\"ARN\":\"arn:aws:iam::1:role/x\"}],"
        + "\"recipientAccountId\":\""
        + account
        + "\"}";
  }

  private List<Message> messages;

  private FileResult read(Path file, Keying keying, boolean wholeFiles) {
    messages = new ArrayList<>();
    return new TrailMessages(keying, wholeFiles)
        .read(
            file,
            (k, v) ->
                messages.add(
                    new Message(k == null ? null : new String(k, UTF_8), new String(v, UTF_8))));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void shouldSplitPrettyPrintedTrailFileIntoTheExactBytesOfEachRecord() throws IOException {
    String first =
        "{\n      \"awsRegion\" : \"eu-west-1\",\n      \"recipientAccountId\": \"111\"\n    }";
    String second = record("222", "us-east-1", "CreateUser");
    Path file =
        write(
            "trail.json",
            "\n\n{\n  \"Records\": [\n    " + first + ",\n    " + second + "\n  ]\n}\n");

    FileResult result = read(file, Keying.ACCOUNT_REGION, false);

    assertThat(result.layout()).isEqualTo(Layout.DOCUMENT);
    assertThat(messages)
        .containsExactly(new Message("111|eu-west-1", first), new Message("222|us-east-1", second));
    assertThat(result.messages()).isEqualTo(2);
    assertThat(result.bytes()).isEqualTo(first.length() + second.length());
  }

  @Test
  void shouldSplitOneLineTrailFileAsCloudTrailDeliversIt() throws IOException {
    String a = record("111", "eu-west-1", "A");
    String b = record("111", "eu-west-1", "B");
    Path file = write("one-line.json", "{\"Records\":[" + a + "," + b + "]}");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages).extracting(Message::value).containsExactly(a, b);
  }

  @Test
  void shouldIgnoreNestedFieldsNamedLikeKeyFields() throws IOException {
    Path file =
        write(
            "nested.json",
            "{\"Records\":[{\"requestParameters\":{\"awsRegion\":\"x\","
                + "\"recipientAccountId\":\"y\"},\"eventName\":\"A\"}]}");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages).extracting(Message::key).containsExactly((String) null);
  }

  @Test
  void shouldSendNonObjectRecordsAsTheyAreForTheDetectorToReport() throws IOException {
    Path file = write("odd.json", "{\"Records\":[\"text\", 12, [1,2], {\"eventName\":\"A\"}]}");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages)
        .extracting(Message::value)
        .containsExactly("\"text\"", "12", "[1,2]", "{\"eventName\":\"A\"}");
  }

  @Test
  void shouldSendJsonLinesOneMessagePerLineKeyedByAccountAndRegion() throws IOException {
    String a = record("111", "eu-west-1", "A");
    String b = record("222", "us-east-1", "B");
    String eventBridge =
        "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"account\":\"333\","
            + "\"region\":\"ap-south-1\",\"detail\":"
            + record("333", "ap-south-1", "C")
            + "}";
    Path file = write("events.jsonl", a + "\r\n\n" + b + "\n" + eventBridge);

    FileResult result = read(file, Keying.ACCOUNT_REGION, false);

    assertThat(result.layout()).isEqualTo(Layout.JSON_LINES);
    assertThat(messages)
        .containsExactly(
            new Message("111|eu-west-1", a),
            new Message("222|us-east-1", b),
            new Message("333|ap-south-1", eventBridge));
  }

  @Test
  void shouldKeyEventBridgeEventByItsDetailOrItsEnvelope() throws IOException {
    String envelopeOnly =
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"account\":\"444\",\"region\":\"eu-north-1\","
            + "\"detail\":{\"eventName\":\"A\"}}";
    String detailOnly =
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":"
            + record("555", "sa-east-1", "B")
            + "}";
    Path file = write("eb.jsonl", envelopeOnly + "\n" + detailOnly + "\n");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages)
        .extracting(Message::key)
        .containsExactly("444|eu-north-1", "555|sa-east-1");
  }

  @Test
  void shouldSendPrettyPrintedEventBridgeEventWhole() throws IOException {
    String event =
        "{\n  \"detail-type\": \"AWS API Call via CloudTrail\",\n  \"detail\": "
            + record("666", "eu-west-3", "A")
            + "\n}";
    Path file = write("eb.json", event + "\n");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages).containsExactly(new Message("666|eu-west-3", event));
  }

  @Test
  void shouldReadGzipByMagicBytesWhateverTheName() throws IOException {
    String a = record("111", "eu-west-1", "A");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(("{\"Records\":[" + a + "]}").getBytes(UTF_8));
    }
    Path file = Files.write(dir.resolve("no-extension"), bytes.toByteArray());

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages).containsExactly(new Message("111|eu-west-1", a));
  }

  @Test
  void shouldSendWholeFileKeyedByItsFirstRecord() throws IOException {
    String content =
        "{\"Records\":["
            + record("777", "us-west-2", "A")
            + ","
            + record("888", "us-west-1", "B")
            + "]}\n";
    Path file = write("whole.json", content);

    FileResult result = read(file, Keying.ACCOUNT_REGION, true);

    assertThat(result.layout()).isEqualTo(Layout.WHOLE_FILE);
    assertThat(messages).containsExactly(new Message("777|us-west-2", content));
  }

  @Test
  void shouldLeaveKeysOutWhenAsked() throws IOException {
    Path file = write("a.jsonl", record("1", "r", "A") + "\n" + record("2", "r", "B") + "\n");

    read(file, Keying.NONE, false);

    assertThat(messages).extracting(Message::key).containsOnlyNulls().hasSize(2);
  }

  @Test
  void shouldSendNothingForAnEmptyFile() throws IOException {
    Path file = write("empty.json", " \n\n");

    FileResult result = read(file, Keying.ACCOUNT_REGION, false);

    assertThat(result.layout()).isEqualTo(Layout.EMPTY);
    assertThat(messages).isEmpty();
  }

  @Test
  void shouldSendUnreadableLinesAsTheyAre() throws IOException {
    Path file = write("bad.jsonl", record("1", "r", "A") + "\nnot json\n");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages).extracting(Message::value).endsWith("not json");
    assertThat(messages).extracting(Message::key).containsExactly("1|r", null);
  }

  @Test
  void shouldSendDamagedJsonAsOneMessageAndGoOnWithTheNextRecord() throws IOException {
    Path file =
        write(
            "broken.json",
            "{\"Records\":[\n"
                + record("1", "r", "A")
                + ",\n{\"x\": ]},\n"
                + record("1", "r", "C")
                + "]}");

    FileResult r = read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages)
        .extracting(Message::value)
        .containsExactly(record("1", "r", "A"), "{\"x\": ]},\n", record("1", "r", "C"));
    assertThat(r.damaged()).isEqualTo(1);
    assertThat(r.clean()).isFalse();
  }

  @Test
  void shouldFailOnCorruptGzip() throws IOException {
    Path file = Files.write(dir.resolve("bad.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});

    assertThatThrownBy(() -> read(file, Keying.ACCOUNT_REGION, false))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(file + ": ");
  }

  @Test
  void shouldReadLinesLongerThanTheBuffer() throws IOException {
    String big =
        "{\"recipientAccountId\":\"1\",\"awsRegion\":\"r\",\"pad\":\""
            + "x".repeat(200_000)
            + "\"}";
    Path file = write("big.jsonl", big + "\n" + big + "\n");

    read(file, Keying.ACCOUNT_REGION, false);

    assertThat(messages).containsExactly(new Message("1|r", big), new Message("1|r", big));
  }
}
