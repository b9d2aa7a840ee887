package dev.trailinsights.integrity;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks Insights records against their digests with only public keys, and names every kind of
 * tampering it finds ({@link Problem.Kind}): a record changed, deleted, inserted or moved; a digest
 * with a bad signature or an unknown key; a chain broken, cut at its start, or missing an interval.
 *
 * <p>Records are matched to digest entries by {@code eventID}. A record no digest lists is
 * inserted, unless it is <em>pending</em>: it names its chain (the live topology marks each record
 * with its chain in a header), and no record that chain's digests list comes after it in the same
 * source, so the next digest of the chain has not been written yet. Pending records are counted,
 * not judged.
 */
public final class Verifier {
  private final Map<String, PublicKey> keys = new HashMap<>();

  /**
   * @param publicKeys every key whose digests are accepted (several after a rotation)
   */
  public Verifier(List<PublicKey> publicKeys) {
    for (PublicKey k : publicKeys) {
      keys.put(Keys.fingerprint(k), k);
    }
  }

  /**
   * An Insights record as read.
   *
   * @param source the file or topic partition it was read from
   * @param position its line (files) or offset (topics) in the source
   * @param eventId its {@code eventID}, null when it could not be read
   * @param sha256 SHA-256 (hex) of its bytes
   * @param chain the chain the writer named for it, or null
   */
  public record Insight(String source, long position, String eventId, String sha256, String chain) {
    public Insight {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sha256, "sha256");
    }

    String where() {
      return source + "@" + position;
    }
  }

  /**
   * A digest as read.
   *
   * @param source the file or topic partition it was read from
   * @param position its order in the source (0 for one file per digest)
   * @param bytes its bytes
   */
  public record DigestInput(String source, long position, byte[] bytes) {}

  private record Located(Digest digest, DigestInput input) {
    String where() {
      return input.source() + (input.position() > 0 ? "@" + input.position() : "");
    }
  }

  private record Rank(String chain, long sequence, int index) {}

  /** Verifies; the inputs may be in any order, their positions tell the order read. */
  public VerifyReport verify(List<Insight> insights, List<DigestInput> digestInputs) {
    List<Problem> problems = new ArrayList<>();
    Map<String, List<Located>> chains = new LinkedHashMap<>();
    List<DigestInput> ordered = new ArrayList<>(digestInputs);
    ordered.sort(
        Comparator.comparing(DigestInput::source).thenComparingLong(DigestInput::position));
    for (DigestInput in : ordered) {
      try {
        Digest d = Digest.parse(in.bytes());
        chains.computeIfAbsent(d.chainId(), c -> new ArrayList<>()).add(new Located(d, in));
      } catch (IllegalArgumentException e) {
        problems.add(
            Problem.of(
                Problem.Kind.UNREADABLE_DIGEST, null, -1, null, in.source(), e.getMessage()));
      }
    }

    List<VerifyReport.Interval> intervals = new ArrayList<>();
    Map<String, Rank> claims = new HashMap<>();
    Map<String, Digest.Entry> claimedEntry = new HashMap<>();
    long newestEnd = Long.MIN_VALUE;
    Map<String, Located> newest = new LinkedHashMap<>();
    for (Map.Entry<String, List<Located>> c : chains.entrySet()) {
      String chain = c.getKey();
      List<Located> read = c.getValue();
      // order read vs sequence: a digest moved within its chain
      for (int i = 1; i < read.size(); i++) {
        Located a = read.get(i - 1);
        Located b = read.get(i);
        if (a.input().source().equals(b.input().source())
            ? b.digest().sequence() < a.digest().sequence()
            : false) {
          problems.add(
              Problem.of(
                  Problem.Kind.REORDERED,
                  chain,
                  b.digest().sequence(),
                  null,
                  b.where(),
                  "digest "
                      + b.digest().sequence()
                      + " comes after digest "
                      + a.digest().sequence()));
        }
      }
      List<Located> bySeq = new ArrayList<>(read);
      bySeq.sort(Comparator.comparingLong(l -> l.digest().sequence()));
      // file names carry the sequence; a digest read from the wrong file is moved too
      for (Located l : bySeq) {
        String expected = DigestFiles.fileName(l.digest());
        String name = java.nio.file.Path.of(l.input().source()).getFileName().toString();
        if (name.endsWith(".json") && !name.equals(expected)) {
          problems.add(
              Problem.of(
                  Problem.Kind.REORDERED,
                  chain,
                  l.digest().sequence(),
                  null,
                  l.where(),
                  "digest "
                      + l.digest().sequence()
                      + " is in the file of another ("
                      + expected
                      + " expected)"));
        }
      }
      Located prev = null;
      for (Located l : bySeq) {
        Digest d = l.digest();
        List<Problem> own = new ArrayList<>();
        checkSignature(l, own);
        if (prev == null) {
          if (d.sequence() != 0 || d.previousSignature() != null) {
            own.add(
                Problem.of(
                    Problem.Kind.TRUNCATED_CHAIN,
                    chain,
                    d.sequence(),
                    null,
                    l.where(),
                    "the chain starts at digest "
                        + d.sequence()
                        + " ("
                        + d.intervalStart()
                        + "): the digests before it are missing"));
          }
        } else {
          Digest p = prev.digest();
          if (d.sequence() == p.sequence()) {
            own.add(
                Problem.of(
                    Problem.Kind.BROKEN_CHAIN,
                    chain,
                    d.sequence(),
                    null,
                    l.where(),
                    "a second digest " + d.sequence() + " (also in " + prev.where() + ")"));
          } else if (d.sequence() > p.sequence() + 1) {
            own.add(
                Problem.of(
                    Problem.Kind.MISSING_INTERVAL,
                    chain,
                    d.sequence(),
                    null,
                    l.where(),
                    "digests "
                        + (p.sequence() + 1)
                        + (d.sequence() - 1 > p.sequence() + 1 ? " to " + (d.sequence() - 1) : "")
                        + " are missing: nothing proves "
                        + p.intervalEnd()
                        + " to "
                        + d.intervalStart()));
          } else {
            if (!Objects.equals(d.previousSignature(), p.signature())) {
              own.add(
                  Problem.of(
                      Problem.Kind.BROKEN_CHAIN,
                      chain,
                      d.sequence(),
                      null,
                      l.where(),
                      "its previousSignature is not the signature of digest " + p.sequence()));
            }
            if (!d.intervalStart().equals(p.intervalEnd())) {
              own.add(
                  Problem.of(
                      d.intervalStart().isAfter(p.intervalEnd())
                          ? Problem.Kind.MISSING_INTERVAL
                          : Problem.Kind.BROKEN_CHAIN,
                      chain,
                      d.sequence(),
                      null,
                      l.where(),
                      "starts at "
                          + d.intervalStart()
                          + " but digest "
                          + p.sequence()
                          + " ended at "
                          + p.intervalEnd()));
            }
          }
        }
        problems.addAll(own);
        if (prev == null || d.sequence() != prev.digest().sequence()) {
          for (int i = 0; i < d.records().size(); i++) {
            Digest.Entry e = d.records().get(i);
            claims.putIfAbsent(e.eventId(), new Rank(chain, d.sequence(), i));
            claimedEntry.putIfAbsent(e.eventId(), e);
          }
        }
        intervals.add(
            new VerifyReport.Interval(
                chain,
                d.sequence(),
                d.intervalStart(),
                d.intervalEnd(),
                d.records().size(),
                l.where(),
                own.stream().map(Problem::kind).distinct().toList()));
        prev = l;
      }
      Located last = bySeq.get(bySeq.size() - 1);
      newest.put(chain, last);
      newestEnd = Math.max(newestEnd, last.digest().intervalEnd().toEpochMilli());
    }
    // digests cut off the end of a chain: the other chains went on for more than an interval
    for (Map.Entry<String, Located> e : newest.entrySet()) {
      Digest d = e.getValue().digest();
      if (d.intervalEnd().toEpochMilli() < newestEnd - d.interval() * 1000) {
        problems.add(
            Problem.of(
                Problem.Kind.MISSING_INTERVAL,
                e.getKey(),
                d.sequence() + 1,
                null,
                e.getValue().where(),
                "the chain ends at "
                    + d.intervalEnd()
                    + " while other chains have digests to "
                    + java.time.Instant.ofEpochMilli(newestEnd)
                    + ": its newest digests are missing"));
      }
    }

    // records against the entries that claim them
    Map<String, Insight> matched = new HashMap<>();
    List<Insight> sorted = new ArrayList<>(insights);
    sorted.sort(Comparator.comparing(Insight::source).thenComparingLong(Insight::position));
    List<Insight> unmatched = new ArrayList<>();
    int valid = 0;
    for (Insight r : sorted) {
      Digest.Entry e = r.eventId() == null ? null : claimedEntry.get(r.eventId());
      if (e == null || matched.containsKey(r.eventId())) {
        unmatched.add(r);
        continue;
      }
      matched.put(r.eventId(), r);
      Rank rank = claims.get(r.eventId());
      if (!e.sha256().equals(r.sha256())) {
        problems.add(
            Problem.of(
                Problem.Kind.MODIFIED,
                rank.chain(),
                rank.sequence(),
                r.eventId(),
                r.where(),
                "SHA-256 " + r.sha256() + ", digest " + rank.sequence() + " lists " + e.sha256()));
      } else {
        valid++;
      }
    }
    for (Map.Entry<String, Rank> c : claims.entrySet()) {
      if (!matched.containsKey(c.getKey())) {
        Rank rank = c.getValue();
        problems.add(
            Problem.of(
                Problem.Kind.DELETED,
                rank.chain(),
                rank.sequence(),
                c.getKey(),
                null,
                "listed by digest "
                    + rank.sequence()
                    + " of chain "
                    + rank.chain()
                    + ", not found"));
      }
    }
    // order within each source: a chain's records come in the order its digests list them
    Map<String, Map<String, Rank>> highest = new HashMap<>();
    Map<String, Map<String, Long>> lastClaimedPosition = new HashMap<>();
    for (Insight r : sorted) {
      Insight m = r.eventId() == null ? null : matched.get(r.eventId());
      if (m != r) {
        continue;
      }
      Rank rank = claims.get(r.eventId());
      lastClaimedPosition
          .computeIfAbsent(r.source(), s -> new HashMap<>())
          .put(rank.chain(), r.position());
      Map<String, Rank> seen = highest.computeIfAbsent(r.source(), s -> new HashMap<>());
      Rank top = seen.get(rank.chain());
      if (top != null && compare(rank, top) < 0) {
        problems.add(
            Problem.of(
                Problem.Kind.REORDERED,
                rank.chain(),
                rank.sequence(),
                r.eventId(),
                r.where(),
                "written before a record that digest " + top.sequence() + " lists earlier"));
      } else {
        seen.put(rank.chain(), rank);
      }
    }
    int pending = 0;
    for (Insight r : unmatched) {
      Long lastClaimed =
          r.chain() == null
              ? null
              : lastClaimedPosition.getOrDefault(r.source(), Map.of()).get(r.chain());
      boolean isPending =
          r.chain() != null
              && r.eventId() != null
              && !matched.containsKey(r.eventId())
              && (lastClaimed == null || lastClaimed < r.position());
      if (isPending) {
        pending++;
        continue;
      }
      Rank dup = r.eventId() == null ? null : claims.get(r.eventId());
      problems.add(
          Problem.of(
              Problem.Kind.INSERTED,
              r.chain(),
              -1,
              r.eventId(),
              r.where(),
              r.eventId() == null
                  ? "a record without an eventID that no digest lists"
                  : dup != null
                      ? "a second record with this eventID (digest "
                          + dup.sequence()
                          + " of chain "
                          + dup.chain()
                          + " lists one)"
                      : "no digest lists this record"));
    }
    return new VerifyReport(intervals, problems, insights.size(), valid, pending);
  }

  private static int compare(Rank a, Rank b) {
    int c = Long.compare(a.sequence(), b.sequence());
    return c != 0 ? c : Integer.compare(a.index(), b.index());
  }

  private void checkSignature(Located l, List<Problem> own) {
    Digest d = l.digest();
    String chain = d.chainId();
    if (d.version() != Digest.VERSION) {
      own.add(
          Problem.of(
              Problem.Kind.BAD_SIGNATURE,
              chain,
              d.sequence(),
              null,
              l.where(),
              "unknown digest version " + d.version()));
      return;
    }
    PublicKey key = keys.get(d.keyFingerprint());
    if (key == null) {
      own.add(
          Problem.of(
              Problem.Kind.BAD_SIGNATURE,
              chain,
              d.sequence(),
              null,
              l.where(),
              "signed by key "
                  + d.keyFingerprint()
                  + ", which is not among the public keys given"));
      return;
    }
    boolean ok = d.signedBy(key);
    if (!ok) {
      own.add(
          Problem.of(
              Problem.Kind.BAD_SIGNATURE,
              chain,
              d.sequence(),
              null,
              l.where(),
              "the signature does not match the digest and key " + d.keyFingerprint()));
    }
  }
}
