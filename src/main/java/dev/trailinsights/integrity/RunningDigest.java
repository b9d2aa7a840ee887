package dev.trailinsights.integrity;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The open interval of one chain: collects the {@code eventID} and SHA-256 of each record written,
 * and closes the interval into a signed {@link Digest} chained to the previous one. Intervals are
 * aligned to the epoch ({@code floor(t / interval) * interval}), like CloudTrail's hourly digests;
 * an interval with no records still closes into a digest. A digest that would list more than {@link
 * Digest#MAX_RECORDS} is closed early, and the next interval starts where it ended: the intervals
 * of a chain always join up.
 *
 * <p>Not thread-safe: one per chain, driven by one thread.
 */
public final class RunningDigest {
  private final String chainId;
  private final long intervalMillis;
  private final DigestSigner signer;
  private final ChainStore store;
  private ChainHead head;

  /**
   * @param chainId names the chain in every digest
   * @param interval the digest interval
   * @param signer signs the digests
   * @param store holds the head and the open entries; its head, if any, is resumed
   */
  public RunningDigest(String chainId, Duration interval, DigestSigner signer, ChainStore store) {
    this.chainId = Objects.requireNonNull(chainId, "chainId");
    this.intervalMillis = interval.toMillis();
    if (intervalMillis < 1000) {
      throw new IllegalArgumentException("digest interval must be at least one second");
    }
    this.signer = Objects.requireNonNull(signer, "signer");
    this.store = Objects.requireNonNull(store, "store");
    this.head = store.head();
  }

  /** The digest interval in milliseconds. */
  public long intervalMillis() {
    return intervalMillis;
  }

  /** The start of the interval that holds {@code millis}. */
  public long align(long millis) {
    return Math.floorDiv(millis, intervalMillis) * intervalMillis;
  }

  /** Opens the first interval at {@code nowMillis} unless the chain already has a head. */
  public void open(long nowMillis) {
    if (head == null) {
      head = new ChainHead(0, align(nowMillis), 0, null);
      store.head(head);
    }
  }

  /**
   * Adds a record written now.
   *
   * @param eventId the record's {@code eventID}
   * @param bytes the record's bytes exactly as written
   * @param nowMillis the time it is written, closes the interval when full
   * @return a digest when this record filled the interval
   * @throws GeneralSecurityException when signing the full interval fails (the record is kept)
   */
  public Optional<Digest> add(String eventId, byte[] bytes, long nowMillis)
      throws GeneralSecurityException {
    open(nowMillis);
    store.append(head.count(), new Digest.Entry(eventId, Keys.sha256Hex(bytes)));
    head =
        new ChainHead(
            head.sequence(),
            head.intervalStartMillis(),
            head.count() + 1,
            head.previousSignature());
    store.head(head);
    if (head.count() >= Digest.MAX_RECORDS) {
      return Optional.of(close(Math.max(nowMillis, head.intervalStartMillis() + 1)));
    }
    return Optional.empty();
  }

  /**
   * Closes the open interval when {@code nowMillis} is past its end: the digest covers up to the
   * start of the interval holding {@code nowMillis} (several intervals at once after a pause).
   *
   * @throws GeneralSecurityException when signing fails; the interval stays open
   */
  public Optional<Digest> tick(long nowMillis) throws GeneralSecurityException {
    open(nowMillis);
    long end = align(nowMillis);
    if (end <= head.intervalStartMillis()) {
      return Optional.empty();
    }
    return Optional.of(close(end));
  }

  /** Whether an interval boundary has passed since the open interval started. */
  public boolean due(long nowMillis) {
    return head == null || align(nowMillis) > head.intervalStartMillis();
  }

  /**
   * Closes the open interval at {@code endMillis}, whatever its alignment.
   *
   * @throws GeneralSecurityException when signing fails; nothing changes
   */
  public Digest close(long endMillis) throws GeneralSecurityException {
    open(endMillis);
    if (endMillis <= head.intervalStartMillis()) {
      throw new IllegalArgumentException("interval would end before it starts");
    }
    Digest unsigned =
        new Digest(
            Digest.VERSION,
            chainId,
            head.sequence(),
            Instant.ofEpochMilli(head.intervalStartMillis()),
            Instant.ofEpochMilli(endMillis),
            intervalMillis / 1000,
            store.entries(head.count()),
            head.previousSignature(),
            signer.fingerprint(),
            signer.algorithm(),
            null);
    Digest signed = signer.sign(unsigned);
    store.clear(head.count());
    head = new ChainHead(head.sequence() + 1, endMillis, 0, signed.signature());
    store.head(head);
    return signed;
  }

  /** The head, null before the first interval opened. */
  public ChainHead head() {
    return head;
  }
}
