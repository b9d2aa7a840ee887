package dev.trailinsights.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of a queue message into the objects it announces. Four forms are known:
 *
 * <ul>
 *   <li>an S3 event notification ({@code {"Records":[{"eventSource":"aws:s3","eventName":
 *       "ObjectCreated:Put","s3":{...}}]}}), whose keys are URL-encoded as S3 sends them;
 *   <li>the same wrapped by SNS ({@code {"Type":"Notification","Message":"..."}}, raw message
 *       delivery off);
 *   <li>CloudTrail's own SNS notification ({@code {"s3Bucket":"...","s3ObjectKey":["..."]}}), raw
 *       or wrapped by SNS;
 *   <li>an EventBridge {@code Object Created} event from {@code aws.s3}.
 * </ul>
 *
 * S3's test event and events other than object creation are {@link Ignored}; anything else is
 * {@link Unknown}, with the reason.
 */
public final class Notifications {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Notifications() {}

  /** What a message announces. */
  public sealed interface Notification permits Objects, Ignored, Unknown {}

  /**
   * Objects to read.
   *
   * @param format the envelope: {@code s3}, {@code sns-s3}, {@code cloudtrail}, {@code
   *     sns-cloudtrail} or {@code eventbridge}
   * @param objects the objects, in the message's order
   */
  public record Objects(String format, List<ObjectRef> objects) implements Notification {
    public Objects {
      objects = List.copyOf(objects);
    }
  }

  /**
   * A known message that announces no object to read (S3's test event, a deletion).
   *
   * @param why in words
   */
  public record Ignored(String why) implements Notification {}

  /**
   * A message that is none of the known forms.
   *
   * @param reason in words, without the message's content
   */
  public record Unknown(String reason) implements Notification {}

  /** Reads a message body. */
  public static Notification parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Unknown("not JSON");
    }
    if (root == null || !root.isObject()) {
      return new Unknown("not a JSON object");
    }
    if ("Notification".equals(text(root, "Type")) && root.path("Message").isTextual()) {
      JsonNode inner;
      try {
        inner = JSON.readTree(root.path("Message").asText());
      } catch (JsonProcessingException e) {
        return new Unknown("SNS notification whose Message is not JSON");
      }
      if (inner == null || !inner.isObject()) {
        return new Unknown("SNS notification whose Message is not a JSON object");
      }
      Notification n = unwrapped(inner);
      return n instanceof Objects o ? new Objects("sns-" + o.format(), o.objects()) : n;
    }
    return unwrapped(root);
  }

  private static Notification unwrapped(JsonNode root) {
    if (root.has("Records")) {
      return s3Event(root.path("Records"));
    }
    if (root.has("s3Bucket") || root.has("s3ObjectKey")) {
      return cloudTrail(root);
    }
    if (root.has("detail-type") && root.has("detail")) {
      return eventBridge(root);
    }
    if ("s3:TestEvent".equals(text(root, "Event"))) {
      return new Ignored("S3 test event");
    }
    return new Unknown("neither an S3, CloudTrail nor EventBridge notification");
  }

  private static Notification s3Event(JsonNode records) {
    if (!records.isArray() || records.isEmpty()) {
      return new Unknown("S3 notification without records");
    }
    List<ObjectRef> objects = new ArrayList<>();
    int ignored = 0;
    for (JsonNode r : records) {
      if (!"aws:s3".equals(text(r, "eventSource"))) {
        return new Unknown("S3 notification record whose eventSource is not aws:s3");
      }
      String event = text(r, "eventName");
      if (event == null || !event.startsWith("ObjectCreated:")) {
        ignored++;
        continue;
      }
      String bucket = text(r.path("s3").path("bucket"), "name");
      String key = text(r.path("s3").path("object"), "key");
      if (bucket == null || key == null || bucket.isEmpty() || key.isEmpty()) {
        return new Unknown("S3 notification record without bucket name or object key");
      }
      objects.add(
          new ObjectRef(
              bucket,
              URLDecoder.decode(key, StandardCharsets.UTF_8),
              text(r.path("s3").path("object"), "eTag"),
              instant(text(r, "eventTime"))));
    }
    if (objects.isEmpty()) {
      return new Ignored(ignored + " S3 events other than object creation");
    }
    return new Objects("s3", objects);
  }

  private static Notification cloudTrail(JsonNode root) {
    String bucket = text(root, "s3Bucket");
    JsonNode keys = root.path("s3ObjectKey");
    if (bucket == null || bucket.isEmpty() || !keys.isArray() || keys.isEmpty()) {
      return new Unknown("CloudTrail notification without s3Bucket or s3ObjectKey list");
    }
    List<ObjectRef> objects = new ArrayList<>();
    for (JsonNode k : keys) {
      if (!k.isTextual() || k.asText().isEmpty()) {
        return new Unknown("CloudTrail notification with a key that is not a string");
      }
      objects.add(new ObjectRef(bucket, k.asText(), null, null));
    }
    return new Objects("cloudtrail", objects);
  }

  private static Notification eventBridge(JsonNode root) {
    if (!"aws.s3".equals(text(root, "source"))) {
      return new Unknown("EventBridge event whose source is not aws.s3");
    }
    if (!"Object Created".equals(text(root, "detail-type"))) {
      return new Ignored("EventBridge S3 event other than Object Created");
    }
    JsonNode d = root.path("detail");
    String bucket = text(d.path("bucket"), "name");
    String key = text(d.path("object"), "key");
    if (bucket == null || key == null || bucket.isEmpty() || key.isEmpty()) {
      return new Unknown("EventBridge Object Created event without bucket name or object key");
    }
    return new Objects(
        "eventbridge",
        List.of(
            new ObjectRef(
                bucket, key, text(d.path("object"), "etag"), instant(text(root, "time")))));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
