package dev.trailinsights.cli;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.detect.OfflineDetector;
import dev.trailinsights.event.BadReason;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailFiles;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.InputException;
import dev.trailinsights.event.RecordSink;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * CloudTrail files through the offline detector: the engine behind {@code replay}, {@code evaluate
 * --events} and the end-to-end benchmark. Reads files in sorted path order (the order trail files
 * are delivered in), records in file order.
 */
final class Replay implements RecordSink {
  private final OfflineDetector detector;
  private final CloudTrailFiles files;
  private final int maxBadShown;
  private final Map<BadReason, Long> badByReason = new EnumMap<>(BadReason.class);
  private final List<String> badShown = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();
  private final long[][] insights = new long[InsightType.values().length][2];
  private long bad;
  private long insightRecordsSkipped;
  private long fileCount;
  private long bytes;
  private long nanos;

  Replay(DetectorConfig config, Consumer<InsightEvent> out, int maxBadShown) {
    this.detector =
        new OfflineDetector(
            config,
            e -> {
              insights[e.insightType().ordinal()][e.state() == InsightState.START ? 0 : 1]++;
              out.accept(e);
            });
    this.files = new CloudTrailFiles(new CloudTrailParser(config.maxRecordBytes()));
    this.maxBadShown = maxBadShown;
  }

  /**
   * Reads every file under {@code paths} and finishes the detector. Parsing runs on its own thread
   * and hands records over in batches, in file order, so reading and detecting use a core each and
   * the result is the same as reading on one thread.
   *
   * @throws InputException when a path does not exist
   */
  Replay run(List<Path> paths) {
    long t0 = System.nanoTime();
    List<Path> all = CloudTrailFiles.expand(paths);
    BlockingQueue<CloudTrailRecord[]> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    this.target = queue;
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                for (Path p : all) {
                  fileCount++;
                  try {
                    bytes += files.read(p, this).bytes();
                  } catch (InputException e) {
                    unreadable.add(e.getMessage());
                  }
                }
                flushBatch(queue);
              } catch (Throwable t) {
                readerFailure.set(t);
              } finally {
                putQuietly(queue, END);
              }
            },
            "replay-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      for (CloudTrailRecord[] b = queue.take(); b != END; b = queue.take()) {
        for (CloudTrailRecord r : b) {
          if (r == null) {
            break;
          }
          detector.accept(r);
        }
      }
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    if (readerFailure.get() != null) {
      throw new IllegalStateException(
          "reading failed: " + readerFailure.get(), readerFailure.get());
    }
    detector.finish();
    nanos = System.nanoTime() - t0;
    return this;
  }

  private static final int BATCH = 2048;
  private static final int QUEUED_BATCHES = 64;
  private static final CloudTrailRecord[] END = new CloudTrailRecord[0];
  private CloudTrailRecord[] batch = new CloudTrailRecord[BATCH];
  private int batched;
  private BlockingQueue<CloudTrailRecord[]> target;

  private void flushBatch(BlockingQueue<CloudTrailRecord[]> queue) {
    if (batched > 0) {
      putQuietly(queue, batch);
      batch = new CloudTrailRecord[BATCH];
      batched = 0;
    }
  }

  private static void putQuietly(BlockingQueue<CloudTrailRecord[]> queue, CloudTrailRecord[] b) {
    try {
      queue.put(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Called on the reader thread. */
  @Override
  public void record(CloudTrailRecord record) {
    batch[batched++] = record;
    if (batched == BATCH) {
      flushBatch(target);
    }
  }

  @Override
  public void bad(BadRecord b) {
    bad++;
    badByReason.merge(b.reason(), 1L, Long::sum);
    if (badShown.size() < maxBadShown) {
      badShown.add(b.describe());
    }
  }

  @Override
  public void insightSkipped() {
    insightRecordsSkipped++;
  }

  List<String> unreadableFiles() {
    return unreadable;
  }

  OfflineDetector detector() {
    return detector;
  }

  long records() {
    return detector.records();
  }

  double seconds() {
    return nanos / 1e9;
  }

  /** The summary printed on stderr: what was read, what was dropped and why, what came out. */
  void printSummary(PrintStream err) {
    DetectionCounters c = detector.counters();
    double secs = Math.max(seconds(), 1e-9);
    err.printf(
        Locale.ROOT,
        "replay: %d files, %,d bytes, %,d records in %.2f s (%,.0f records/s)%n",
        fileCount,
        bytes,
        detector.records(),
        secs,
        detector.records() / secs);
    line(err, "selected", detector.selected());
    line(err, "not selected", detector.records() - detector.selected());
    line(err, "insight records skipped", insightRecordsSkipped);
    line(err, "bad records", bad);
    badByReason.forEach(
        (reason, n) -> err.printf(Locale.ROOT, "    %-22s %,d%n", reason.label(), n));
    for (String s : badShown) {
      err.println("    " + s);
    }
    if (bad > badShown.size()) {
      err.printf(Locale.ROOT, "    ... %,d more%n", bad - badShown.size());
    }
    line(err, "late (beyond horizon)", c.late());
    line(err, "duplicates", c.duplicates());
    line(err, "keys", detector.keys());
    for (InsightType t : InsightType.values()) {
      err.printf(
          Locale.ROOT,
          "  %-24s Start %d, End %d%n",
          t.awsName(),
          insights[t.ordinal()][0],
          insights[t.ordinal()][1]);
    }
    line(err, "open at end of input", detector.openInsights());
    if (c.errorSeriesEvicted() > 0 || c.errorSeriesFull() > 0) {
      line(err, "error series evicted", c.errorSeriesEvicted());
      line(err, "errors not counted (full)", c.errorSeriesFull());
    }
    for (String u : unreadable) {
      err.println("  unreadable: " + u);
    }
  }

  private static void line(PrintStream err, String label, long n) {
    err.printf(Locale.ROOT, "  %-24s %,d%n", label, n);
  }
}
