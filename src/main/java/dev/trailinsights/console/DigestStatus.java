package dev.trailinsights.console;

import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.Keys;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which insights valid digests prove, for the console: digests are fed in as read from the digest
 * topic; each whose signature verifies with this instance's public key and which continues its
 * chain (sequence and previous signature) adds its records' SHA-256 by {@code eventID}. An insight
 * is then {@code proven} when every record of it the history holds is listed with the same SHA-256,
 * {@code modified} when one is listed with another, {@code pending} otherwise, and {@code off} when
 * digests are off. Bounded: the newest {@value #MAX_RECORDS} records are kept. Thread-safe.
 */
public final class DigestStatus {
  /** Records remembered; older ones fall out (their insights show as pending). */
  public static final int MAX_RECORDS = 200_000;

  private final PublicKey key;
  private final String fingerprint;
  private final boolean eventBridge;
  private final Map<String, String> hashes =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_RECORDS;
        }
      };
  private final Map<String, Link> chains = new HashMap<>();
  private long accepted;
  private long rejected;

  private record Link(long sequence, String signature) {}

  /** The state of insights when digests are off. */
  public static final DigestStatus OFF = new DigestStatus(null, false);

  /**
   * @param key the public key of this deployment's digests, null when digests are off
   * @param eventBridge whether the output topic holds EventBridge-wrapped records (the history
   *     holds the AWS form, which is wrapped again to compare)
   */
  public DigestStatus(PublicKey key, boolean eventBridge) {
    this.key = key;
    this.fingerprint = key == null ? null : Keys.fingerprint(key);
    this.eventBridge = eventBridge;
  }

  /** Whether digests are on. */
  public boolean enabled() {
    return key != null;
  }

  /** Feeds one digest as read, in the order of its partition. */
  public synchronized void accept(byte[] bytes) {
    Digest d;
    try {
      d = Digest.parse(bytes);
    } catch (IllegalArgumentException e) {
      rejected++;
      return;
    }
    Link prev = chains.get(d.chainId());
    boolean linked =
        prev == null
            ? d.sequence() == 0 && d.previousSignature() == null
            : d.sequence() == prev.sequence() + 1
                && Objects.equals(d.previousSignature(), prev.signature());
    if (!linked || !signed(d)) {
      rejected++;
      return;
    }
    chains.put(d.chainId(), new Link(d.sequence(), d.signature()));
    for (Digest.Entry e : d.records()) {
      hashes.put(e.eventId(), e.sha256());
    }
    accepted++;
  }

  private boolean signed(Digest d) {
    return d.keyFingerprint().equals(fingerprint) && d.signedBy(key);
  }

  /** Digests accepted and rejected so far. */
  public synchronized long[] counts() {
    return new long[] {accepted, rejected};
  }

  /**
   * The state of an insight from its history records.
   *
   * @param records the Start record and, when closed, the End record, as the history holds them
   * @return {@code off}, {@code proven}, {@code modified} or {@code pending}
   */
  public synchronized String of(byte[]... records) {
    if (!enabled()) {
      return "off";
    }
    boolean all = true;
    for (byte[] r : records) {
      if (r == null) {
        continue;
      }
      String eventId = dev.trailinsights.integrity.InsightLines.eventId(r);
      String listed = eventId == null ? null : hashes.get(eventId);
      if (listed == null) {
        all = false;
      } else if (!listed.equals(Keys.sha256Hex(written(r)))) {
        return "modified";
      }
    }
    return all ? "proven" : "pending";
  }

  private byte[] written(byte[] history) {
    if (!eventBridge) {
      return history;
    }
    try {
      return InsightJson.toEventBridgeBytes(InsightJson.parse(history));
    } catch (RuntimeException e) {
      return history;
    }
  }
}
