package dev.trailinsights.integrity;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the digest writers of one instance have done, for metrics: digests written, the Insights
 * records they cover, and signing failures. Shared by the instance's tasks; thread-safe.
 */
public final class DigestCounters {
  private final AtomicLong digests = new AtomicLong();
  private final AtomicLong covered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /** Counts a digest handed to the producer. */
  public void written(Digest d) {
    digests.incrementAndGet();
    covered.addAndGet(d.records().size());
  }

  /** Counts a digest that could not be signed (it is retried at the next tick). */
  public void signingFailed() {
    failures.incrementAndGet();
  }

  public long digests() {
    return digests.get();
  }

  public long covered() {
    return covered.get();
  }

  public long signingFailures() {
    return failures.get();
  }
}
