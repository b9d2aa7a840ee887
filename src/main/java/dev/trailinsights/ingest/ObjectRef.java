package dev.trailinsights.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * An S3 object a notification announces.
 *
 * @param bucket the bucket name
 * @param key the object key, decoded
 * @param etag the ETag the notification gives, without quotes, or null (CloudTrail's own SNS
 *     notification gives none)
 * @param created when the notification says the object was created, or null
 */
public record ObjectRef(String bucket, String key, String etag, Instant created) {
  public ObjectRef {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    etag = etag == null ? null : unquote(etag);
  }

  /** What kind of trail object the key names, from CloudTrail's key layout. */
  public Kind kind() {
    if (key.contains("/CloudTrail-Digest/")) {
      return Kind.DIGEST;
    }
    if (key.contains("/CloudTrail-Insight/")) {
      return Kind.INSIGHT;
    }
    return Kind.LOG;
  }

  /** {@code bucket/key}, the ledger's key. */
  public String id() {
    return bucket + "/" + key;
  }

  /** An ETag without its quotes. */
  static String unquote(String etag) {
    String e = etag.trim();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
        ? e.substring(1, e.length() - 1)
        : e;
  }

  /** Kinds of objects a trail writes. */
  public enum Kind {
    /** A log file of records: read. */
    LOG,
    /** A digest file (log file integrity validation): skipped. */
    DIGEST,
    /** An Insights events file (AWS's own CloudTrail Insights): skipped. */
    INSIGHT
  }
}
