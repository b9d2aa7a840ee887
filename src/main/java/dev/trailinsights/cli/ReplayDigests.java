package dev.trailinsights.cli;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.integrity.ChainStore;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.DigestFiles;
import dev.trailinsights.integrity.DigestSigner;
import dev.trailinsights.integrity.RunningDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;

/**
 * The digests of {@code replay --digest DIR}: one chain, {@code replay}, in the same format and
 * with the same signer as the live digests. Offline, time is the insights' event time: an interval
 * closes when an insight of a later interval is written, and the last one at the end of the run.
 */
final class ReplayDigests {
  /** The chain id of offline runs. */
  static final String CHAIN = "replay";

  private final Path dir;
  private final RunningDigest chain;
  private long newest = Long.MIN_VALUE;
  private long written;
  private long records;

  ReplayDigests(Path dir, Duration interval, DigestSigner signer) {
    this.dir = dir;
    this.chain = new RunningDigest(CHAIN, interval, signer, ChainStore.inMemory());
  }

  /** Adds an insight as written. */
  void add(InsightEvent e, byte[] bytes) {
    long t = e.eventTimeMillis();
    newest = Math.max(newest, t);
    try {
      chain.open(t);
      write(chain.tick(newest));
      write(chain.add(e.eventId(), bytes, newest));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("signing a digest failed: " + ex.getClass().getSimpleName());
    }
  }

  /** Closes the last interval (at the end of the newest insight's interval). */
  void finish() {
    long now = newest == Long.MIN_VALUE ? System.currentTimeMillis() : newest;
    chain.open(now);
    try {
      write(Optional.of(chain.close(chain.align(now) + chain.intervalMillis())));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("signing a digest failed: " + ex.getClass().getSimpleName());
    }
  }

  private void write(Optional<Digest> d) {
    if (d.isEmpty()) {
      return;
    }
    try {
      DigestFiles.write(dir, d.get());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    written++;
    records += d.get().records().size();
  }

  /** One line for the summary. */
  String summary() {
    return "digests: " + written + " written to " + dir + ", covering " + records + " insights";
  }
}
