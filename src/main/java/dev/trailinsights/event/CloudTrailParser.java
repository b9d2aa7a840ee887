package dev.trailinsights.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * records are still delivered. After a JSON syntax error the parse resumes at the next record
 * boundary ({@link #resyncPoint}: the next element of a {@code Records} array, or the next object
 * at the start of a line), and the bad record says how many bytes were skipped. A record holding a
 * field the engine reads twice (e.g. a second {@code eventCategory}) is bad rather than read either
 * way; {@code "eventID": null} reads as absent.
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
  private byte[] input;
  private int inputStart;
  private int inputEnd;
  private UTF8StreamJsonParser rawAccess;
  private int rawStart;
  private int rawLength;
  private int rawHash;
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
    parse(buf, off, len, source, 1L, 0L, sink, false);
  }

  /**
   * Same as {@link #parse(byte[], int, int, String, RecordSink)}, with line numbers counted from
   * {@code firstLine} at {@code buf[off]}, for callers that parse a file line by line.
   */
  public void parse(byte[] buf, int off, int len, String source, long firstLine, RecordSink sink) {
    parse(buf, off, len, source, firstLine, 0L, sink, false);
  }

  /**
   * As above, byte offsets in bad records counted from {@code firstOffset} at {@code buf[off]}.
   * With {@code line}, the bytes are one line of a JSON lines file: one record, so a syntax error
   * is reported once for the line (not once per value it splits into) and nothing is resumed inside
   * it.
   */
  void parse(
      byte[] buf,
      int off,
      int len,
      String source,
      long firstLine,
      long firstOffset,
      RecordSink sink,
      boolean line) {
    Objects.checkFromIndexSize(off, len, buf.length);
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.badInCall = 0;
    this.lineMode = line;
    try {
      int from = 0;
      long at = firstLine;
      boolean records = false;
      while (from >= 0) {
        int next = segment(buf, off, len, from, at, firstOffset, records);
        if (next >= 0) {
          at += RawStrings.countNewlines(buf, off + from, off + next);
          records = resumeInRecords;
        }
        from = next;
      }
    } finally {
      this.lineMode = false;
      this.sink = null;
      this.source = null;
      this.input = null;
      this.rawAccess = null;
    }
  }

  private boolean lineMode;
  private long badInCall;

  // Where a parse stopped by a syntax error resumes.
  private boolean inRecords;
  private boolean resumeInRecords;
  private long recordStart;

  /**
   * Parses {@code buf[off + from, off + len)}: root values, or (with {@code records}) elements of a
   * {@code Records} array up to its end and then root values. A syntax error is reported once, with
   * how much was skipped, and the parse resumes at the next record boundary (see {@link
   * #resyncPoint}).
   *
   * @return where to resume, relative to {@code off}, or -1 when done
   */
  private int segment(
      byte[] buf, int off, int len, int from, long line, long firstOffset, boolean records) {
    this.lineBase = line - 1;
    this.offsetBase = firstOffset + from;
    this.inputLength = len - from;
    this.input = buf;
    this.inputStart = off + from;
    this.inputEnd = off + len;
    this.inRecords = records;
    this.recordStart = 0;
    long lastToken = -1;
    JsonParser p = null;
    try {
      p = FACTORY.createParser(buf, off + from, len - from);
      // Token offsets are byte offsets only for UTF-8 input (UTF-16 and UTF-32 count chars).
      rawAccess = p instanceof UTF8StreamJsonParser utf8 ? utf8 : null;
      boolean any = records;
      if (records) {
        // One element of a Records array after a resync; then its separator, checked by hand.
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new JsonParseException(p, "expected a record");
        }
        lastToken = 0;
        element.reset(0, 1);
        readFields(p, element);
        long end = endOffset(p);
        deliver(element, end > maxRecordBytes ? end : 0, null, null);
        recordStart = end;
        lastToken = end - 1;
        int i = off + from + (int) end;
        int stop = off + len;
        while (i < stop && isSpace(buf[i])) {
          i++;
        }
        if (i < stop && buf[i] == ',') {
          i++;
          while (i < stop && isSpace(buf[i])) {
            i++;
          }
          if (i < stop && buf[i] == '{') {
            return resumeAt(i - off, true);
          }
        } else if (i < stop && buf[i] == ']') {
          int after = skipRootClose(buf, i + 1, stop);
          if (after >= 0) {
            return after - off >= len ? -1 : resumeAt(after - off, false);
          }
        }
        if (i >= stop) {
          throw new JsonEOFException(p, null, "input ends inside the Records array");
        }
        throw new JsonParseException(p, "expected , or ] after a record");
      }
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        any = true;
        lastToken = p.currentTokenLocation().getByteOffset();
        recordStart = lastToken;
        if (t == JsonToken.START_OBJECT) {
          readRoot(p);
        } else {
          JsonLocation at = p.currentTokenLocation();
          p.skipChildren();
          report(at, BadReason.NOT_JSON, "top-level value is " + describe(t) + ", not an object");
        }
      }
      if (!any) {
        bad(line, offsetBase, BadReason.NOT_JSON, "no JSON value");
      }
      return -1;
    } catch (StreamConstraintsException e) {
      report(e.getLocation(), BadReason.TOO_LARGE, "exceeds the JSON nesting or value size limits");
      return -1;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      if (p != null) {
        JsonLocation token = p.currentTokenLocation();
        lastToken = token == null ? -1 : token.getByteOffset();
      }
      int resume =
          lineMode
              ? -1
              : resyncPoint(
                  buf, off, len, from + (int) Math.max(recordStart, Math.max(lastToken, 0)) + 1);
      String gap = lineMode ? "" : skipped(from + Math.max(recordStart, 0), resume, len);
      if (lineMode && badInCall > 0) {
        return -1; // the line is already reported
      }
      if (e instanceof JsonEOFException || (at != null && at.getByteOffset() >= len - from)) {
        report(at, BadReason.TRUNCATED, "input ends inside a JSON value" + column(at) + gap);
      } else {
        report(at, BadReason.NOT_JSON, "invalid JSON" + column(at) + gap);
      }
      return resume;
    } catch (IOException e) {
      // Not expected from an in-memory buffer; reported rather than thrown all the same.
      bad(line, offsetBase, BadReason.NOT_JSON, "unreadable JSON: " + e.getClass().getName());
      return -1;
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException e) {
          // an in-memory parser has nothing to release
        }
      }
    }
  }

  private int resumeAt(int at, boolean records) {
    resumeInRecords = records;
    return at;
  }

  /** {@code "; N bytes skipped ..."} for a bad record that is followed by a resync. */
  private static String skipped(long start, int resume, int len) {
    return resume < 0
        ? "; the rest of the input (" + (len - start) + " bytes) could not be read"
        : "; " + (resume - start) + " bytes skipped to the next record";
  }

  /**
   * Where reading can go on after damage found at or after {@code from} (relative to {@code off}):
   * inside a {@code Records} array, the next {@code {} that follows a {@code ,} or {@code }} and
   * starts a whole object followed by {@code ,} or {@code ]}; at the root, the next {@code {} that
   * starts a line or follows a {@code }} and starts a whole object. -1 when there is none. An
   * object nested in a record can look like a record boundary; it is then reported as a record with
   * missing fields, so nothing is lost silently.
   */
  private int resyncPoint(byte[] buf, int off, int len, int from) {
    return resumeAt(resyncPoint(buf, off, len, from, inRecords, maxRecordBytes), inRecords);
  }

  /**
   * The next record boundary in {@code buf[off + from, off + len)} after damage (relative to {@code
   * off}), or -1: with {@code records}, the next {@code {} after a {@code ,} or {@code }} that
   * starts a whole object (of at most {@code maxRecordBytes}) followed by {@code ,} or {@code ]};
   * otherwise the next {@code {} that starts a line or follows a {@code }} and starts a whole
   * object. Shared by the parser and {@code load}'s splitter so that both resume at the same place.
   */
  public static int resyncPoint(
      byte[] buf, int off, int len, int from, boolean records, int maxRecordBytes) {
    for (int i = Math.max(from, 1); i < len; i++) {
      if (buf[off + i] != '{') {
        continue;
      }
      int j = i - 1;
      boolean newLine = false;
      while (j >= 0 && isSpace(buf[off + j])) {
        newLine |= buf[off + j] == '\n';
        j--;
      }
      byte before = j >= 0 ? buf[off + j] : (byte) '\n';
      boolean candidate =
          records ? before == ',' || before == '}' : newLine || before == '}' || j < 0;
      if (!candidate) {
        continue;
      }
      int end = objectEnd(buf, off + i, off + len, maxRecordBytes);
      if (end < 0) {
        continue;
      }
      if (records) {
        int k = end;
        while (k < off + len && isSpace(buf[k])) {
          k++;
        }
        if (k >= off + len || (buf[k] != ',' && buf[k] != ']')) {
          continue;
        }
      }
      return i;
    }
    return -1;
  }

  /** The end of the JSON object starting at {@code buf[at]}, or -1 when it is not one. */
  private static int objectEnd(byte[] buf, int at, int end, int maxRecordBytes) {
    try (JsonParser p = FACTORY.createParser(buf, at, Math.min(end - at, maxRecordBytes + 1))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      p.skipChildren();
      return at + (int) p.currentLocation().getByteOffset();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /**
   * After the {@code ]} of a Records array, the rest of the root object up to its {@code }}: the
   * position after it, or -1 when something else follows (more fields are not expected there).
   */
  private static int skipRootClose(byte[] buf, int at, int end) {
    int i = at;
    while (i < end && isSpace(buf[i])) {
      i++;
    }
    if (i < end && buf[i] == '}') {
      return i + 1;
    }
    return -1;
  }

  /** A root object: a bare record, a Records file or an EventBridge event. */
  private void readRoot(JsonParser p) throws IOException {
    JsonLocation start = p.currentTokenLocation();
    top.reset(start.getByteOffset(), start.getLineNr());
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
            JsonLocation at = p.currentTokenLocation();
            detail.reset(at.getByteOffset(), at.getLineNr());
            readFields(p, detail);
          }
        }
        case "detail-type" -> {
          sawDetailType = true;
          if (v == JsonToken.VALUE_STRING) {
            detailType = text(p, names);
          } else {
            badEnvelope = "detail-type is " + describe(v) + ", not a string";
            p.skipChildren();
          }
        }
        case "region" -> envRegion = v == JsonToken.VALUE_STRING ? text(p, names) : null;
        case "account" -> envAccount = v == JsonToken.VALUE_STRING ? text(p, names) : null;
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
    inRecords = true;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t == JsonToken.START_OBJECT) {
        JsonLocation at = p.currentTokenLocation();
        recordStart = at.getByteOffset();
        element.reset(at.getByteOffset(), at.getLineNr());
        readFields(p, element);
        long span = inputLength > maxRecordBytes ? endOffset(p) - element.startOffset : 0;
        deliver(element, span, null, null);
        recordStart = endOffset(p) - 1;
      } else {
        JsonLocation at = p.currentTokenLocation();
        p.skipChildren();
        report(at, BadReason.NOT_JSON, "Records element is " + describe(t) + ", not an object");
      }
    }
    inRecords = false;
  }

  private void readFields(JsonParser p, RecordState s) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      readField(p, s, name, p.nextToken());
    }
  }

  /** One field of a record; the parser is on its value. */
  private void readField(JsonParser p, RecordState s, String name, JsonToken v) throws IOException {
    int bit = fieldBit(name);
    if (bit >= 0) {
      if ((s.seen & (1 << bit)) != 0) {
        // A second value for a field the engine reads: which one is meant cannot be told (a
        // trailing "eventCategory":"Insight" could hide a real call), so the record is bad.
        s.duplicate = name;
      }
      s.seen |= 1 << bit;
    }
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
          s.eventId = text(p, null);
        } else if (v == JsonToken.VALUE_NULL) {
          s.eventId = null; // as when absent: the record is not deduplicated
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

  /** The bit of a field the engine reads, for telling duplicated keys; -1 for other fields. */
  private static int fieldBit(String name) {
    return switch (name) {
      case "eventTime" -> 0;
      case "eventSource" -> 1;
      case "eventName" -> 2;
      case "awsRegion" -> 3;
      case "recipientAccountId" -> 4;
      case "errorCode" -> 5;
      case "eventType" -> 6;
      case "eventCategory" -> 7;
      case "userAgent" -> 8;
      case "eventID" -> 9;
      case "readOnly" -> 10;
      case "managementEvent" -> 11;
      case "userIdentity" -> 12;
      default -> -1;
    };
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

  private void readTime(JsonParser p, RecordState s, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      long millis;
      boolean empty;
      if (rawString()) {
        empty = rawLength == 0;
        millis = empty ? EventTimes.INVALID : EventTimes.parse(input, rawStart, rawLength);
      } else {
        String text = p.getText();
        empty = text.isEmpty();
        millis = empty ? EventTimes.INVALID : EventTimes.parse(text);
      }
      if (empty) {
        s.time = RecordState.TIME_ABSENT;
      } else {
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
  private String string(JsonParser p, JsonToken v, RecordState s, String field, StringCache cache)
      throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      return text(p, cache);
    }
    if (v != JsonToken.VALUE_NULL) {
      wrongType(p, v, s, field, "a string");
    }
    return null;
  }

  /**
   * The current string value: from the input bytes through {@code cache} (or decoded, when {@code
   * cache} is null) when it has no escapes, else as Jackson decodes it.
   */
  private String text(JsonParser p, StringCache cache) throws IOException {
    if (!rawString()) {
      return p.getText();
    }
    return cache != null
        ? cache.get(input, rawStart, rawLength, rawHash)
        : new String(input, rawStart, rawLength, StandardCharsets.UTF_8);
  }

  /**
   * Finds the current string value's bytes in the input without decoding them: sets {@link
   * #rawStart}, {@link #rawLength} and {@link #rawHash} and returns true when the value has no
   * escape sequence. Jackson's token offset of a string points just past its opening quote; the
   * quote is checked so that any other layout falls back to Jackson's decoding rather than reading
   * the wrong bytes.
   */
  private boolean rawString() {
    if (rawAccess == null) {
      return false;
    }
    long at = rawAccess.getTokenCharacterOffset();
    if (at < 1 || at > inputLength) {
      return false;
    }
    int start = inputStart + (int) at;
    if (input[start - 1] != '"') {
      return false;
    }
    long scan = RawStrings.scan(input, start, inputEnd);
    if (scan == RawStrings.NOT_RAW) {
      return false;
    }
    rawStart = start;
    rawLength = (int) (scan >>> 32);
    rawHash = (int) scan;
    return true;
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
      report(s, BadReason.TOO_LARGE, tooLarge(span));
      return;
    }
    if (s.duplicate != null) {
      report(s, BadReason.BAD_FIELD, s.duplicate + " appears more than once");
      return;
    }
    EventCategory category = s.category();
    if (category == EventCategory.INSIGHT
        || CloudTrailRecord.INSIGHT_EVENT_TYPE.equals(s.eventType)) {
      sink.insightSkipped();
    } else if (s.bad != null) {
      report(s, s.bad, s.badDetail);
    } else if (s.time == RecordState.TIME_ABSENT) {
      report(s, BadReason.MISSING_FIELD, "eventTime is missing or empty");
    } else if (isEmpty(s.eventSource)) {
      report(s, BadReason.MISSING_FIELD, "eventSource is missing or empty");
    } else if (isEmpty(s.eventName)) {
      report(s, BadReason.MISSING_FIELD, "eventName is missing or empty");
    } else if (s.time == RecordState.TIME_BAD) {
      report(s, BadReason.BAD_TIMESTAMP, "eventTime is not an ISO-8601 timestamp");
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

  private void report(RecordState s, BadReason reason, String detail) {
    bad(
        s.startLine > 0 ? lineBase + s.startLine : -1,
        s.startOffset >= 0 ? offsetBase + s.startOffset : -1,
        reason,
        detail);
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
    badInCall++;
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

    long startOffset;
    int startLine;
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
    int seen;
    String duplicate;

    void reset(long startOffset, int startLine) {
      seen = 0;
      duplicate = null;
      this.startOffset = startOffset;
      this.startLine = startLine;
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
