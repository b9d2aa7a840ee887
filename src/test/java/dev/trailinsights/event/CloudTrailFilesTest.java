package dev.trailinsights.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudTrailFilesTest {
  private static final String TIME = "2026-03-02T14:07:31Z";

  @TempDir Path dir;

  private final CloudTrailFiles files =
      new CloudTrailFiles(new CloudTrailParser(4096), CloudTrailInput.DEFAULT_MAX_FILE_BYTES);

  private static String record(String eventId) {
    return "{\"eventVersion\":\"1.08\",\"eventTime\":\""
        + TIME
        + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
        + "\"awsRegion\":\"eu-west-1\",\"recipientAccountId\":\"111122223333\",\"eventID\":\""
        + eventId
        + "\",\"requestParameters\":{\"bucketName\":\"b\",\"key\":\"k\"}}";
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private Path writeGzip(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, gzip(content));
  }

  private static byte[] gzip(String content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private CollectingSink read(Path file) {
    CollectingSink sink = new CollectingSink();
    files.read(file, sink);
    return sink;
  }

  @Test
  void shouldReadATrailLogFileAsWrittenToS3() throws IOException {
    Path file =
        writeGzip(
            "111122223333_CloudTrail_eu-west-1_20260302T1405Z_abc.json.gz",
            "{\"Records\":[" + record("a") + "," + record("b") + "]}");

    CollectingSink sink = new CollectingSink();
    FileStats stats = files.read(file, sink);

    assertThat(sink.records).extracting(CloudTrailRecord::eventId).containsExactly("a", "b");
    assertThat(stats.records()).isEqualTo(2);
    assertThat(stats.bad()).isZero();
  }

  @Test
  void shouldRecogniseGzipByItsMagicBytesWhateverTheName() throws IOException {
    Path misnamed = writeGzip("events.json", record("a") + "\n" + record("b") + "\n");
    Path plainNamedGz = write("plain.json.gz", record("c"));

    assertThat(read(misnamed).records)
        .extracting(CloudTrailRecord::eventId)
        .containsExactly("a", "b");
    assertThat(read(plainNamedGz).onlyRecord().eventId()).isEqualTo("c");
  }

  @Test
  void shouldReadConcatenatedGzipMembers() throws IOException {
    byte[] first = gzip(record("a") + "\n");
    byte[] second = gzip(record("b") + "\n");
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    Path file = Files.write(dir.resolve("two.jsonl.gz"), both);

    assertThat(read(file).records).extracting(CloudTrailRecord::eventId).containsExactly("a", "b");
  }

  @Test
  void shouldReadJsonLinesSkippingBlankAndBadLinesWithTheirNumbers() throws IOException {
    String content =
        record("1")
            + "\n\n"
            + "not json\n"
            + record("4")
            + "\r\n"
            + "{\"eventTime\":\""
            + TIME
            + "\",\"eventName\":\"X\"}\n"
            + "   \n"
            + record("7").substring(0, 50)
            + "\n"
            + record("8");
    Path file = write("events.jsonl", content);

    CollectingSink sink = new CollectingSink();
    FileStats stats = files.read(file, sink);

    assertThat(sink.records).extracting(CloudTrailRecord::eventId).containsExactly("1", "4", "8");
    assertThat(sink.bad)
        .extracting(BadRecord::line, BadRecord::reason)
        .containsExactly(
            tuple(3L, BadReason.NOT_JSON),
            tuple(5L, BadReason.MISSING_FIELD),
            tuple(7L, BadReason.TRUNCATED));
    assertThat(sink.bad.get(0).offset()).isEqualTo(content.indexOf("not json"));
    assertThat(sink.bad.get(0).describe()).startsWith(file + ":3: not-json: ");
    assertThat(stats).isEqualTo(new FileStats(3, 3, 0, content.length()));
  }

  @Test
  void shouldReportEveryKindOfBadLineWithItsNumberAndGoOn() throws IOException {
    String good = record("ok");
    List<String> lines =
        List.of(
            good,
            "<html>",
            good,
            record("x").substring(0, 40),
            good,
            "{\"eventTime\":\"" + TIME + "\",\"eventSource\":\"s3.amazonaws.com\"}",
            good,
            record("x").replace(TIME, "02/03/2026 14:07"),
            good,
            record("x").replace("\"eventName\":\"GetObject\"", "\"eventName\":[\"GetObject\"]"),
            good,
            record("x").replace("\"k\"", "\"" + "k".repeat(5000) + "\""),
            good);
    Path file = write("bad-lines.jsonl", String.join("\n", lines) + "\n");

    CollectingSink sink = new CollectingSink();
    FileStats stats = files.read(file, sink);

    assertThat(sink.bad)
        .extracting(BadRecord::line, BadRecord::reason)
        .containsExactly(
            tuple(2L, BadReason.NOT_JSON),
            tuple(4L, BadReason.TRUNCATED),
            tuple(6L, BadReason.MISSING_FIELD),
            tuple(8L, BadReason.BAD_TIMESTAMP),
            tuple(10L, BadReason.BAD_FIELD),
            tuple(12L, BadReason.TOO_LARGE));
    assertThat(sink.records).hasSize(7);
    assertThat(stats.records()).isEqualTo(7);
    assertThat(stats.bad()).isEqualTo(6);
  }

  @Test
  void shouldReadJsonLinesOfEveryEnvelope() throws IOException {
    String eventBridge =
        "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"region\":\"x\",\"detail\":"
            + record("eb")
            + "}";
    String insight =
        "{\"detail-type\":\"AWS Insight via CloudTrail\",\"detail\":{\"eventType\":\"AwsCloudTrailInsight\"}}";
    String records = "{\"Records\":[" + record("r1") + "," + record("r2") + "]}";
    Path file =
        writeGzip(
            "mixed.ndjson.gz",
            record("bare") + "\n" + eventBridge + "\n" + insight + "\n" + records + "\n");

    CollectingSink sink = new CollectingSink();
    FileStats stats = files.read(file, sink);

    assertThat(sink.records)
        .extracting(CloudTrailRecord::eventId)
        .containsExactly("bare", "eb", "r1", "r2");
    assertThat(sink.records.get(1).awsRegion()).isEqualTo("eu-west-1");
    assertThat(stats.insightsSkipped()).isEqualTo(1);
  }

  @Test
  void shouldReadAPrettyPrintedDocumentAndReportLineNumbersInIt() throws IOException {
    String content =
        """

        {
          "Records": [
            {
              "eventTime": "2026-03-02T14:07:31Z",
              "eventSource": "iam.amazonaws.com",
              "eventName": "CreateUser",
              "eventID": "one"
            },
            {
              "eventTime": "2026-03-02T14:07:32Z",
              "eventName": "CreateUser"
            },
            {
              "eventTime": "2026-03-02T14:07:33Z",
              "eventSource": "iam.amazonaws.com",
              "eventName": "DeleteUser",
              "eventID": "three"
            }
          ]
        }
        """;
    Path file = write("pretty.json", content);

    CollectingSink sink = read(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventId).containsExactly("one", "three");
    assertThat(sink.bad)
        .extracting(BadRecord::line, BadRecord::reason)
        .containsExactly(tuple(10L, BadReason.MISSING_FIELD));
    assertThat(sink.bad.get(0).offset())
        .isEqualTo(content.indexOf("{\n      \"eventTime\": \"2026-03-02T14:07:32Z"));
  }

  @Test
  void shouldReportASyntaxErrorInAPrettyPrintedDocumentWithLineAndColumn() throws IOException {
    String content =
        "{\n  \"Records\": [\n    " + record("a") + ",\n    {\"eventTime\" 1}\n  ]\n}\n";
    Path file = write("broken.json", content);

    CollectingSink sink = read(file);

    assertThat(sink.records).extracting(CloudTrailRecord::eventId).containsExactly("a");
    assertThat(sink.bad).hasSize(1);
    assertThat(sink.bad.get(0).line()).isEqualTo(4);
    assertThat(sink.bad.get(0).detail()).contains("column 18");
  }

  @Test
  void shouldReadAOneLineRecordsFileLargerThanTheRecordLimitRecordByRecord() throws IOException {
    StringBuilder content = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < 500; i++) {
      content.append(i == 0 ? "" : ",").append(record(Integer.toString(i)));
    }
    content.append("]}");
    Path file = writeGzip("big.json.gz", content.toString());

    CollectingSink sink = new CollectingSink();
    FileStats stats = files.read(file, sink);

    assertThat(content.length()).isGreaterThan(20 * 4096);
    assertThat(sink.bad).isEmpty();
    assertThat(sink.records).hasSize(500);
    assertThat(sink.records.get(499).eventId()).isEqualTo("499");
    assertThat(stats.bytes()).isEqualTo(content.length());
  }

  @Test
  void shouldReadManyLinesAcrossBufferBoundaries() throws IOException {
    StringBuilder content = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      content.append(i % 1000 == 0 ? "{\"broken\":" : record(Integer.toString(i))).append('\n');
    }
    Path file = write("many.jsonl", content.toString());

    CollectingSink sink = read(file);

    assertThat(content.length()).isGreaterThan(4 * 65536);
    assertThat(sink.records).hasSize(2997);
    for (int i = 0; i < sink.records.size(); i++) {
      int line = i + 1 + i / 999;
      assertThat(sink.records.get(i).eventId()).isEqualTo(Integer.toString(line));
    }
    assertThat(sink.bad).extracting(BadRecord::line).containsExactly(1000L, 2000L, 3000L);
  }

  @Test
  void shouldReportALineLongerThanTheLimitAndGoOn() throws IOException {
    String huge = record("huge").replace("\"k\"", "\"" + "k".repeat(300_000) + "\"");
    String content =
        record("1") + "\n" + huge + "\n" + record("3") + "\n" + huge + "\r\n" + record("5");
    Path file = write("long.jsonl", content);

    CollectingSink sink = new CollectingSink();
    FileStats stats = files.read(file, sink);

    assertThat(sink.records).extracting(CloudTrailRecord::eventId).containsExactly("1", "3", "5");
    assertThat(sink.bad)
        .extracting(BadRecord::line, BadRecord::reason)
        .containsExactly(tuple(2L, BadReason.TOO_LARGE), tuple(4L, BadReason.TOO_LARGE));
    assertThat(sink.bad.get(0).detail()).contains(Integer.toString(huge.length()));
    assertThat(sink.bad.get(1).offset()).isEqualTo(content.lastIndexOf(huge));
    assertThat(stats.bytes()).isEqualTo(content.length());
  }

  @Test
  void shouldReadJsonLinesUnderTheLargestPossibleLimit() throws IOException {
    Path file = write("unbounded.jsonl", record("1") + "\n" + record("2") + "\n");
    CollectingSink sink = new CollectingSink();

    new CloudTrailFiles(
            new CloudTrailParser(Integer.MAX_VALUE), CloudTrailInput.DEFAULT_MAX_FILE_BYTES)
        .read(file, sink);

    assertThat(sink.records).extracting(CloudTrailRecord::eventId).containsExactly("1", "2");
  }

  @Test
  void shouldReadARecordAsTheWholeFileWhenItIsTheOnlyLine() throws IOException {
    Path file = write("one.json", "\n\n" + record("only") + "\n\n");

    assertThat(read(file).onlyRecord().eventId()).isEqualTo("only");
  }

  @Test
  void shouldReadNothingFromAnEmptyFile() throws IOException {
    CollectingSink sink = new CollectingSink();

    FileStats stats = files.read(write("empty.json", ""), sink);

    assertThat(stats).isEqualTo(new FileStats(0, 0, 0, 0));
    assertThat(files.read(write("blank.json", "\n  \n"), sink).bad()).isZero();
  }

  @Test
  void shouldExpandFoldersRecursivelySortedWithoutHiddenFilesOrDuplicates() throws IOException {
    Path b = write("logs/2026/03/02/b.json.gz", "");
    Path a = write("logs/2026/03/02/a.json.gz", "");
    Path c = write("logs/2026/03/01/c.json", "");
    write("logs/.hidden.json", "");
    write("logs/.cache/x.json", "");
    Path top = write("top.jsonl", "");

    List<Path> expanded =
        CloudTrailFiles.expand(
            List.of(
                dir.resolve("logs"),
                top,
                dir.resolve("logs/2026/03/02"),
                a,
                dir.resolve("top.jsonl")));

    assertThat(expanded).containsExactly(c, a, b, top);
  }

  @Test
  void shouldLeaveOutCloudTrailDigestFolders() throws IOException {
    Path events = write("AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/02/e.json.gz", "");
    write("AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/03/02/d.json.gz", "");

    assertThat(CloudTrailFiles.expand(List.of(dir.resolve("AWSLogs")))).containsExactly(events);
  }

  @Test
  void shouldKeepAHiddenFileNamedDirectly() throws IOException {
    Path hidden = write(".events.json", "");

    assertThat(CloudTrailFiles.expand(List.of(hidden))).containsExactly(hidden);
  }

  @Test
  void shouldFailOnAMissingPath() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> CloudTrailFiles.expand(List.of(missing)))
        .isInstanceOf(InputException.class)
        .hasMessage(missing + ": no such file or directory");
    assertThatThrownBy(() -> files.read(missing, new CollectingSink()))
        .isInstanceOf(InputException.class)
        .hasMessage(missing + ": no such file or directory");
  }

  @Test
  void shouldFailOnAFolderGivenAsAFile() {
    assertThatThrownBy(() -> files.read(dir, new CollectingSink()))
        .isInstanceOf(InputException.class)
        .hasMessage(dir + ": is a directory");
  }

  @Test
  void shouldFailOnCorruptGzip() throws IOException {
    byte[] good = gzip(record("a") + "\n" + record("b") + "\n");
    Path badHeader =
        Files.write(dir.resolve("bad.json.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
    byte[] corrupt = good.clone();
    for (int i = 12; i < corrupt.length - 8; i++) {
      corrupt[i] = (byte) 0xff;
    }
    Path badData = Files.write(dir.resolve("corrupt.json.gz"), corrupt);
    Path cut = Files.write(dir.resolve("cut.json.gz"), Arrays.copyOf(good, good.length / 2));

    for (Path file : List.of(badHeader, badData, cut)) {
      assertThatThrownBy(() -> files.read(file, new CollectingSink()))
          .isInstanceOf(InputException.class)
          .hasMessageStartingWith(file + ": ")
          .hasMessageContaining("gzip");
    }
  }
}
