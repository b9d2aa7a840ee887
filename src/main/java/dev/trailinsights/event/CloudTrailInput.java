package dev.trailinsights.event;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The one reader of CloudTrail input files, shared by {@code replay} ({@link CloudTrailFiles}) and
 * {@code load} ({@code TrailMessages}): gzip recognised by its magic bytes, the size bounds, line
 * splitting and the choice of layout.
 *
 * <p>Layout: the file is <em>one document</em> (a trail log file {@code {"Records":[...]}}, pretty
 * printed or on one line, or concatenated objects) when its first non-blank line starts with
 * {@code {} or {@code [} and either goes on past the line or is the only line; otherwise it is
 * <em>JSON lines</em>, read one line at a time. A first line that is not JSON at all (a log cut at
 * its start by {@code tail -c}, {@code split -b} or rotation) therefore does not turn the file into
 * one bad document: it is one bad line and the lines after it are read.
 *
 * <p>Bounds ({@code maxFileBytes} is {@code input.max-file-mib}); each bounds what must be held in
 * memory or what a small input can make the reader do, never the length of a streamed file:
 *
 * <ul>
 *   <li>a line is never buffered past the record size limit (a longer line, {@code /dev/zero}, is
 *       reported with its length and skipped, the rest of the file is read);
 *   <li>a document is held in memory whole, so it is read up to {@code maxFileBytes} (after
 *       decompression): what was read up to the bound is delivered, then {@link InputException}
 *       says the file was cut;
 *   <li>gzip data that inflates past {@code maxFileBytes} at more than {@link #BOMB_RATIO} times
 *       the compressed bytes read so far is a bomb and is cut there the same way. CloudTrail JSON
 *       compresses about 10 to 30 times, deflate at most about 1,032 times, so a large real {@code
 *       .jsonl.gz} is read whole while a bomb is stopped after {@code maxFileBytes};
 *   <li>JSON lines, plain or compressed at a real ratio, are streamed one line at a time and read
 *       whole, however long the file.
 * </ul>
 *
 * <p>Not thread-safe; one instance per thread.
 */
public final class CloudTrailInput {
  /** Default of {@code input.max-file-mib}, in bytes: 256 MiB after decompression. */
  public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

  /**
   * Inflated to compressed size beyond which gzip data larger than {@code maxFileBytes} is taken
   * for a bomb.
   */
  public static final int BOMB_RATIO = 100;

  /** Default of {@code input.max-record-bytes}: 1 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  private static final int CHUNK = 1 << 16;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** How a file was read. */
  public enum Layout {
    /** No content but white space. */
    EMPTY,
    /** One record per line. */
    JSON_LINES,
    /** One document, parsed whole. */
    DOCUMENT
  }

  /** Receives what a file holds, in file order. */
  public interface Handler {
    /**
     * The whole file as one document, {@code buf[off, off + len)}, starting at its first non-blank
     * line.
     */
    void document(byte[] buf, int off, int len, long firstLine, long firstOffset);

    /** One non-blank line of a JSON lines file, without its line break. */
    void line(byte[] buf, int off, int len, long line, long offset);

    /** A line longer than the record size limit, skipped without being buffered. */
    void oversizedLine(long line, long offset, long length);
  }

  /**
   * What a file held.
   *
   * @param layout how it was read
   * @param bytes bytes read, after decompression
   */
  public record Result(Layout layout, long bytes) {}

  private final int maxRecordBytes;
  private final long maxFileBytes;

  /**
   * @param maxRecordBytes longest line kept, in bytes ({@code input.max-record-bytes})
   * @param maxFileBytes most bytes read from one file after decompression ({@code
   *     input.max-file-mib}, in bytes)
   */
  public CloudTrailInput(int maxRecordBytes, long maxFileBytes) {
    if (maxRecordBytes <= 0 || maxFileBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxRecordBytes = maxRecordBytes;
    this.maxFileBytes = maxFileBytes;
  }

  /** Longest line kept, in bytes. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /**
   * Most bytes of one document held in memory, and most bytes gzip data may inflate to at a bomb's
   * ratio ({@link #BOMB_RATIO}).
   */
  public long maxFileBytes() {
    return maxFileBytes;
  }

  /**
   * Reads one file, or standard input when {@code file} is {@code -}.
   *
   * @throws InputException in one line naming the file when it cannot be read, its gzip data is
   *     corrupt or ends early, or it is a document larger than {@link #maxFileBytes()} or gzip data
   *     inflating past it at a bomb's ratio (after what was read up to the bound is delivered)
   */
  public Result read(Path file, Handler handler) {
    String source = displayName(file);
    if (isStdin(file)) {
      return read(System.in, source, handler);
    }
    if (Files.isDirectory(file)) {
      throw new InputException(source + ": is a directory");
    }
    try (InputStream raw = Files.newInputStream(file)) {
      return read(raw, source, handler);
    } catch (IOException e) {
      throw new InputException(source + ": " + InputException.reason(e), e);
    }
  }

  /**
   * Reads a stream that may be gzip-compressed; see {@link #read(Path, Handler)}. The stream is not
   * closed.
   */
  public Result read(InputStream raw, String source, Handler handler) {
    Objects.requireNonNull(handler, "handler");
    boolean gzip = false;
    Bounded bounded = null;
    try {
      Bounded compressed = new Bounded(raw, Long.MAX_VALUE, null);
      BufferedInputStream buffered = new BufferedInputStream(compressed, CHUNK);
      gzip = isGzip(buffered);
      // Closing the gzip stream releases its native inflater now rather than at collection.
      try (GZIPInputStream unzip = gzip ? new GZIPInputStream(buffered, CHUNK) : null) {
        bounded =
            unzip != null
                ? new Bounded(unzip, maxFileBytes, compressed)
                : new Bounded(buffered, maxFileBytes, null);
        Layout layout = readAll(new Lines(bounded, source), handler);
        if (bounded.exceeded) {
          throw new InputException(
              source
                  + ": larger than "
                  + maxFileBytes
                  + " bytes"
                  + (gzip ? " after decompression" : "")
                  + " (input.max-file-mib)"
                  + (bounded.document
                      ? ", the most one document may hold"
                      : ", at more than " + BOMB_RATIO + " times its compressed size")
                  + ": the rest of the file was not read");
        }
        return new Result(layout, bounded.count);
      }
    } catch (ZipException e) {
      throw new InputException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new InputException(source + ": " + (gzip ? "gzip data" : "file") + " ends early", e);
    } catch (IOException e) {
      throw new InputException(source + ": " + InputException.reason(e), e);
    }
  }

  private Layout readAll(Lines r, Handler h) throws IOException {
    // The first non-blank line decides the layout, looked at no further than the record limit.
    int first;
    while (true) {
      int found = r.peekLine(maxRecordBytes);
      if (found == Lines.NOTHING) {
        return Layout.EMPTY;
      }
      first = r.firstNonBlankAhead();
      if (found == Lines.LONG || first >= 0) {
        if (found == Lines.LONG && (first == '{' || first == '[')) {
          // Too long to be one record: a one-line document.
          return document(r, h, false);
        }
        break;
      }
      r.nextLine(maxRecordBytes); // a blank line
    }
    boolean opens = first == '{' || first == '[';
    r.nextLine(maxRecordBytes);
    if (opens
        && !r.oversized
        && (JsonShape.of(r.buf, r.lineStart, r.lineEnd - r.lineStart) == JsonShape.INCOMPLETE
            || r.restIsBlank())) {
      return document(r, h, true);
    }
    do {
      if (r.cutShort) {
        break; // the file size bound cut this line: reported as the file's
      }
      if (r.oversized) {
        h.oversizedLine(r.lineNumber, r.lineOffset, r.lineLength);
      } else if (!r.isBlank()) {
        h.line(r.buf, r.lineStart, r.lineEnd - r.lineStart, r.lineNumber, r.lineOffset);
      }
    } while (r.nextLine(maxRecordBytes));
    return Layout.JSON_LINES;
  }

  /**
   * The rest of the input as one document, from the current line when {@code consumed}, else from
   * the next one.
   */
  private static Layout document(Lines r, Handler h, boolean consumed) throws IOException {
    long line = consumed ? r.lineNumber : r.lineNumber + 1;
    if (!consumed) {
      r.lineStart = r.pos;
    }
    long offset = r.base + r.lineStart;
    r.in.holdWhole();
    r.readToEnd();
    h.document(r.buf, r.lineStart, r.limit - r.lineStart, line, offset);
    return Layout.DOCUMENT;
  }

  /**
   * Whether {@code in} starts with gzip's magic bytes; reads nothing from it (the bytes looked at
   * are read again).
   */
  public static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip;
  }

  /**
   * The bytes of a file (or standard input) as they are, not decompressed, up to {@link
   * #maxFileBytes()}.
   *
   * @throws InputException in one line naming the file when it cannot be read or is larger than the
   *     bound
   */
  public byte[] readBytes(Path file) {
    String source = displayName(file);
    byte[] all;
    try (InputStream in = isStdin(file) ? System.in : Files.newInputStream(file)) {
      all = in.readNBytes((int) Math.min(maxFileBytes + 1, MAX_ARRAY));
    } catch (IOException e) {
      throw new InputException(source + ": " + InputException.reason(e), e);
    }
    if (all.length > maxFileBytes) {
      throw new InputException(
          source + ": larger than " + maxFileBytes + " bytes (input.max-file-mib)");
    }
    return all;
  }

  /**
   * What a {@link Handler} reports for {@link Handler#oversizedLine}: a line longer than the record
   * size limit, which {@code replay} and {@code load} both skip.
   *
   * @param consequence appended to the detail, e.g. {@code "; not sent"}, or empty
   */
  public BadRecord oversizedLine(
      String source, long line, long offset, long length, String consequence) {
    return new BadRecord(
        source,
        line,
        offset,
        BadReason.TOO_LARGE,
        "line of "
            + length
            + " bytes exceeds the limit of "
            + maxRecordBytes
            + " bytes"
            + consequence);
  }

  /** {@code -} and {@code /dev/stdin} read standard input (a pipe is not a regular file). */
  public static boolean isStdin(Path file) {
    String s = file.toString();
    return s.equals("-") || s.equals("/dev/stdin");
  }

  /**
   * A path as printed in summaries and errors: control characters escaped ({@code \n}, {@code
   * \x1b}, ...), so that a file name cannot forge a summary line or a terminal sequence.
   */
  public static String displayName(Path file) {
    return isStdin(file) ? "(stdin)" : escape(file.toString());
  }

  /** {@code text} with control characters, backslashes and bidi overrides escaped. */
  public static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control =
          c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e);
      if (!control && c != '\\') {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : "\\u" + hex4(c));
      }
    }
    return b == null ? text : b.toString();
  }

  private static String hex4(char c) {
    return String.format("%04x", (int) c);
  }

  /**
   * Counts bytes and ends the stream at its bound, noting whether more was there. The bound is
   * {@code max} once the input is {@link #holdWhole() held whole} (a document); before that, for
   * inflated data ({@code compressed} not null), {@code max} or {@link #BOMB_RATIO} times the
   * compressed bytes read, whichever is larger; else none.
   */
  private static final class Bounded extends FilterInputStream {
    private final long max;
    private final Bounded compressed;
    long count;
    boolean exceeded;
    boolean document;

    Bounded(InputStream in, long max, Bounded compressed) {
      super(in);
      this.max = max;
      this.compressed = compressed;
    }

    /** The rest is kept in memory: from now on at most {@code max} bytes in all. */
    void holdWhole() {
      document = true;
    }

    private long bound() {
      if (document) {
        return max;
      }
      if (compressed == null) {
        return Long.MAX_VALUE;
      }
      long ratio =
          compressed.count > Long.MAX_VALUE / BOMB_RATIO
              ? Long.MAX_VALUE
              : BOMB_RATIO * compressed.count;
      return Math.max(max, ratio);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (exceeded) {
        return -1;
      }
      long bound = bound();
      if (count >= bound) {
        // one byte more: the end of the input, or past the bound (which reading it may move)
        int next = in.read();
        if (next < 0) {
          return -1;
        }
        if (count >= bound()) {
          exceeded = true;
          return -1;
        }
        b[off] = (byte) next;
        count++;
        return 1;
      }
      int n = in.read(b, off, (int) Math.min(len, bound - count));
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /**
   * Splits a stream into lines in one growable buffer. A line is {@code buf[lineStart, lineEnd)}
   * without its {@code \n} or {@code \r\n}; it stays valid until the next call.
   */
  private static final class Lines {
    final Bounded in;
    private final String source;
    byte[] buf = new byte[CHUNK];

    /** Start of the bytes not yet returned as a line. */
    int pos;

    /** End of the bytes read so far. */
    int limit;

    /** Stream offset of {@code buf[0]}. */
    long base;

    boolean eof;

    long lineNumber;
    long lineOffset;
    int lineStart;
    int lineEnd;
    long lineLength;
    boolean oversized;

    /** The current line is the last one and was cut by the file size bound. */
    boolean cutShort;

    Lines(Bounded in, String source) {
      this.in = in;
      this.source = source;
    }

    static final int NOTHING = 0;
    static final int LINE = 1;
    static final int LONG = 2;

    /**
     * Reads ahead, keeping every byte, until the next line is in the buffer whole: {@link #LINE}
     * when it is (or it is the last, unterminated one), {@link #LONG} when more than {@code
     * maxLength} bytes came without a line break, {@link #NOTHING} at the end of the input.
     */
    int peekLine(int maxLength) throws IOException {
      int scanned = 0;
      while (true) {
        if (RawStrings.indexOfNewline(buf, pos + scanned, limit) >= 0) {
          return LINE;
        }
        scanned = limit - pos;
        if (scanned > maxLength) {
          return LONG;
        }
        if (eof) {
          return scanned == 0 ? NOTHING : LINE;
        }
        fill((int) Math.min(maxLength + 2L, MAX_ARRAY));
      }
    }

    /** The first byte ahead on the next line that is not white space, or -1. */
    int firstNonBlankAhead() {
      for (int i = pos; i < limit; i++) {
        byte b = buf[i];
        if (b == '\n') {
          return -1;
        }
        if (b != ' ' && b != '\t' && b != '\r') {
          return b & 0xff;
        }
      }
      return -1;
    }

    /**
     * Advances to the next line. A line longer than {@code maxLength} is consumed without being
     * kept: {@link #oversized} is set and {@link #lineLength} says how long it was.
     *
     * @return false at the end of the input
     */
    boolean nextLine(int maxLength) throws IOException {
      long startOffset = base + pos;
      long dropped = 0;
      int scanned = 0;
      while (true) {
        int nl = RawStrings.indexOfNewline(buf, pos + scanned, limit);
        if (nl >= 0) {
          setLine(startOffset, dropped, nl, maxLength, false);
          pos = nl + 1;
          return true;
        }
        scanned = limit - pos;
        if (dropped > 0 || scanned > maxLength + 1L) {
          dropped += scanned;
          base += limit;
          pos = 0;
          limit = 0;
          scanned = 0;
        }
        if (eof) {
          if (scanned == 0 && dropped == 0) {
            return false;
          }
          setLine(startOffset, dropped, limit, maxLength, in.exceeded);
          pos = limit;
          return true;
        }
        fill((int) Math.min(maxLength + 2L, MAX_ARRAY));
      }
    }

    private void setLine(long startOffset, long dropped, int end, int maxLength, boolean cut) {
      lineNumber++;
      lineOffset = startOffset;
      lineStart = pos;
      lineEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
      lineLength = dropped + (lineEnd - lineStart);
      oversized = dropped > 0 || lineLength > maxLength;
      cutShort = cut;
    }

    boolean isBlank() {
      for (int i = lineStart; i < lineEnd; i++) {
        byte b = buf[i];
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }

    /** True when only whitespace follows the current line; may read ahead. */
    boolean restIsBlank() throws IOException {
      int from = pos;
      while (true) {
        for (int i = from; i < limit; i++) {
          byte b = buf[i];
          if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
            return false;
          }
        }
        if (eof) {
          return true;
        }
        from = limit;
        // Keep the current line in the buffer: it is parsed after this look-ahead.
        from -= compactFrom(lineStart);
        if (limit == buf.length) {
          grow();
        }
        read();
      }
    }

    /** Reads the rest of the input so that {@code buf[lineStart, limit)} is the document. */
    void readToEnd() throws IOException {
      compactFrom(lineStart);
      while (!eof) {
        if (limit == buf.length) {
          grow();
        }
        read();
      }
    }

    private void fill(int cap) throws IOException {
      if (limit == buf.length) {
        compactFrom(pos);
        if (limit == buf.length) {
          if (buf.length >= cap) {
            throw new IllegalStateException("line buffer full");
          }
          buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(2L * buf.length, CHUNK)));
        }
      }
      read();
    }

    /** Moves {@code buf[from, limit)} to the front; returns how far it moved. */
    private int compactFrom(int from) {
      if (from == 0) {
        return 0;
      }
      System.arraycopy(buf, from, buf, 0, limit - from);
      limit -= from;
      pos -= from;
      lineStart -= Math.min(lineStart, from);
      lineEnd -= Math.min(lineEnd, from);
      base += from;
      return from;
    }

    private void grow() {
      if (buf.length >= MAX_ARRAY) {
        throw new InputException(source + ": too large to read as one document");
      }
      buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, Math.max(2L * buf.length, CHUNK)));
    }

    private void read() throws IOException {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }
}
