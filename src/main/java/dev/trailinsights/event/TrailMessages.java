package dev.trailinsights.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts CloudTrail files into the messages {@code load} writes to the input topic, copying bytes and
 * never re-serialising JSON.
 *
 * <ul>
 *   <li>JSON lines files: one message per non-blank line, as it is;
 *   <li>documents (a trail log file {@code {"Records":[...]}}, pretty-printed or on one line): one
 *       message per element of {@code Records}, holding exactly that element's bytes from the file,
 *       found with the streaming parser's byte offsets; other root values (a bare record, an
 *       EventBridge event) are one message each, as they are;
 *   <li>with {@code wholeFiles}: each file is one message.
 * </ul>
 *
 * <p>The layout is told as {@code replay} tells it: when the first non-blank line is a complete
 * JSON value and more lines follow, the file is JSON lines; otherwise it is one document. Gzip is
 * recognised by its magic bytes and decompressed.
 *
 * <p>A message's key is {@code recipientAccountId|awsRegion} when both are top-level strings of the
 * record (or of an EventBridge event's {@code detail}, or its {@code account} and {@code region}),
 * so that the records of one account and region land in one input partition in file order; null
 * when they are absent, and always null with {@link Keying#NONE}. For a message holding a whole
 * file or a {@code Records} document, the first record's key is used.
 *
 * <p>Not thread-safe.
 */
public final class TrailMessages {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
  private static final int MAX_CACHED_KEYS = 10_000;

  /** How messages are keyed. */
  public enum Keying {
    /** {@code recipientAccountId|awsRegion} when it can be read, else null. */
    ACCOUNT_REGION,
    /** Always null: the producer spreads messages over partitions. */
    NONE
  }

  /** How a file was cut. */
  public enum Layout {
    /** No content but white space. */
    EMPTY,
    /** One message per line. */
    JSON_LINES,
    /** One message per record of {@code Records}, or per root value. */
    DOCUMENT,
    /** The file as one message. */
    WHOLE_FILE
  }

  /** Receives each message; the arrays are the caller's to keep. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param key the key, or null
     * @param value the message bytes
     */
    void message(byte[] key, byte[] value);

    /** Input that could not be sent at all (a line longer than the record size limit). */
    default void skipped(BadRecord bad) {}
  }

  /**
   * What one file gave.
   *
   * @param layout how it was cut
   * @param messages messages delivered
   * @param bytes bytes of the messages' values
   * @param skipped lines not sent (longer than the record size limit), each passed to {@link
   *     Sink#skipped}
   * @param damaged spans of damaged JSON in a document, sent as one message each for the topology
   *     to dead-letter
   */
  public record FileResult(Layout layout, long messages, long bytes, long skipped, long damaged) {

    /** Whether everything in the file was sent as it was. */
    public boolean clean() {
      return skipped == 0 && damaged == 0;
    }
  }

  private final Keying keying;
  private final boolean wholeFiles;
  private final CloudTrailInput input;
  private final Map<String, Map<String, byte[]>> keys = new HashMap<>();
  private int cachedKeys;

  // per file
  private Sink sink;
  private long messages;
  private long bytes;
  private long skipped;
  private long damaged;

  /**
   * @param keying how messages are keyed
   * @param wholeFiles one message per file instead of per record or line
   */
  public TrailMessages(Keying keying, boolean wholeFiles) {
    this(
        keying,
        wholeFiles,
        CloudTrailInput.DEFAULT_MAX_RECORD_BYTES,
        CloudTrailInput.DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * @param keying how messages are keyed
   * @param wholeFiles one message per file instead of per record or line
   * @param maxRecordBytes longest line sent ({@code input.max-record-bytes})
   * @param maxFileBytes most bytes read from one file after decompression ({@code
   *     input.max-file-mib}, in bytes)
   */
  public TrailMessages(Keying keying, boolean wholeFiles, int maxRecordBytes, long maxFileBytes) {
    this.keying = Objects.requireNonNull(keying, "keying");
    this.wholeFiles = wholeFiles;
    this.input = new CloudTrailInput(maxRecordBytes, maxFileBytes);
  }

  /**
   * Cuts one file into messages, delivered as they are found; {@code -} is standard input. A file
   * that fails part-way has delivered the messages before the failure. Files are opened, bounded
   * and told apart by {@link CloudTrailInput}, the reader {@code replay} uses. Damaged bytes inside
   * a document are sent as one message (the topology dead-letters it with the reason) and the cut
   * goes on at the next record; a line longer than the record size limit cannot be sent and goes to
   * {@link Sink#skipped}.
   *
   * @throws InputException in one line naming the file when it cannot be read, its gzip data is
   *     corrupt, or it is larger than the file size bound
   */
  public FileResult read(Path file, Sink sink) {
    String source = CloudTrailInput.displayName(file);
    start(sink);
    try {
      if (wholeFiles) {
        return readWhole(file);
      }
      return result(input.read(file, handler(source)));
    } finally {
      this.sink = null;
    }
  }

  /**
   * Cuts a stream, gzip or not, into messages.
   *
   * @param source the file name, for messages
   */
  public FileResult read(InputStream in, String source, Sink sink) {
    start(sink);
    try {
      return result(input.read(in, source, handler(source)));
    } finally {
      this.sink = null;
    }
  }

  private void start(Sink s) {
    this.sink = Objects.requireNonNull(s, "sink");
    this.messages = 0;
    this.bytes = 0;
    this.skipped = 0;
    this.damaged = 0;
  }

  private FileResult result(CloudTrailInput.Result r) {
    Layout layout =
        switch (r.layout()) {
          case EMPTY -> Layout.EMPTY;
          case JSON_LINES -> Layout.JSON_LINES;
          case DOCUMENT -> Layout.DOCUMENT;
        };
    return new FileResult(layout, messages, bytes, skipped, damaged);
  }

  private CloudTrailInput.Handler handler(String source) {
    return new CloudTrailInput.Handler() {
      @Override
      public void document(byte[] buf, int off, int len, long firstLine, long firstOffset) {
        try {
          splitDocument(buf, off, len, source);
        } catch (IOException e) {
          throw new InputException(source + ": " + InputException.reason(e), e);
        }
      }

      @Override
      public void line(byte[] buf, int off, int len, long line, long offset) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        emit(keyOf(copy, 0, copy.length), copy);
      }

      @Override
      public void oversizedLine(long line, long offset, long length) {
        skipped++;
        sink.skipped(input.oversizedLine(source, line, offset, length, "; not sent"));
      }
    };
  }

  private FileResult readWhole(Path file) {
    byte[] all = input.readBytes(file);
    if (isBlank(all, 0, all.length)) {
      return new FileResult(Layout.EMPTY, 0, 0, 0, 0);
    }
    emit(keyOf(all, 0, all.length), all);
    return new FileResult(Layout.WHOLE_FILE, messages, bytes, 0, 0);
  }

  /**
   * Emits the records of a document, or its root values. After a syntax error the damaged bytes are
   * one message and the cut resumes at the next record boundary ({@link
   * CloudTrailParser#resyncPoint}), where {@code replay} resumes too; the records after it are then
   * read as root values.
   */
  private void splitDocument(byte[] buf, int off, int len, String source) throws IOException {
    int from = 0;
    boolean records = false;
    while (from >= 0 && from < len) {
      Cut cut = new Cut();
      try {
        splitFrom(buf, off + from, len - from, cut, source);
        return;
      } catch (JsonProcessingException e) {
        long anchor = Math.max(Math.max(cut.recordStart, cut.lastToken), 0);
        boolean inRecords = records || cut.inRecords;
        int resume =
            CloudTrailParser.resyncPoint(
                buf, off, len, from + (int) anchor + 1, inRecords, input.maxRecordBytes());
        int damagedFrom = from + (int) Math.max(cut.recordStart, 0);
        int damagedTo = resume < 0 ? len : resume;
        if (damagedTo > damagedFrom && !onlySeparators(buf, off + damagedFrom, off + damagedTo)) {
          damaged++;
          emit(null, Arrays.copyOfRange(buf, off + damagedFrom, off + damagedTo));
        }
        from = resume;
        records = inRecords;
      }
    }
  }

  /** Where a split stopped. */
  private static final class Cut {
    long recordStart = -1;
    long lastToken = -1;
    boolean inRecords;
  }

  private void splitFrom(byte[] buf, int off, int len, Cut cut, String source) throws IOException {
    // Offsets of a parser over (buf, off, len) count from buf[off].
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      try {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          long start = p.currentTokenLocation().getByteOffset();
          cut.recordStart = start;
          cut.lastToken = start;
          if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            emit(null, copy(buf, off, start, p));
            cut.recordStart = p.currentLocation().getByteOffset() - 1;
            continue;
          }
          f.reset();
          boolean split = false;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_ARRAY && "Records".equals(name)) {
              split = true;
              splitRecords(p, buf, off, cut);
            } else {
              rootField(p, name, v, f);
            }
          }
          if (!split) {
            emit(f.key(), copy(buf, off, start, p));
          }
          cut.recordStart = p.currentLocation().getByteOffset() - 1;
        }
      } catch (StreamConstraintsException e) {
        throw new InputException(
            source + ": exceeds the JSON nesting or value size limits" + at(e) + sent(), e);
      } catch (JsonProcessingException e) {
        JsonLocation l = p.currentTokenLocation();
        cut.lastToken = l == null ? -1 : l.getByteOffset();
        throw e;
      }
    }
  }

  private static boolean onlySeparators(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ',' && c != ']' && c != '}') {
        return false;
      }
    }
    return true;
  }

  private void splitRecords(JsonParser p, byte[] buf, int off, Cut cut) throws IOException {
    cut.inRecords = true;
    Fields f = new Fields();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      long start = p.currentTokenLocation().getByteOffset();
      cut.recordStart = start;
      if (t == JsonToken.START_OBJECT) {
        f.reset();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          recordField(p, name, p.nextToken(), f);
        }
        emit(f.key(), copy(buf, off, start, p));
      } else {
        p.skipChildren();
        emit(null, copy(buf, off, start, p));
      }
      cut.recordStart = p.currentLocation().getByteOffset() - 1;
    }
    cut.inRecords = false;
  }

  /** A top-level field of a root object: record fields, or the EventBridge envelope. */
  private static void rootField(JsonParser p, String name, JsonToken v, Fields f)
      throws IOException {
    switch (name) {
      case "account" -> f.envAccount = v == JsonToken.VALUE_STRING ? p.getText() : f.envAccount;
      case "region" -> f.envRegion = v == JsonToken.VALUE_STRING ? p.getText() : f.envRegion;
      case "detail" -> {
        if (v == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            recordField(p, n, p.nextToken(), f);
          }
        } else {
          p.skipChildren();
        }
      }
      default -> recordField(p, name, v, f);
    }
  }

  private static void recordField(JsonParser p, String name, JsonToken v, Fields f)
      throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      if ("recipientAccountId".equals(name)) {
        f.account = p.getText();
      } else if ("awsRegion".equals(name)) {
        f.region = p.getText();
      }
    } else {
      p.skipChildren();
    }
  }

  /**
   * The key of a message holding a record, an EventBridge event or a {@code Records} document (its
   * first record), reading no further than needed; null when it cannot be read.
   */
  byte[] keyOf(byte[] buf, int off, int len) {
    if (keying == Keying.NONE) {
      return null;
    }
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("Records".equals(name) && v == JsonToken.START_ARRAY) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
          }
          f.reset();
          while (p.nextToken() == JsonToken.FIELD_NAME && !f.complete()) {
            String n = p.currentName();
            recordField(p, n, p.nextToken(), f);
          }
          return f.key();
        }
        rootField(p, name, v, f);
        if (f.complete()) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable JSON: no key. The topology reports the message as a dead letter.
    }
    return f.key();
  }

  private void emit(byte[] key, byte[] value) {
    messages++;
    bytes += value.length;
    sink.message(key, value);
  }

  private static byte[] copy(byte[] buf, int off, long start, JsonParser p) throws IOException {
    p.finishToken(); // a string's end is known only once it is read
    long end = p.currentLocation().getByteOffset();
    return Arrays.copyOfRange(buf, off + (int) start, off + (int) end);
  }

  private String sent() {
    return messages == 0 ? "" : " (" + messages + " messages before it were sent)";
  }

  private static String at(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    return l == null || l.getLineNr() < 0
        ? ""
        : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /** Fields that make a key, of one record. */
  private final class Fields {
    String account;
    String region;
    String envAccount;
    String envRegion;

    void reset() {
      account = null;
      region = null;
      envAccount = null;
      envRegion = null;
    }

    boolean complete() {
      return (account != null && region != null) || (envAccount != null && envRegion != null);
    }

    byte[] key() {
      if (keying == Keying.NONE) {
        return null;
      }
      if (account != null && region != null) {
        return cachedKey(account, region);
      }
      if (envAccount != null && envRegion != null) {
        return cachedKey(envAccount, envRegion);
      }
      return null;
    }
  }

  /** The UTF-8 bytes of {@code account|region}; shared between messages (never modified). */
  private byte[] cachedKey(String account, String region) {
    Map<String, byte[]> byRegion = keys.get(account);
    byte[] k = byRegion == null ? null : byRegion.get(region);
    if (k != null) {
      return k;
    }
    if (cachedKeys >= MAX_CACHED_KEYS) {
      keys.clear();
      cachedKeys = 0;
    }
    k = (account + "|" + region).getBytes(StandardCharsets.UTF_8);
    keys.computeIfAbsent(account, a -> new HashMap<>()).put(region, k);
    cachedKeys++;
    return k;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }
}
