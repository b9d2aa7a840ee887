package dev.trailinsights.insight;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exact JSON of an Insights event, field for field and in the order AWS CloudTrail writes it.
 *
 * <p>Output is canonical: equal events give byte-identical UTF-8 (no trailing newline), so a replay
 * reproduces what the live topology emitted. Averages are rounded to six significant digits and
 * printed as AWS does ({@code 0.0123}, {@code 42.0}, {@code 8.82145e-05}); durations and the
 * decision threshold are integers; strings are escaped by Jackson, characters outside ASCII are
 * written as UTF-8 and unpaired surrogates as {@code \\uXXXX} escapes.
 *
 * <p>Two fields are trail-insights' additions and never disturb AWS-shaped consumers: {@code
 * insightDetails.errorCode} on error-rate insights (the code of the series, for routing) and {@code
 * insightDetails.trailInsights} when the event carries {@link DecisionDetails}. The code field is
 * written for {@link InsightType#API_ERROR_RATE} only; a call-rate event's {@link
 * InsightEvent#errorCode()} is not written.
 */
public final class InsightJson {
  /** {@code eventVersion} of every Insights record written. */
  public static final String EVENT_VERSION = "1.08";

  /** {@code eventType} of Insights records. */
  public static final String EVENT_TYPE = "AwsCloudTrailInsight";

  /** {@code eventCategory} of Insights records. */
  public static final String EVENT_CATEGORY = "Insight";

  /** {@code detail-type} of an Insights event delivered through EventBridge. */
  public static final String EVENTBRIDGE_DETAIL_TYPE = "AWS Insight via CloudTrail";

  /** {@code source} of an Insights event delivered through EventBridge. */
  public static final String EVENTBRIDGE_SOURCE = "aws.cloudtrail";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private InsightJson() {}

  /**
   * One Insights record as UTF-8 JSON, no trailing newline.
   *
   * @throws IllegalArgumentException when an average or a detail figure is NaN or infinite
   */
  public static byte[] toBytes(InsightEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      write(e, g);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /**
   * The same record wrapped as an EventBridge event ({@code detail-type} {@value
   * #EVENTBRIDGE_DETAIL_TYPE}, {@code source} {@value #EVENTBRIDGE_SOURCE}), with an {@code id}
   * derived from the record's {@code eventID} so that it too is deterministic.
   */
  public static byte[] toEventBridgeBytes(InsightEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1200);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("version", "0");
      g.writeStringField("id", e.eventId() == null ? null : InsightIds.eventBridgeId(e.eventId()));
      g.writeStringField("detail-type", EVENTBRIDGE_DETAIL_TYPE);
      g.writeStringField("source", EVENTBRIDGE_SOURCE);
      g.writeStringField("account", e.recipientAccountId());
      g.writeStringField("time", MINUTE.format(Instant.ofEpochMilli(e.eventTimeMillis())));
      g.writeStringField("region", e.awsRegion());
      g.writeArrayFieldStart("resources");
      g.writeEndArray();
      g.writeFieldName("detail");
      write(e, g);
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /**
   * Writes one Insights record as a JSON object to {@code g}. The bytes are canonical when {@code
   * g} comes from the same settings as {@link #toBytes}; otherwise the generator's own escaping
   * applies.
   */
  public static void write(InsightEvent e, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventVersion", EVENT_VERSION);
    g.writeStringField("eventTime", MINUTE.format(Instant.ofEpochMilli(e.eventTimeMillis())));
    g.writeStringField("awsRegion", e.awsRegion());
    g.writeStringField("eventID", e.eventId());
    g.writeStringField("eventType", EVENT_TYPE);
    g.writeStringField("recipientAccountId", e.recipientAccountId());
    g.writeStringField("sharedEventID", e.sharedEventId());

    g.writeObjectFieldStart("insightDetails");
    g.writeStringField("state", e.state().awsName());
    g.writeStringField("eventSource", e.eventSource());
    g.writeStringField("eventName", e.eventName());
    g.writeStringField("insightType", e.insightType().awsName());
    if (e.insightType() == InsightType.API_ERROR_RATE && e.errorCode() != null) {
      g.writeStringField("errorCode", e.errorCode());
    }
    g.writeObjectFieldStart("insightContext");
    g.writeObjectFieldStart("statistics");
    g.writeObjectFieldStart("baseline");
    writeAverage(g, "average", e.baselineAverage());
    g.writeEndObject();
    g.writeObjectFieldStart("insight");
    writeAverage(g, "average", e.insightAverage());
    g.writeEndObject();
    g.writeNumberField("insightDuration", e.insightDuration());
    g.writeNumberField("baselineDuration", e.baselineDuration());
    g.writeEndObject();
    g.writeArrayFieldStart("attributions");
    for (Attribution a : e.attributions()) {
      g.writeStartObject();
      g.writeStringField("attribute", a.attribute());
      writeValues(g, "insight", a.insight());
      writeValues(g, "baseline", a.baseline());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject(); // insightContext
    DecisionDetails d = e.details();
    if (d != null) {
      g.writeObjectFieldStart("trailInsights");
      writeAverage(g, "pValue", d.pValue());
      writeAverage(g, "expected", d.expected());
      g.writeNumberField("threshold", d.threshold());
      g.writeStringField("model", d.model());
      g.writeStringField("seasonal", d.seasonal());
      g.writeStringField("accountId", d.accountId());
      g.writeStringField("region", d.region());
      g.writeStringField("decidedAt", Instant.ofEpochMilli(d.decidedAtMillis()).toString());
      g.writeEndObject();
    }
    g.writeEndObject(); // insightDetails

    g.writeStringField("eventCategory", EVENT_CATEGORY);
    g.writeEndObject();
  }

  private static void writeValues(JsonGenerator g, String field, List<ValueAverage> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (ValueAverage v : values) {
      g.writeStartObject();
      g.writeStringField("value", v.value());
      writeAverage(g, "average", v.average());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeAverage(JsonGenerator g, String field, double value) throws IOException {
    g.writeFieldName(field);
    g.writeNumber(AwsNumbers.format(value));
  }

  /**
   * Reads one Insights record as {@link #toBytes} writes it, or wrapped in an EventBridge event.
   * Fields this model does not hold are ignored; averages come back as written (rounded to six
   * significant digits).
   *
   * @throws IllegalArgumentException with a one-line reason when the bytes are not valid JSON or
   *     not an Insights record
   */
  public static InsightEvent parse(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("not valid JSON: " + firstLine(ex.getOriginalMessage()));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not an Insights record: expected a JSON object");
    }
    if (root.path("detail").isObject() && root.has("detail-type")) {
      root = root.get("detail");
    }
    String eventType = optText(root, "eventType", "eventType");
    if (eventType != null && !EVENT_TYPE.equals(eventType)) {
      throw new IllegalArgumentException(
          "not an Insights record: eventType is '" + eventType + "', expected " + EVENT_TYPE);
    }
    JsonNode details = object(root, "insightDetails", "insightDetails");
    JsonNode context = object(details, "insightContext", "insightDetails.insightContext");
    String statisticsPath = "insightDetails.insightContext.statistics";
    JsonNode statistics = object(context, "statistics", statisticsPath);
    List<Attribution> attributions = new ArrayList<>();
    JsonNode attributionsNode = context.path("attributions");
    for (int i = 0; i < attributionsNode.size(); i++) {
      attributions.add(
          attribution(
              attributionsNode.get(i), "insightDetails.insightContext.attributions[" + i + "]"));
    }
    JsonNode trail = details.get("trailInsights");
    DecisionDetails decision =
        trail == null || trail.isNull() ? null : decision(trail, "insightDetails.trailInsights");
    return new InsightEvent(
        instant(root, "eventTime", "eventTime"),
        optText(root, "awsRegion", "awsRegion"),
        optText(root, "eventID", "eventID"),
        optText(root, "recipientAccountId", "recipientAccountId"),
        optText(root, "sharedEventID", "sharedEventID"),
        state(text(details, "state", "insightDetails.state")),
        optText(details, "eventSource", "insightDetails.eventSource"),
        optText(details, "eventName", "insightDetails.eventName"),
        type(text(details, "insightType", "insightDetails.insightType")),
        optText(details, "errorCode", "insightDetails.errorCode"),
        number(
            object(statistics, "baseline", statisticsPath + ".baseline"),
            "average",
            statisticsPath + ".baseline.average"),
        number(
            object(statistics, "insight", statisticsPath + ".insight"),
            "average",
            statisticsPath + ".insight.average"),
        integer(statistics, "insightDuration", statisticsPath + ".insightDuration"),
        integer(statistics, "baselineDuration", statisticsPath + ".baselineDuration"),
        attributions,
        decision);
  }

  private static Attribution attribution(JsonNode node, String path) {
    requireObject(node, path);
    return new Attribution(
        text(node, "attribute", path + ".attribute"),
        values(node.path("insight"), path + ".insight"),
        values(node.path("baseline"), path + ".baseline"));
  }

  private static List<ValueAverage> values(JsonNode array, String path) {
    if (!array.isMissingNode() && !array.isArray()) {
      throw new IllegalArgumentException("not an Insights record: " + path + " is not an array");
    }
    List<ValueAverage> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      String p = path + "[" + i + "]";
      requireObject(v, p);
      out.add(
          new ValueAverage(
              optText(v, "value", p + ".value"), number(v, "average", p + ".average")));
    }
    return out;
  }

  private static DecisionDetails decision(JsonNode node, String path) {
    requireObject(node, path);
    return new DecisionDetails(
        number(node, "pValue", path + ".pValue"),
        number(node, "expected", path + ".expected"),
        integer(node, "threshold", path + ".threshold"),
        optText(node, "model", path + ".model"),
        optText(node, "seasonal", path + ".seasonal"),
        optText(node, "accountId", path + ".accountId"),
        optText(node, "region", path + ".region"),
        instant(node, "decidedAt", path + ".decidedAt"));
  }

  private static InsightState state(String awsName) {
    for (InsightState s : InsightState.values()) {
      if (s.awsName().equals(awsName)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "not an Insights record: insightDetails.state is '" + awsName + "', expected Start or End");
  }

  private static InsightType type(String awsName) {
    for (InsightType t : InsightType.values()) {
      if (t.awsName().equals(awsName)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "not an Insights record: insightDetails.insightType is '"
            + awsName
            + "', expected ApiCallRateInsight or ApiErrorRateInsight");
  }

  private static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not an Insights record: missing object " + path);
    }
    return n;
  }

  private static void requireObject(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not an Insights record: " + path + " is not an object");
    }
  }

  private static String text(JsonNode parent, String field, String path) {
    String s = optText(parent, field, path);
    if (s == null) {
      throw new IllegalArgumentException("not an Insights record: missing " + path);
    }
    return s;
  }

  private static String optText(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException("not an Insights record: " + path + " is not a string");
    }
    return n.textValue();
  }

  private static double number(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException("not an Insights record: missing number " + path);
    }
    return n.doubleValue();
  }

  private static long integer(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("not an Insights record: missing integer " + path);
    }
    return n.longValue();
  }

  private static long instant(JsonNode parent, String field, String path) {
    String s = text(parent, field, path);
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException ex) {
      throw new IllegalArgumentException(
          "not an Insights record: " + path + " '" + s + "' is not an ISO-8601 UTC time");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
