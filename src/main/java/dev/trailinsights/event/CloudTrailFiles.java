package dev.trailinsights.event;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads CloudTrail files into a {@link RecordSink}: trail log files ({@code .json}, {@code
 * .json.gz}), pretty-printed documents, JSON lines ({@code .jsonl}, {@code .ndjson}, gzipped or
 * not) and EventBridge events, whatever the file is named.
 *
 * <p>Compression is recognised by the gzip magic bytes, not by the name. The layout is recognised
 * by the first non-blank line: when it is a complete JSON value on its own the file is read as JSON
 * lines, one line at a time through a reusable buffer (a bad line is reported and skipped, a line
 * longer than the record size limit is reported without being buffered); otherwise the whole file
 * is one document, read into memory and parsed once. A file holding a single line is one document,
 * so a one-line trail log file of any size is read record by record.
 *
 * <p>Not thread-safe: it drives one {@link CloudTrailParser}, which is thread-confined.
 */
public final class CloudTrailFiles {
  private static final int CHUNK = 1 << 16;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  private final CloudTrailParser parser;

  /**
   * @param parser parses each document or line; its size limit bounds JSON lines
   */
  public CloudTrailFiles(CloudTrailParser parser) {
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  /**
   * Files and folders to the files they hold: folders are walked recursively, hidden files and
   * folders (name starting with {@code .}) and CloudTrail's digest folders ({@code
   * CloudTrail-Digest}, integrity hashes, not events) inside them are left out, a file named
   * directly is kept as given. The result is sorted and each file appears once.
   *
   * @throws InputException when a path does not exist or a folder cannot be listed
   */
  public static List<Path> expand(List<Path> paths) {
    Set<Path> seen = new HashSet<>();
    List<Path> files = new ArrayList<>();
    for (Path given : paths) {
      Path path = given.normalize();
      if (!Files.exists(path)) {
        throw new InputException(given + ": no such file or directory");
      }
      if (!Files.isDirectory(path)) {
        if (seen.add(path.toAbsolutePath())) {
          files.add(path);
        }
        continue;
      }
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(f -> !isHiddenBelow(path, f) && Files.isRegularFile(f))
            .forEach(
                f -> {
                  if (seen.add(f.toAbsolutePath())) {
                    files.add(f);
                  }
                });
      } catch (IOException e) {
        throw new InputException(where(e, given) + ": " + reason(e), e);
      } catch (UncheckedIOException e) {
        throw new InputException(where(e.getCause(), given) + ": " + reason(e.getCause()), e);
      }
    }
    files.sort(null);
    return files;
  }

  /** The folder under {@code AWSLogs/<account>/} that holds digest files, not events. */
  static final String DIGEST_FOLDER = "CloudTrail-Digest";

  private static boolean isHiddenBelow(Path root, Path file) {
    Path relative = root.relativize(file);
    for (Path part : relative) {
      if (part.toString().startsWith(".") || part.toString().equals(DIGEST_FOLDER)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads one file into {@code sink}. Records are delivered as they are read, so a file that fails
   * part-way has delivered the records before the failure.
   *
   * @return what the file held
   * @throws InputException when the file cannot be read at all or its compression is corrupt
   */
  public FileStats read(Path file, RecordSink sink) {
    Objects.requireNonNull(sink, "sink");
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new InputException(source + ": is a directory");
    }
    CountingSink counting = new CountingSink(sink);
    boolean gzip = false;
    Reader reader = null;
    try (InputStream raw = Files.newInputStream(file)) {
      BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
      buffered.mark(2);
      gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
      buffered.reset();
      // Closing the gzip stream releases its native inflater now rather than at collection.
      try (InputStream in = gzip ? new GZIPInputStream(buffered, CHUNK) : buffered) {
        reader = new Reader(in);
        readAll(reader, source, counting);
      }
    } catch (ZipException e) {
      throw new InputException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new InputException(source + ": " + (gzip ? "gzip data" : "file") + " ends early", e);
    } catch (IOException e) {
      throw new InputException(source + ": " + reason(e), e);
    }
    return new FileStats(counting.records, counting.bad, counting.insights, reader.total);
  }

  private void readAll(Reader r, String source, RecordSink sink) throws IOException {
    // The first non-blank line decides the layout; it may be a whole one-line document.
    do {
      if (!r.nextLine(MAX_ARRAY, source)) {
        return;
      }
    } while (r.isBlank());
    long firstLine = r.lineNumber;
    long firstOffset = r.lineOffset;
    JsonShape shape = JsonShape.of(r.buf, r.lineStart, r.lineEnd - r.lineStart);
    if (shape == JsonShape.INCOMPLETE || r.restIsBlank(source)) {
      r.readToEnd(source);
      parser.parse(r.buf, r.lineStart, r.limit - r.lineStart, source, firstLine, firstOffset, sink);
      return;
    }
    parser.parse(r.buf, r.lineStart, r.lineEnd - r.lineStart, source, firstLine, firstOffset, sink);
    int max = parser.maxRecordBytes();
    while (r.nextLine(max, source)) {
      if (r.oversized) {
        sink.bad(
            new BadRecord(
                source,
                r.lineNumber,
                r.lineOffset,
                BadReason.TOO_LARGE,
                "line of " + r.lineLength + " bytes exceeds the limit of " + max + " bytes"));
      } else if (!r.isBlank()) {
        parser.parse(
            r.buf, r.lineStart, r.lineEnd - r.lineStart, source, r.lineNumber, r.lineOffset, sink);
      }
    }
  }

  private static Object where(IOException e, Path given) {
    return e instanceof FileSystemException fse && fse.getFile() != null ? fse.getFile() : given;
  }

  private static String reason(IOException e) {
    return InputException.reason(e);
  }

  /**
   * Splits a stream into lines in one growable buffer. A line is {@code buf[lineStart, lineEnd)}
   * without its {@code \n} or {@code \r\n}; it stays valid until the next call.
   */
  private static final class Reader {
    private final InputStream in;
    byte[] buf = new byte[CHUNK];

    /** Start of the bytes not yet returned as a line. */
    int pos;

    /** End of the bytes read so far. */
    int limit;

    /** Stream offset of {@code buf[0]}. */
    long base;

    boolean eof;
    long total;

    long lineNumber;
    long lineOffset;
    int lineStart;
    int lineEnd;
    long lineLength;
    boolean oversized;

    Reader(InputStream in) {
      this.in = in;
    }

    /**
     * Advances to the next line. A line longer than {@code maxLength} is consumed without being
     * kept: {@link #oversized} is set and {@link #lineLength} says how long it was.
     *
     * @return false at the end of the input
     */
    boolean nextLine(int maxLength, String source) throws IOException {
      long startOffset = base + pos;
      long dropped = 0;
      int scanned = 0;
      while (true) {
        int nl = RawStrings.indexOfNewline(buf, pos + scanned, limit);
        if (nl >= 0) {
          setLine(startOffset, dropped, nl, maxLength);
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
          setLine(startOffset, dropped, limit, maxLength);
          pos = limit;
          return true;
        }
        fill((int) Math.min(maxLength + 2L, MAX_ARRAY), source);
      }
    }

    private void setLine(long startOffset, long dropped, int end, int maxLength) {
      lineNumber++;
      lineOffset = startOffset;
      lineStart = pos;
      lineEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
      lineLength = dropped + (lineEnd - lineStart);
      oversized = dropped > 0 || lineLength > maxLength;
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
    boolean restIsBlank(String source) throws IOException {
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
          grow(MAX_ARRAY, source);
        }
        read();
      }
    }

    /** Reads the rest of the input so that {@code buf[lineStart, limit)} is the document. */
    void readToEnd(String source) throws IOException {
      compactFrom(lineStart);
      while (!eof) {
        if (limit == buf.length) {
          grow(MAX_ARRAY, source);
        }
        read();
      }
    }

    private void fill(int cap, String source) throws IOException {
      if (limit == buf.length) {
        compactFrom(pos);
        if (limit == buf.length) {
          grow(cap, source);
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

    private void grow(int cap, String source) {
      if (buf.length >= cap) {
        throw new InputException(source + ": too large to read as one document");
      }
      int size = (int) Math.min(cap, Math.max(2L * buf.length, CHUNK));
      buf = Arrays.copyOf(buf, size);
    }

    private void read() throws IOException {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
        total += n;
      }
    }
  }

  /** Counts what goes through to the caller's sink. */
  private static final class CountingSink implements RecordSink {
    private final RecordSink delegate;
    long records;
    long bad;
    long insights;

    CountingSink(RecordSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public void record(CloudTrailRecord record) {
      records++;
      delegate.record(record);
    }

    @Override
    public void bad(BadRecord bad) {
      this.bad++;
      delegate.bad(bad);
    }

    @Override
    public void insightSkipped() {
      insights++;
      delegate.insightSkipped();
    }
  }
}
