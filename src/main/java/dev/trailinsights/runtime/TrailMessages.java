package dev.trailinsights.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.trailinsights.event.InputException;
import dev.trailinsights.event.JsonShape;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
  private static final int CHUNK = 1 << 16;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
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
  }

  /**
   * What one file gave.
   *
   * @param layout how it was cut
   * @param messages messages delivered
   * @param bytes bytes of the messages' values
   */
  public record FileResult(Layout layout, long messages, long bytes) {}

  private final Keying keying;
  private final boolean wholeFiles;
  private final Map<String, Map<String, byte[]>> keys = new HashMap<>();
  private int cachedKeys;

  // per file
  private Sink sink;
  private long messages;
  private long bytes;

  /**
   * @param keying how messages are keyed
   * @param wholeFiles one message per file instead of per record or line
   */
  public TrailMessages(Keying keying, boolean wholeFiles) {
    this.keying = Objects.requireNonNull(keying, "keying");
    this.wholeFiles = wholeFiles;
  }

  /**
   * Cuts one file into messages, delivered as they are found; a file that fails part-way has
   * delivered the messages before the failure.
   *
   * @throws InputException in one line naming the file when it cannot be read, its gzip data is
   *     corrupt, or a document is not valid JSON (so its records cannot be told apart)
   */
  public FileResult read(Path file, Sink sink) {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new InputException(source + ": is a directory");
    }
    boolean gzip = false;
    try (InputStream raw = Files.newInputStream(file)) {
      BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
      buffered.mark(2);
      gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
      buffered.reset();
      return read(gzip ? new GZIPInputStream(buffered, CHUNK) : buffered, source, sink);
    } catch (ZipException e) {
      throw new InputException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new InputException(source + ": " + (gzip ? "gzip data" : "file") + " ends early", e);
    } catch (IOException e) {
      throw new InputException(source + ": " + reason(e), e);
    }
  }

  /**
   * Cuts an uncompressed stream into messages (the caller opens and decompresses it, e.g. an S3
   * object); read errors of the stream propagate as they are.
   *
   * @param source the file name, for messages
   * @throws InputException when a document is not valid JSON
   */
  public FileResult read(InputStream in, String source, Sink sink) throws IOException {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.messages = 0;
    this.bytes = 0;
    try {
      Layout layout = wholeFiles ? readWhole(in) : readLines(new Lines(in), source);
      return new FileResult(layout, messages, bytes);
    } finally {
      this.sink = null;
    }
  }

  private Layout readWhole(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    if (isBlank(all, 0, all.length)) {
      return Layout.EMPTY;
    }
    emit(keyOf(all, 0, all.length), all);
    return Layout.WHOLE_FILE;
  }

  private Layout readLines(Lines r, String source) throws IOException {
    do {
      if (!r.next()) {
        return Layout.EMPTY;
      }
    } while (isBlank(r.buf, r.lineStart, r.lineEnd));
    JsonShape first = JsonShape.of(r.buf, r.lineStart, r.lineEnd - r.lineStart);
    if (first == JsonShape.INCOMPLETE || r.restIsBlank()) {
      r.readToEnd();
      splitDocument(r.buf, r.lineStart, r.limit - r.lineStart, source);
      return Layout.DOCUMENT;
    }
    do {
      if (!isBlank(r.buf, r.lineStart, r.lineEnd)) {
        byte[] line = Arrays.copyOfRange(r.buf, r.lineStart, r.lineEnd);
        emit(keyOf(line, 0, line.length), line);
      }
    } while (r.next());
    return Layout.JSON_LINES;
  }

  /** Emits the records of a document, or its root values. */
  private void splitDocument(byte[] buf, int off, int len, String source) throws IOException {
    // Offsets of a parser over (buf, off, len) count from buf[off].
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        long start = p.currentTokenLocation().getByteOffset();
        if (t != JsonToken.START_OBJECT) {
          p.skipChildren();
          emit(null, copy(buf, off, start, p));
          continue;
        }
        f.reset();
        boolean split = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (v == JsonToken.START_ARRAY && "Records".equals(name)) {
            split = true;
            splitRecords(p, buf, off);
          } else {
            rootField(p, name, v, f);
          }
        }
        if (!split) {
          emit(f.key(), copy(buf, off, start, p));
        }
      }
    } catch (StreamConstraintsException e) {
      throw new InputException(
          source + ": exceeds the JSON nesting or value size limits" + at(e) + sent(), e);
    } catch (JsonEOFException e) {
      throw new InputException(source + ": ends inside a JSON value" + at(e) + sent(), e);
    } catch (JsonProcessingException e) {
      throw new InputException(source + ": invalid JSON" + at(e) + sent(), e);
    }
  }

  private void splitRecords(JsonParser p, byte[] buf, int off) throws IOException {
    Fields f = new Fields();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      long start = p.currentTokenLocation().getByteOffset();
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
    }
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

  private static String reason(IOException e) {
    return InputException.reason(e);
  }

  /**
   * Lines of a stream in one growable buffer: {@code buf[lineStart, lineEnd)} without its line
   * break, valid until the next call.
   */
  private static final class Lines {
    private final InputStream in;
    byte[] buf = new byte[CHUNK];
    int pos;
    int limit;
    int lineStart;
    int lineEnd;
    boolean eof;

    Lines(InputStream in) {
      this.in = in;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
      int scanned = pos;
      while (true) {
        int nl = indexOf(buf, scanned, limit);
        if (nl >= 0) {
          set(nl);
          pos = nl + 1;
          return true;
        }
        if (eof) {
          if (pos >= limit) {
            return false;
          }
          set(limit);
          pos = limit;
          return true;
        }
        compact(pos);
        scanned = limit;
        fill();
      }
    }

    private void set(int end) {
      lineStart = pos;
      lineEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
    }

    /** Whether only white space follows the current line; reads ahead, keeping the line. */
    boolean restIsBlank() throws IOException {
      int from = pos;
      while (true) {
        if (!isBlank(buf, from, limit)) {
          return false;
        }
        if (eof) {
          return true;
        }
        compact(lineStart);
        from = limit;
        fill();
      }
    }

    /** Reads to the end so that {@code buf[lineStart, limit)} is the rest of the input. */
    void readToEnd() throws IOException {
      compact(lineStart);
      while (!eof) {
        fill();
      }
    }

    /** Moves {@code buf[from, limit)} to the front. */
    private void compact(int from) {
      if (from == 0) {
        return;
      }
      System.arraycopy(buf, from, buf, 0, limit - from);
      limit -= from;
      pos -= Math.min(pos, from);
      lineStart -= Math.min(lineStart, from);
      lineEnd -= Math.min(lineEnd, from);
    }

    private void fill() throws IOException {
      if (limit == buf.length) {
        if (buf.length >= MAX_ARRAY) {
          throw new IOException("too large to read as one document");
        }
        buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, 2L * buf.length));
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }

    private static int indexOf(byte[] b, int from, int to) {
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }
}
