package dev.trailinsights.integrity;

import java.util.Locale;

/**
 * One thing {@link Verifier} found wrong.
 *
 * @param kind what is wrong
 * @param chain the chain concerned, or null
 * @param sequence the digest concerned, or -1
 * @param eventId the record concerned, or null
 * @param where the file or topic partition (with line or offset), or null for a record not found
 * @param detail one line for a person
 */
public record Problem(
    Kind kind, String chain, long sequence, String eventId, String where, String detail) {

  /** The kinds of tampering and damage a verifier names. */
  public enum Kind {
    /** A record's bytes differ from the SHA-256 its digest lists. */
    MODIFIED,
    /** A record a digest lists is not there. */
    DELETED,
    /** A record no digest lists (and not pending), or a second copy of one. */
    INSERTED,
    /** Records or digests in another order than their chain wrote them. */
    REORDERED,
    /** A digest does not carry the signature of the one before it, or repeats its sequence. */
    BROKEN_CHAIN,
    /** A digest's signature does not verify, or its key is not among those given. */
    BAD_SIGNATURE,
    /** Digests missing in the middle or at the end of a chain: time nothing proves. */
    MISSING_INTERVAL,
    /** The digests at the start of a chain are missing. */
    TRUNCATED_CHAIN,
    /** A digest that cannot be read. */
    UNREADABLE_DIGEST;

    /** The lower-case, dashed label, e.g. {@code broken-chain}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static Problem of(
      Kind kind, String chain, long sequence, String eventId, String where, String detail) {
    return new Problem(kind, chain, sequence, eventId, where, detail);
  }
}
