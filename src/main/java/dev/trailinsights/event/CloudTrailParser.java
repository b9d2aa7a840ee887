package dev.trailinsights.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.Objects;

/**
 * Reads CloudTrail records from JSON bytes with Jackson's streaming parser, touching only the
 * fields the detector uses and skipping everything else ({@code requestParameters}, {@code
 * responseElements}, {@code resources}, ...) without building objects.
 *
 * <p>One pass handles the three envelopes a record arrives in: a bare record, a trail log file
 * {@code {"Records":[...]}} (each element is a record), and an EventBridge event whose {@code
 * detail} is the record ({@code detail-type} {@code AWS Insight via CloudTrail} is skipped).
 * Several root-level values one after another are read in turn.
 *
 * <p>Bad input never throws: each unreadable record goes to {@link RecordSink#bad(BadRecord)} with
 * its line, byte offset and a one-line reason that never quotes the record's content, and the other
 * records are still delivered. A JSON syntax error cannot be read past, so it ends the input
 * (records before it are kept).
 *
 * <p>An instance reuses its buffers and string caches between calls and is therefore confined to
 * one thread; the underlying {@link JsonFactory} is shared by all instances.
 */
public final class CloudTrailParser {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  /** The EventBridge {@code detail-type} of Insights events, never analysed. */
  public static final String INSIGHT_DETAIL_TYPE = "AWS Insight via CloudTrail";

  private final int maxRecordBytes;
  private final StringCache names = new StringCache(4096, 128);
  private final StringCache callers = new StringCache(4096, 512);
  private final RecordState top = new RecordState();
  private final RecordState detail = new RecordState();
  private final RecordState element = new RecordState();

  // The call in progress; set by parse(), cleared when it returns.
  private String source;
  private long lineBase;
  private long offsetBase;
  private int inputLength;
  private RecordSink sink;

  /**
   * @param maxRecordBytes largest record accepted, in bytes of JSON; larger ones are reported as
   *     {@link BadReason#TOO_LARGE}
   */
  public CloudTrailParser(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The size limit of one record, in bytes. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /**
   * Parses one document or message: a bare record, a {@code {"Records":[...]}} file, an EventBridge
   * event, or several such root-level values one after another. Line numbers in bad records count
   * from 1 at {@code buf[off]}.
   *
   * @param buf the bytes (UTF-8 JSON)
   * @param off where the message starts in {@code buf}
   * @param len the message's length
   * @param source what the bytes are, for bad records: a file path or topic-partition-offset
   * @param sink receives records, bad records and skipped Insights records
   */
  public void parse(byte[] buf, int off, int len, String source, RecordSink sink) {
    parse(buf, off, len, source, 1L, 0L, sink);
  }

  /**
   * Same as {@link #parse(byte[], int, int, String, RecordSink)}, with line numbers counted from
   * {@code firstLine} at {@code buf[off]}, for callers that parse a file line by line.
   */
  public void parse(byte[] buf, int off, int len, String source, long firstLine, RecordSink sink) {
    parse(buf, off, len, source, firstLine, 0L, sink);
  }

  /** As above, byte offsets in bad records counted from {@code firstOffset} at {@code buf[off]}. */
  void parse(
      byte[] buf,
      int off,
      int len,
      String source,
      long firstLine,
      long firstOffset,
      RecordSink sink) {
    Objects.checkFromIndexSize(off, len, buf.length);
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.lineBase = firstLine - 1;
    this.offsetBase = firstOffset;
    this.inputLength = len;
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      boolean any = false;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        any = true;
        if (t == JsonToken.START_OBJECT) {
          readRoot(p);
        } else {
          JsonLocation at = p.currentTokenLocation();
          p.skipChildren();
          report(at, BadReason.NOT_JSON, "top-level value is " + describe(t) + ", not an object");
        }
      }
      if (!any) {
        bad(firstLine, firstOffset, BadReason.NOT_JSON, "no JSON value");
      }
    } catch (StreamConstraintsException e) {
      report(e.getLocation(), BadReason.TOO_LARGE, "exceeds the JSON nesting or value size limits");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      if (e instanceof JsonEOFException || (at != null && at.getByteOffset() >= len)) {
        report(at, BadReason.TRUNCATED, "input ends inside a JSON value" + column(at));
      } else {
        report(at, BadReason.NOT_JSON, "invalid JSON" + column(at));
      }
    } catch (IOException e) {
      // Not expected from an in-memory buffer; reported rather than thrown all the same.
      bad(firstLine, firstOffset, BadReason.NOT_JSON, "unreadable JSON: " + e.getClass().getName());
    } finally {
      this.sink = null;
      this.source = null;
    }
  }

  /** A root object: a bare record, a Records file or an EventBridge event. */
  private void readRoot(JsonParser p) throws IOException {
    JsonLocation start = p.currentTokenLocation();
    top.reset(start);
    boolean sawRecords = false;
    boolean sawDetail = false;
    boolean sawDetailType = false;
    String badEnvelope = null;
    String detailType = null;
    String envRegion = null;
    String envAccount = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "Records" -> {
          if (v == JsonToken.START_ARRAY) {
            sawRecords = true;
            readRecords(p);
          } else {
            top.fail(BadReason.BAD_FIELD, "Records is " + describe(v) + ", not an array");
            p.skipChildren();
          }
        }
        case "detail" -> {
          sawDetail = true;
          if (v != JsonToken.START_OBJECT) {
            badEnvelope = "detail is " + describe(v) + ", not an object";
            p.skipChildren();
          } else if (INSIGHT_DETAIL_TYPE.equals(detailType)) {
            p.skipChildren();
          } else {
            detail.reset(p.currentTokenLocation());
            readFields(p, detail);
          }
        }
        case "detail-type" -> {
          sawDetailType = true;
          if (v == JsonToken.VALUE_STRING) {
            detailType = cached(p, names);
          } else {
            badEnvelope = "detail-type is " + describe(v) + ", not a string";
            p.skipChildren();
          }
        }
        case "region" -> envRegion = v == JsonToken.VALUE_STRING ? cached(p, names) : null;
        case "account" -> envAccount = v == JsonToken.VALUE_STRING ? cached(p, names) : null;
        default -> readField(p, top, name, v);
      }
    }
    if (sawRecords) {
      return;
    }
    long span = inputLength > maxRecordBytes ? endOffset(p) - start.getByteOffset() : 0;
    if (sawDetailType) {
      if (badEnvelope != null) {
        report(start, BadReason.BAD_FIELD, badEnvelope);
      } else if (!sawDetail) {
        report(start, BadReason.MISSING_FIELD, "EventBridge event has no detail");
      } else if (span > maxRecordBytes) {
        report(start, BadReason.TOO_LARGE, tooLarge(span));
      } else if (INSIGHT_DETAIL_TYPE.equals(detailType)) {
        sink.insightSkipped();
      } else {
        deliver(detail, 0, envRegion, envAccount);
      }
    } else {
      deliver(top, span, null, null);
    }
  }

  /** The elements of a {@code Records} array, each delivered as soon as it is read. */
  private void readRecords(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t == JsonToken.START_OBJECT) {
        element.reset(p.currentTokenLocation());
        readFields(p, element);
        long span = inputLength > maxRecordBytes ? endOffset(p) - element.start.getByteOffset() : 0;
        deliver(element, span, null, null);
      } else {
        JsonLocation at = p.currentTokenLocation();
        p.skipChildren();
        report(at, BadReason.NOT_JSON, "Records element is " + describe(t) + ", not an object");
      }
    }
  }

  private void readFields(JsonParser p, RecordState s) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      readField(p, s, name, p.nextToken());
    }
  }

  /** One field of a record; the parser is on its value. */
  private void readField(JsonParser p, RecordState s, String name, JsonToken v) throws IOException {
    switch (name) {
      case "eventTime" -> readTime(p, s, v);
      case "eventSource" -> s.eventSource = string(p, v, s, name, names);
      case "eventName" -> s.eventName = string(p, v, s, name, names);
      case "awsRegion" -> s.awsRegion = string(p, v, s, name, names);
      case "recipientAccountId" -> s.recipientAccountId = string(p, v, s, name, names);
      case "errorCode" -> s.errorCode = string(p, v, s, name, names);
      case "eventType" -> s.eventType = string(p, v, s, name, names);
      case "eventCategory" -> s.eventCategory = string(p, v, s, name, names);
      case "userAgent" -> s.userAgent = string(p, v, s, name, callers);
      case "eventID" -> {
        if (v == JsonToken.VALUE_STRING) {
          s.eventId = p.getText();
        } else {
          s.eventId = null;
          wrongType(p, v, s, name, "a string");
        }
      }
      case "readOnly" -> s.readOnly = flag(p, v, s, name);
      case "managementEvent" -> s.managementEvent = flag(p, v, s, name);
      case "userIdentity" -> {
        if (v == JsonToken.START_OBJECT) {
          readIdentity(p, s);
        } else if (v != JsonToken.VALUE_NULL) {
          wrongType(p, v, s, name, "an object");
        }
      }
      default -> p.skipChildren();
    }
  }

  private void readIdentity(JsonParser p, RecordState s) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "arn" -> s.userArn = string(p, v, s, "userIdentity.arn", callers);
        case "accountId" -> s.userAccountId = string(p, v, s, "userIdentity.accountId", names);
        default -> p.skipChildren();
      }
    }
  }

  private static void readTime(JsonParser p, RecordState s, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      if (len == 0) {
        s.time = RecordState.TIME_ABSENT;
      } else {
        long millis = EventTimes.parse(chars, off, len);
        s.time = millis == EventTimes.INVALID ? RecordState.TIME_BAD : RecordState.TIME_OK;
        s.timeMillis = millis;
      }
    } else if (v == JsonToken.VALUE_NULL) {
      s.time = RecordState.TIME_ABSENT;
    } else {
      s.time = RecordState.TIME_ABSENT;
      wrongType(p, v, s, "eventTime", "a string");
    }
  }

  /** A string field through a cache; JSON null reads as absent. */
  private static String string(
      JsonParser p, JsonToken v, RecordState s, String field, StringCache cache)
      throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      return cached(p, cache);
    }
    if (v != JsonToken.VALUE_NULL) {
      wrongType(p, v, s, field, "a string");
    }
    return null;
  }

  private static String cached(JsonParser p, StringCache cache) throws IOException {
    char[] chars = p.getTextCharacters();
    return cache.get(chars, p.getTextOffset(), p.getTextLength());
  }

  /**
   * A boolean, also written as the string {@code "true"} or {@code "false"} in any case; null is
   * absent.
   */
  private static byte flag(JsonParser p, JsonToken v, RecordState s, String field)
      throws IOException {
    switch (v) {
      case VALUE_TRUE:
        return RecordState.TRUE;
      case VALUE_FALSE:
        return RecordState.FALSE;
      case VALUE_NULL:
        return RecordState.ABSENT;
      case VALUE_STRING:
        {
          char[] c = p.getTextCharacters();
          int o = p.getTextOffset();
          int n = p.getTextLength();
          if (equalsIgnoreCase(c, o, n, "true")) {
            return RecordState.TRUE;
          }
          if (equalsIgnoreCase(c, o, n, "false")) {
            return RecordState.FALSE;
          }
          s.fail(BadReason.BAD_FIELD, field + " is a string other than true or false");
          return RecordState.ABSENT;
        }
      default:
        wrongType(p, v, s, field, "a boolean");
        return RecordState.ABSENT;
    }
  }

  /** ASCII case-insensitive comparison with a lowercase word. */
  private static boolean equalsIgnoreCase(char[] c, int off, int len, String lower) {
    if (len != lower.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if ((c[off + i] | 0x20) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static void wrongType(
      JsonParser p, JsonToken v, RecordState s, String field, String expected) throws IOException {
    s.fail(BadReason.BAD_FIELD, field + " is " + describe(v) + ", not " + expected);
    p.skipChildren();
  }

  /** Sends a finished record state to the sink as a record, a skipped Insight or a bad record. */
  private void deliver(RecordState s, long span, String envRegion, String envAccount) {
    if (span > maxRecordBytes) {
      report(s.start, BadReason.TOO_LARGE, tooLarge(span));
      return;
    }
    EventCategory category = s.category();
    if (category == EventCategory.INSIGHT
        || CloudTrailRecord.INSIGHT_EVENT_TYPE.equals(s.eventType)) {
      sink.insightSkipped();
    } else if (s.bad != null) {
      report(s.start, s.bad, s.badDetail);
    } else if (s.time == RecordState.TIME_ABSENT) {
      report(s.start, BadReason.MISSING_FIELD, "eventTime is missing or empty");
    } else if (isEmpty(s.eventSource)) {
      report(s.start, BadReason.MISSING_FIELD, "eventSource is missing or empty");
    } else if (isEmpty(s.eventName)) {
      report(s.start, BadReason.MISSING_FIELD, "eventName is missing or empty");
    } else if (s.time == RecordState.TIME_BAD) {
      report(s.start, BadReason.BAD_TIMESTAMP, "eventTime is not an ISO-8601 timestamp");
    } else {
      sink.record(s.toRecord(category, envRegion, envAccount));
    }
  }

  private static long endOffset(JsonParser p) {
    return p.currentLocation().getByteOffset();
  }

  private String tooLarge(long span) {
    return "record of " + span + " bytes exceeds the limit of " + maxRecordBytes + " bytes";
  }

  private void report(JsonLocation at, BadReason reason, String detail) {
    if (at == null) {
      bad(lineBase + 1, offsetBase, reason, detail);
    } else {
      int line = at.getLineNr();
      long offset = at.getByteOffset();
      bad(line > 0 ? lineBase + line : -1, offset >= 0 ? offsetBase + offset : -1, reason, detail);
    }
  }

  private void bad(long line, long offset, BadReason reason, String detail) {
    sink.bad(new BadRecord(source, line, offset, reason, detail));
  }

  private static String column(JsonLocation at) {
    return at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "";
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "missing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "not a value";
    };
  }

  /** The fields of one record being read; reused from record to record. */
  private static final class RecordState {
    static final byte ABSENT = 0;
    static final byte TRUE = 1;
    static final byte FALSE = 2;
    static final byte TIME_ABSENT = 0;
    static final byte TIME_OK = 1;
    static final byte TIME_BAD = 2;

    JsonLocation start;
    byte time;
    long timeMillis;
    String eventSource;
    String eventName;
    String awsRegion;
    String recipientAccountId;
    String errorCode;
    String eventType;
    String eventCategory;
    String eventId;
    String userArn;
    String userAccountId;
    String userAgent;
    byte readOnly;
    byte managementEvent;
    BadReason bad;
    String badDetail;

    void reset(JsonLocation start) {
      this.start = start;
      time = TIME_ABSENT;
      timeMillis = 0;
      eventSource = null;
      eventName = null;
      awsRegion = null;
      recipientAccountId = null;
      errorCode = null;
      eventType = null;
      eventCategory = null;
      eventId = null;
      userArn = null;
      userAccountId = null;
      userAgent = null;
      readOnly = ABSENT;
      managementEvent = ABSENT;
      bad = null;
      badDetail = null;
    }

    /** Keeps the first problem: it is the one a reader of the record would meet first. */
    void fail(BadReason reason, String detail) {
      if (bad == null) {
        bad = reason;
        badDetail = detail;
      }
    }

    /**
     * {@code eventCategory}, or from {@code managementEvent} when absent or a value this version
     * does not know.
     */
    EventCategory category() {
      if (eventCategory != null) {
        switch (eventCategory) {
          case "Management":
            return EventCategory.MANAGEMENT;
          case "Data":
            return EventCategory.DATA;
          case "NetworkActivity":
            return EventCategory.NETWORK_ACTIVITY;
          case "Insight":
            return EventCategory.INSIGHT;
          default:
            break;
        }
      }
      return managementEvent == FALSE ? EventCategory.DATA : EventCategory.MANAGEMENT;
    }

    CloudTrailRecord toRecord(EventCategory category, String envRegion, String envAccount) {
      String account =
          !isEmpty(recipientAccountId)
              ? recipientAccountId
              : !isEmpty(userAccountId) ? userAccountId : envAccount;
      String region = !isEmpty(awsRegion) ? awsRegion : envRegion;
      Access access =
          readOnly == TRUE ? Access.READ : readOnly == FALSE ? Access.WRITE : Access.UNKNOWN;
      return new CloudTrailRecord(
          timeMillis,
          eventSource,
          eventName,
          region == null ? "" : region,
          account == null ? "" : account,
          isEmpty(errorCode) ? null : errorCode,
          access,
          category,
          eventType == null ? "" : eventType,
          eventId,
          userArn,
          userAgent);
    }
  }
}
