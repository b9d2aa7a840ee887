package dev.trailinsights.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What the console filters insights on, small enough to read for every insight of a scan.
 *
 * @param sharedEventId the insight
 * @param open whether it has not ended yet
 * @param insightType {@code ApiCallRateInsight} or {@code ApiErrorRateInsight}
 * @param errorCode the error code of an error-rate insight, else null
 * @param startMinute first minute, epoch minutes
 * @param endMinute the End's eventTime in epoch minutes, or {@code Long.MIN_VALUE} while open
 */
public record InsightSummary(
    String sharedEventId,
    boolean open,
    String insightType,
    String eventSource,
    String eventName,
    String accountId,
    String awsRegion,
    String errorCode,
    long startMinute,
    long endMinute) {

  private static final JsonFactory JSON = new JsonFactory();
  private static final long MINUTE_MS = 60_000L;

  /** The summary after a Start or an End record. */
  public static InsightSummary of(InsightEvent e) {
    long eventMinute = Math.floorDiv(e.eventTimeMillis(), MINUTE_MS);
    boolean start = e.state() == InsightState.START;
    return new InsightSummary(
        e.sharedEventId(),
        start,
        e.insightType().awsName(),
        e.eventSource(),
        e.eventName(),
        e.recipientAccountId(),
        e.awsRegion(),
        e.errorCode(),
        start ? eventMinute : eventMinute - e.insightDuration(),
        start ? Long.MIN_VALUE : eventMinute);
  }

  /** The stored JSON value. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("sharedEventID", sharedEventId);
      g.writeStringField("state", open ? "open" : "closed");
      g.writeStringField("insightType", insightType);
      g.writeStringField("eventSource", eventSource);
      g.writeStringField("eventName", eventName);
      g.writeStringField("accountId", accountId);
      g.writeStringField("awsRegion", awsRegion);
      g.writeStringField("errorCode", errorCode);
      g.writeStringField("startTime", Instant.ofEpochMilli(startMinute * MINUTE_MS).toString());
      g.writeStringField(
          "endTime", open ? null : Instant.ofEpochMilli(endMinute * MINUTE_MS).toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a stored value.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static InsightSummary parse(byte[] value) {
    String id = null;
    String state = null;
    String type = null;
    String source = null;
    String name = null;
    String account = null;
    String region = null;
    String code = null;
    String startTime = null;
    String endTime = null;
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not an insight summary");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        String v = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
        switch (field) {
          case "sharedEventID" -> id = v;
          case "state" -> state = v;
          case "insightType" -> type = v;
          case "eventSource" -> source = v;
          case "eventName" -> name = v;
          case "accountId" -> account = v;
          case "awsRegion" -> region = v;
          case "errorCode" -> code = v;
          case "startTime" -> startTime = v;
          case "endTime" -> endTime = v;
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not an insight summary: " + e.getMessage(), e);
    }
    if (id == null || state == null || startTime == null) {
      throw new IllegalArgumentException("not an insight summary: fields missing");
    }
    boolean open = state.equals("open");
    return new InsightSummary(
        id,
        open,
        type,
        source,
        name,
        account,
        region,
        code,
        minute(startTime),
        open || endTime == null ? Long.MIN_VALUE : minute(endTime));
  }

  private static long minute(String instant) {
    return Math.floorDiv(Instant.parse(instant).toEpochMilli(), MINUTE_MS);
  }
}
