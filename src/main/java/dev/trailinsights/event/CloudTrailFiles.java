package dev.trailinsights.event;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads CloudTrail files into a {@link RecordSink}: trail log files ({@code .json}, {@code
 * .json.gz}), pretty-printed documents, JSON lines ({@code .jsonl}, {@code .ndjson}, gzipped or
 * not) and EventBridge events, whatever the file is named.
 *
 * <p>Files are opened, decompressed, bounded and told apart by {@link CloudTrailInput} (the reader
 * {@code load} uses too); each document or line goes through the {@link CloudTrailParser}, which
 * reports an unreadable record and goes on with the next one. A line longer than the record size
 * limit is reported without being buffered.
 *
 * <p>Not thread-safe: it drives one {@link CloudTrailParser}, which is thread-confined.
 */
public final class CloudTrailFiles {
  private final CloudTrailParser parser;
  private final CloudTrailInput input;

  /**
   * @param parser parses each document or line; its size limit bounds JSON lines
   * @param maxFileBytes most bytes read from one file after decompression
   */
  public CloudTrailFiles(CloudTrailParser parser, long maxFileBytes) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.input = new CloudTrailInput(parser.maxRecordBytes(), maxFileBytes);
  }

  /**
   * Files and folders to the files they hold: folders are walked recursively, hidden files and
   * folders (name starting with {@code .}) and CloudTrail's digest folders ({@code
   * CloudTrail-Digest}, integrity hashes, not events) inside them are left out, a file named
   * directly is kept as given ({@code -} is standard input). The result is sorted and each file
   * appears once.
   *
   * @throws InputException when a path does not exist or a folder inside cannot be listed
   */
  public static List<Path> expand(List<Path> paths) {
    return expand(
        paths,
        unreadable -> {
          throw new InputException(unreadable);
        });
  }

  /**
   * As {@link #expand(List)}, but a folder inside that cannot be listed (or a file whose attributes
   * cannot be read) is passed to {@code unreadable} as one line, {@code <path>: <reason>} with
   * control characters escaped, and the walk goes on.
   *
   * @throws InputException when a path given does not exist
   */
  public static List<Path> expand(List<Path> paths, Consumer<String> unreadable) {
    Set<Path> seen = new HashSet<>();
    List<Path> files = new ArrayList<>();
    for (Path given : paths) {
      Path path = given.normalize();
      if (CloudTrailInput.isStdin(given)) {
        if (seen.add(given)) {
          files.add(given);
        }
        continue;
      }
      if (!Files.exists(path)) {
        throw new InputException(
            CloudTrailInput.escape(given.toString()) + ": no such file or directory");
      }
      if (!Files.isDirectory(path)) {
        if (seen.add(path.toAbsolutePath())) {
          files.add(path);
        }
        continue;
      }
      try {
        Files.walkFileTree(
            path,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(path) || !isHiddenBelow(path, dir)
                    ? FileVisitResult.CONTINUE
                    : FileVisitResult.SKIP_SUBTREE;
              }

              @Override
              public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                boolean regular =
                    attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(f));
                if (regular && !isHiddenBelow(path, f) && seen.add(f.toAbsolutePath())) {
                  files.add(f);
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path f, IOException e) {
                if (!isHiddenBelow(path, f)) {
                  unreadable.accept(
                      CloudTrailInput.escape(where(e, f).toString())
                          + ": "
                          + InputException.reason(e));
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null) {
                  unreadable.accept(
                      CloudTrailInput.escape(where(e, dir).toString())
                          + ": "
                          + InputException.reason(e));
                }
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        throw new InputException(
            CloudTrailInput.escape(where(e, given).toString()) + ": " + InputException.reason(e),
            e);
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
   * Reads one file into {@code sink}; {@code -} is standard input. Records are delivered as they
   * are read, so a file that fails part-way has delivered the records before the failure.
   *
   * @return what the file held
   * @throws InputException when the file cannot be read at all, its compression is corrupt or it is
   *     larger than the file size bound
   */
  public FileStats read(Path file, RecordSink sink) {
    Objects.requireNonNull(sink, "sink");
    String source = CloudTrailInput.displayName(file);
    CountingSink counting = new CountingSink(sink);
    CloudTrailInput.Result result =
        input.read(
            file,
            new CloudTrailInput.Handler() {
              @Override
              public void document(byte[] buf, int off, int len, long firstLine, long firstOffset) {
                parser.parse(buf, off, len, source, firstLine, firstOffset, counting, false);
              }

              @Override
              public void line(byte[] buf, int off, int len, long line, long offset) {
                parser.parse(buf, off, len, source, line, offset, counting, true);
              }

              @Override
              public void oversizedLine(long line, long offset, long length) {
                counting.bad(input.oversizedLine(source, line, offset, length, ""));
              }
            });
    return new FileStats(counting.records, counting.bad, counting.insights, result.bytes());
  }

  private static Path where(IOException e, Path given) {
    return e instanceof FileSystemException fse && fse.getFile() != null
        ? Path.of(fse.getFile())
        : given;
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
