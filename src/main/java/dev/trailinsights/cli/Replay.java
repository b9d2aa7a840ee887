package dev.trailinsights.cli;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.DetectionCounters;
import dev.trailinsights.detect.OfflineDetector;
import dev.trailinsights.event.BadReason;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailFiles;
import dev.trailinsights.event.CloudTrailInput;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventTimeBounds;
import dev.trailinsights.event.InputException;
import dev.trailinsights.event.RecordSink;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * CloudTrail files through the offline detector: the engine behind {@code replay}. Reads files in
 * sorted path order (the order trail files are delivered in), records in file order.
 */
final class Replay {
  private final OfflineDetector detector;
  private final int maxRecordBytes;
  private final long maxFileBytes;
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
    this.maxRecordBytes = config.maxRecordBytes();
    this.maxFileBytes = config.maxFileBytes();
    this.maxBadShown = maxBadShown;
  }

  /**
   * Reads every file under {@code paths} and finishes the detector. Files are read and parsed on
   * worker threads (gzip and JSON are most of the cost), several at a time, each into its own
   * bounded queue of record batches; the detector takes the files in sorted order and each file's
   * records in file order, so the result is the same as reading everything on one thread.
   *
   * @throws InputException when a path does not exist
   */
  Replay run(List<Path> paths) {
    long t0 = System.nanoTime();
    List<Path> all = CloudTrailFiles.expand(paths, unreadable::add);
    int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "replay-reader");
              t.setDaemon(true);
              return t;
            });
    ThreadLocal<CloudTrailFiles> readers =
        ThreadLocal.withInitial(
            () -> new CloudTrailFiles(new CloudTrailParser(maxRecordBytes), maxFileBytes));
    ArrayDeque<FileTask> inFlight = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < all.size() || !inFlight.isEmpty()) {
        while (next < all.size() && inFlight.size() < workers + 1) {
          FileTask task = new FileTask(all.get(next++), readers, maxBadShown);
          pool.execute(task);
          inFlight.add(task);
        }
        inFlight.poll().drainInto(this);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      pool.shutdownNow();
    }
    detector.finish();
    nanos = System.nanoTime() - t0;
    return this;
  }

  /** One file read on a worker into a bounded queue of batches, drained in order. */
  private static final class FileTask implements Runnable, RecordSink {
    private static final int BATCH = 2048;
    private static final int QUEUED_BATCHES = 32;
    private static final CloudTrailRecord[] END = new CloudTrailRecord[0];

    private final Path file;
    private final ThreadLocal<CloudTrailFiles> readers;
    private final int maxBadShown;
    private final BlockingQueue<CloudTrailRecord[]> queue =
        new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private CloudTrailRecord[] batch = new CloudTrailRecord[BATCH];
    private int batched;
    // written by the worker, read after END is taken (the queue orders them)
    private final List<BadRecord> bad = new ArrayList<>();
    private final Map<BadReason, Long> badByReason = new EnumMap<>(BadReason.class);
    private long badCount;
    private long insightsSkipped;
    private long bytes;
    private String unreadable;
    private Throwable failure;
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    FileTask(Path file, ThreadLocal<CloudTrailFiles> readers, int maxBadShown) {
      this.file = file;
      this.readers = readers;
      this.maxBadShown = maxBadShown;
    }

    @Override
    public void run() {
      try {
        bytes = readers.get().read(file, this).bytes();
      } catch (InputException e) {
        unreadable = e.getMessage();
      } catch (Throwable t) {
        failure = t;
      } finally {
        try {
          flush();
          queue.put(END);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void record(CloudTrailRecord record) {
      String outOfBounds = EventTimeBounds.check(record.eventTimeMillis(), clock.millis());
      if (outOfBounds != null) {
        bad(new BadRecord(file.toString(), -1, -1, BadReason.BAD_TIMESTAMP, outOfBounds));
        return;
      }
      batch[batched++] = record;
      if (batched == BATCH) {
        try {
          flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
    }

    private void flush() throws InterruptedException {
      if (batched > 0) {
        queue.put(batched == BATCH ? batch : java.util.Arrays.copyOf(batch, batched));
        batch = new CloudTrailRecord[BATCH];
        batched = 0;
      }
    }

    @Override
    public void bad(BadRecord b) {
      badCount++;
      badByReason.merge(b.reason(), 1L, Long::sum);
      if (bad.size() < maxBadShown) {
        bad.add(b);
      }
    }

    @Override
    public void insightSkipped() {
      insightsSkipped++;
    }

    void drainInto(Replay r) throws InterruptedException {
      for (CloudTrailRecord[] b = queue.take(); b != END; b = queue.take()) {
        for (CloudTrailRecord rec : b) {
          r.detector.accept(rec);
        }
      }
      if (failure != null) {
        // Not expected (bad input is reported, files are bounded); the file is listed as
        // unreadable in one line and the others are still read and summarised.
        unreadable =
            CloudTrailInput.displayName(file)
                + ": reading failed: "
                + failure.getClass().getSimpleName()
                + (unreadable == null ? "" : " (" + unreadable + ")");
      }
      r.fileCount++;
      r.bytes += bytes;
      r.insightRecordsSkipped += insightsSkipped;
      r.bad += badCount;
      badByReason.forEach((k, v) -> r.badByReason.merge(k, v, Long::sum));
      for (BadRecord b : bad) {
        if (r.badShown.size() < r.maxBadShown) {
          r.badShown.add(b.describe());
        }
      }
      if (unreadable != null) {
        r.unreadable.add(unreadable);
      }
    }
  }

  List<String> unreadableFiles() {
    return unreadable;
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
    if (c.untrackedEvents() > 0) {
      err.printf(
          Locale.ROOT,
          "  %,d events of %s%,d untracked API keys: detection.max-keys (%,d) reached%n",
          c.untrackedEvents(),
          c.untrackedKeysAtLeast() ? "at least " : "",
          c.untrackedKeys(),
          detector.maxKeys());
    }
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
    if (!complete()) {
      long untracked = c.untrackedEvents();
      err.printf(
          Locale.ROOT,
          "replay: incomplete: %,d bad records%s %d unreadable or cut files%s were not analysed"
              + " (listed above)%n",
          bad,
          untracked > 0 ? "," : " and",
          unreadable.size(),
          untracked > 0
              ? String.format(Locale.ROOT, " and %,d events of untracked keys", untracked)
              : "");
    }
  }

  /**
   * Whether every record of every file was read and analysed: nothing skipped, nothing unreadable,
   * no key left untracked.
   */
  boolean complete() {
    return bad == 0 && unreadable.isEmpty() && detector.counters().untrackedEvents() == 0;
  }

  private static void line(PrintStream err, String label, long n) {
    err.printf(Locale.ROOT, "  %-24s %,d%n", label, n);
  }
}
