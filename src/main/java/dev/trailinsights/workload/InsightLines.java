package dev.trailinsights.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Insights events, one JSON record per line (as {@code replay} and the insights topic write
 * them; EventBridge-wrapped records are unwrapped), into {@link InsightEvent}s. Only the fields
 * evaluation needs are read, through a JSON tree: insights are few, this is not a hot path. {@code
 * insightDetails.trailInsights.decidedAt} may be an ISO time or epoch milliseconds ({@code
 * decidedAtMillis} is accepted too).
 */
public final class InsightLines {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private InsightLines() {}

  /**
   * All insights of {@code path}; IllegalArgumentException naming the file and line on a record
   * that is not an Insights event, IOException when the file cannot be read.
   */
  public static List<InsightEvent> read(Path path) throws IOException {
    List<InsightEvent> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(parse(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(path + ":" + n + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** One Insights record; IllegalArgumentException when it is not one. */
  public static InsightEvent parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (root.has("detail") && root.get("detail").has("insightDetails")) {
      root = root.get("detail");
    }
    JsonNode d = root.get("insightDetails");
    if (d == null || !d.isObject()) {
      throw new IllegalArgumentException("not an Insights event: no insightDetails");
    }
    String state = text(d, "state");
    InsightState insightState =
        switch (state) {
          case "Start" -> InsightState.START;
          case "End" -> InsightState.END;
          default -> throw new IllegalArgumentException("insightDetails.state: " + state);
        };
    String type = text(d, "insightType");
    InsightType insightType;
    if (InsightType.API_CALL_RATE.awsName().equals(type)) {
      insightType = InsightType.API_CALL_RATE;
    } else if (InsightType.API_ERROR_RATE.awsName().equals(type)) {
      insightType = InsightType.API_ERROR_RATE;
    } else {
      throw new IllegalArgumentException("insightDetails.insightType: " + type);
    }
    JsonNode stats = d.path("insightContext").path("statistics");
    List<Attribution> attributions = new ArrayList<>();
    for (JsonNode a : d.path("insightContext").path("attributions")) {
      attributions.add(
          new Attribution(
              a.path("attribute").asText(), values(a.path("insight")), values(a.path("baseline"))));
    }
    String errorCode = optional(d, "errorCode");
    if (errorCode == null && insightType == InsightType.API_ERROR_RATE) {
      errorCode = topErrorCode(attributions);
    }
    long time = instant(root, "eventTime");
    if (time % 60_000L != 0) {
      throw new IllegalArgumentException("eventTime is not a whole minute");
    }
    return new InsightEvent(
        time,
        text(root, "awsRegion"),
        root.path("eventID").asText(""),
        text(root, "recipientAccountId"),
        text(root, "sharedEventID"),
        insightState,
        text(d, "eventSource"),
        text(d, "eventName"),
        insightType,
        errorCode,
        stats.path("baseline").path("average").asDouble(Double.NaN),
        stats.path("insight").path("average").asDouble(Double.NaN),
        stats.path("insightDuration").asLong(0),
        stats.path("baselineDuration").asLong(0),
        attributions,
        details(d.get("trailInsights"), root));
  }

  private static DecisionDetails details(JsonNode t, JsonNode root) {
    if (t == null || !t.isObject()) {
      return null;
    }
    long decided = Long.MIN_VALUE;
    JsonNode v = t.has("decidedAt") ? t.get("decidedAt") : t.get("decidedAtMillis");
    if (v != null && v.isNumber()) {
      decided = v.asLong();
    } else if (v != null && v.isTextual()) {
      try {
        decided = Instant.parse(v.asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("trailInsights.decidedAt: not an ISO time");
      }
    }
    return new DecisionDetails(
        t.path("pValue").asDouble(Double.NaN),
        t.path("expected").asDouble(Double.NaN),
        t.path("threshold").asLong(0),
        t.path("model").asText(""),
        t.path("seasonal").asText(""),
        t.path("accountId").asText(root.path("recipientAccountId").asText("")),
        t.path("region").asText(root.path("awsRegion").asText("")),
        decided);
  }

  /** The error code with the highest insight average, when an insight names it only there. */
  private static String topErrorCode(List<Attribution> attributions) {
    for (Attribution a : attributions) {
      if (Attribution.ERROR_CODE.equals(a.attribute()) && !a.insight().isEmpty()) {
        String v = a.insight().get(0).value();
        return "null".equals(v) ? null : v;
      }
    }
    return null;
  }

  private static List<ValueAverage> values(JsonNode arr) {
    List<ValueAverage> out = new ArrayList<>();
    for (JsonNode v : arr) {
      out.add(new ValueAverage(v.path("value").asText(), v.path("average").asDouble()));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return v.asText();
  }

  private static String optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  private static long instant(JsonNode n, String field) {
    String s = text(n, field);
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not an ISO-8601 UTC time: " + s);
    }
  }
}
