package dev.trailinsights.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Generates broken and hostile CloudTrail inputs at test time (nothing big is committed): logs cut
 * at their start, damaged records inside a trail file, endless lines, gzip bombs.
 */
final class HostileCorpus {
  private HostileCorpus() {}

  /** One CloudTrail record on one line, named by its event name. */
  static String record(String eventName, int i) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"accountId\":"
        + "\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:user/u\"},\"eventTime\":"
        + "\"2024-05-01T12:"
        + String.format("%02d:%02d", (i / 60) % 60, i % 60)
        + "Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\""
        + eventName
        + "\",\"awsRegion\":\"us-east-1\",\"userAgent\":\"aws-cli\",\"requestParameters\":"
        + "{\"bucketName\":\"b\"},\"resources\":[{\"ARN\":\"arn:aws:s3:::b\"},{\"ARN\":\"x\"}],"
        + "\"eventID\":\"id-"
        + eventName
        + "-"
        + i
        + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
        + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
  }

  /** JSON lines of {@code n} records whose first line lost its first {@code cut} bytes. */
  static Path jsonLinesCutAtStart(Path dir, int n, int cut) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(record("Get" + i, i)).append('\n');
    }
    return Files.writeString(dir.resolve("cut-start.jsonl"), b.substring(cut));
  }

  /** A one-line trail file of {@code n} records whose record {@code damaged} is cut in half. */
  static Path recordsWithDamagedRecord(Path dir, int n, int damaged) throws IOException {
    StringBuilder b = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < n; i++) {
      String r = record("Get" + i, i);
      b.append(i == damaged ? r.substring(0, r.length() / 2) : r);
      b.append(i + 1 < n ? "," : "");
    }
    return Files.writeString(dir.resolve("damaged-mid-array.json"), b.append("]}"));
  }

  /** A file of {@code bytes} zero bytes and no line break, like the start of /dev/zero. */
  static Path endlessLine(Path dir, long bytes) throws IOException {
    Path p = dir.resolve("endless-line.jsonl");
    try (OutputStream out = Files.newOutputStream(p)) {
      byte[] zeros = new byte[1 << 20];
      for (long left = bytes; left > 0; left -= zeros.length) {
        out.write(zeros, 0, (int) Math.min(left, zeros.length));
      }
    }
    return p;
  }

  /** {@link #endlessLine} of {@code bytes}, then a line break and one good record. */
  static Path longLineThenRecord(Path dir, long bytes) throws IOException {
    Path file = endlessLine(dir, bytes);
    return Files.writeString(
        file, "\n" + record("After", 1) + "\n", java.nio.file.StandardOpenOption.APPEND);
  }

  /** A gzip file that inflates to {@code inflated} zero bytes (about a thousand times its size). */
  static Path gzipBomb(Path dir, String name, long inflated) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p), 1 << 16)) {
      byte[] zeros = new byte[1 << 20];
      for (long left = inflated; left > 0; left -= zeros.length) {
        out.write(zeros, 0, (int) Math.min(left, zeros.length));
      }
    }
    return p;
  }

  /** {@code n} records as JSON lines, gzip-compressed when the name ends in {@code .gz}. */
  static Path jsonLines(Path dir, String name, int n) throws IOException {
    Path p = dir.resolve(name);
    OutputStream file = Files.newOutputStream(p);
    try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file) {
      for (int i = 0; i < n; i++) {
        out.write((record("Line" + i, i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return p;
  }

  /**
   * JSON lines of one write call of each of {@code keys} APIs (distinct event names), in time order
   * over an hour.
   */
  static Path manyKeys(Path dir, int keys) throws IOException {
    Path p = dir.resolve("many-keys.jsonl");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 16)) {
      for (int k = 0; k < keys; k++) {
        String r =
            record("Put" + k, (int) ((long) k * 3600 / keys))
                .replace("\"readOnly\":true", "\"readOnly\":false");
        out.write((r + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return p;
  }

  /** A good trail file of {@code n} records. */
  static Path goodFile(Path dir, String name, int n) throws IOException {
    StringBuilder b = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(record("Good" + i, i));
    }
    return Files.write(
        dir.resolve(name), b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }
}
