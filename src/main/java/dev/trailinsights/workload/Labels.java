package dev.trailinsights.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.InsightType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code labels.json}: how the workload was made, how many API keys it has, its
 * time span, the labelled anomalies and the decoys (keys that look unusual but are normal).
 *
 * <pre>{@code
 * {"generator":{...},"keys":812,"start":"2026-03-02T00:00:00Z","end":"2026-03-09T00:00:00Z",
 *  "accounts":[{"accountId":"...","utcOffsetHours":0}],
 *  "anomalies":[{"id":"a01","kind":"mass-deletion","accountId":"...","region":"us-east-1",
 *    "eventSource":"ec2.amazonaws.com","eventName":"TerminateInstances",
 *    "insightType":"ApiCallRateInsight","errorCode":null,"start":"...","end":"...",
 *    "selection":"write-management","strength":"clear","baselinePerMinute":0.02,
 *    "expectedPerMinute":0.03,"anomalyPerMinute":41.3,"userIdentityArn":"...","userAgent":"...","sourceIPAddress":"..."}],
 *  "decoys":[{"kind":"cron-hourly","accountId":"...",...,"ratePerMinute":0.4,"detail":"..."}]}
 * }</pre>
 *
 * Only {@code start}, {@code end}, {@code keys} and the anomalies' key, type, code, times and
 * selection are required when reading, so labels for real traffic can be written by hand.
 *
 * @param generator parameters of the run (empty for hand-made labels)
 * @param keys distinct API keys in the traffic
 * @param start event time of the first minute
 * @param end event time after the last minute
 * @param utcOffsetHours business-hours offset per account id
 * @param anomalies labelled anomalies
 * @param decoys keys with scheduled or sparse traffic
 */
public record Labels(
    Map<String, Object> generator,
    long keys,
    Instant start,
    Instant end,
    Map<String, Integer> utcOffsetHours,
    List<Label> anomalies,
    List<Decoy> decoys) {

  private static final JsonFactory JSON = new JsonFactory();

  public Labels {
    generator = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(generator));
    utcOffsetHours = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(utcOffsetHours));
    anomalies = List.copyOf(anomalies);
    decoys = List.copyOf(decoys);
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("labels: end must be after start");
    }
    if (keys < 1) {
      throw new IllegalArgumentException("labels: keys must be at least 1");
    }
  }

  /** Length of the traffic in days. */
  public double days() {
    return (end.toEpochMilli() - start.toEpochMilli()) / 86_400_000.0;
  }

  /** Writes this as indented JSON. */
  public void write(OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("generator");
      for (Map.Entry<String, Object> e : generator.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v instanceof Integer i) {
          g.writeNumber(i);
        } else if (v instanceof Long l) {
          g.writeNumber(l);
        } else if (v instanceof Double d) {
          g.writeNumber(d);
        } else {
          g.writeString(String.valueOf(v));
        }
      }
      g.writeEndObject();
      g.writeNumberField("keys", keys);
      g.writeStringField("start", start.toString());
      g.writeStringField("end", end.toString());
      g.writeArrayFieldStart("accounts");
      for (Map.Entry<String, Integer> e : utcOffsetHours.entrySet()) {
        g.writeStartObject();
        g.writeStringField("accountId", e.getKey());
        g.writeNumberField("utcOffsetHours", e.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("anomalies");
      for (Label l : anomalies) {
        g.writeStartObject();
        g.writeStringField("id", l.id());
        g.writeStringField("kind", l.kind());
        g.writeStringField("accountId", l.accountId());
        g.writeStringField("region", l.region());
        g.writeStringField("eventSource", l.eventSource());
        g.writeStringField("eventName", l.eventName());
        g.writeStringField("insightType", l.insightType().awsName());
        g.writeStringField("errorCode", l.errorCode());
        g.writeStringField("start", l.start().toString());
        g.writeStringField("end", l.end().toString());
        g.writeStringField("selection", l.selection().label());
        g.writeStringField("strength", l.strength());
        number(g, "baselinePerMinute", l.baselinePerMinute());
        number(g, "expectedPerMinute", l.expectedPerMinute());
        number(g, "anomalyPerMinute", l.anomalyPerMinute());
        g.writeStringField("userIdentityArn", l.userIdentityArn());
        g.writeStringField("userAgent", l.userAgent());
        g.writeStringField("sourceIPAddress", l.sourceIPAddress());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("decoys");
      for (Decoy d : decoys) {
        g.writeStartObject();
        g.writeStringField("kind", d.kind());
        g.writeStringField("accountId", d.accountId());
        g.writeStringField("region", d.region());
        g.writeStringField("eventSource", d.eventSource());
        g.writeStringField("eventName", d.eventName());
        g.writeNumberField("ratePerMinute", round(d.ratePerMinute()));
        g.writeStringField("detail", d.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, round(v));
    }
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /**
   * Reads {@code labels.json}; IllegalArgumentException naming the file and field when it is not
   * valid labels, IOException when it cannot be read.
   */
  public static Labels read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          path + ": not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }

  static Labels parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    Map<String, Object> generator = new LinkedHashMap<>();
    JsonNode gen = root.path("generator");
    for (Map.Entry<String, JsonNode> e : gen.properties()) {
      JsonNode v = e.getValue();
      generator.put(e.getKey(), v.isNumber() ? v.numberValue() : v.asText());
    }
    JsonNode keys = root.get("keys");
    if (keys == null || !keys.canConvertToLong()) {
      throw new IllegalArgumentException("missing or invalid 'keys' (number of API keys)");
    }
    Map<String, Integer> offsets = new LinkedHashMap<>();
    for (JsonNode a : root.path("accounts")) {
      offsets.put(a.path("accountId").asText(), a.path("utcOffsetHours").asInt());
    }
    List<Label> anomalies = new ArrayList<>();
    JsonNode list = root.get("anomalies");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("missing 'anomalies' array");
    }
    int i = 0;
    for (JsonNode a : list) {
      String where = "anomalies[" + i++ + "]";
      String type = text(a, "insightType", where);
      InsightType insightType;
      if (InsightType.API_CALL_RATE.awsName().equals(type)) {
        insightType = InsightType.API_CALL_RATE;
      } else if (InsightType.API_ERROR_RATE.awsName().equals(type)) {
        insightType = InsightType.API_ERROR_RATE;
      } else {
        throw new IllegalArgumentException(
            where + ".insightType: expected ApiCallRateInsight or ApiErrorRateInsight");
      }
      String selection = a.path("selection").asText("write-management");
      EventClass eventClass;
      try {
        eventClass = EventClass.fromLabel(selection);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ".selection: expected write-management, read-management or data");
      }
      JsonNode code = a.get("errorCode");
      anomalies.add(
          new Label(
              a.path("id").asText(where),
              a.path("kind").asText("unknown"),
              text(a, "accountId", where),
              text(a, "region", where),
              text(a, "eventSource", where),
              text(a, "eventName", where),
              insightType,
              code == null || code.isNull() ? null : code.asText(),
              instant(a, "start", where),
              instant(a, "end", where),
              eventClass,
              a.path("strength").asText("unknown"),
              a.path("baselinePerMinute").asDouble(Double.NaN),
              a.path("expectedPerMinute").asDouble(Double.NaN),
              a.path("anomalyPerMinute").asDouble(Double.NaN),
              optional(a, "userIdentityArn"),
              optional(a, "userAgent"),
              optional(a, "sourceIPAddress")));
    }
    List<Decoy> decoys = new ArrayList<>();
    for (JsonNode d : root.path("decoys")) {
      decoys.add(
          new Decoy(
              d.path("kind").asText(),
              d.path("accountId").asText(),
              d.path("region").asText(),
              d.path("eventSource").asText(),
              d.path("eventName").asText(),
              d.path("ratePerMinute").asDouble(),
              d.path("detail").asText("")));
    }
    return new Labels(
        generator,
        keys.asLong(),
        instant(root, "start", "labels"),
        instant(root, "end", "labels"),
        offsets,
        anomalies,
        decoys);
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(where + ": missing '" + field + "'");
    }
    return v.asText();
  }

  private static String optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode n, String field, String where) {
    String s = text(n, field, where);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + "." + field + ": not an ISO-8601 UTC time: " + s);
    }
  }
}
