package dev.trailinsights.ingest;

import java.util.Locale;

/** A trail file that cannot be ingested, with its reason; the message that named it is retried. */
public final class BadObject extends Exception {
  /** Why a file could not be ingested; the labels are the {@code reason} metric tag. */
  public enum Reason {
    /** The object is not gzip data (CloudTrail writes only gzip files). */
    NOT_GZIP,
    /** The gzip data ends early. */
    TRUNCATED,
    /** The gzip data is corrupt. */
    CORRUPT_GZIP,
    /** The content is not a CloudTrail log file {@code {"Records":[...]}} of valid JSON. */
    NOT_CLOUDTRAIL,
    /** Larger than {@code ingest.max-object-bytes}, compressed or not. */
    TOO_LARGE,
    /** The object does not exist (any more). */
    MISSING,
    /** S3 refused to serve it (permissions, KMS key). */
    ACCESS_DENIED,
    /** A record was rejected by Kafka (larger than the topic accepts). */
    RECORD_REJECTED,
    /** S3 could not be read for another reason (network, throttling, server error). */
    S3_ERROR;

    /** The tag value, e.g. {@code not-gzip}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final transient ObjectRef object;
  private final Reason reason;

  BadObject(ObjectRef object, Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.object = object;
    this.reason = reason;
  }

  public ObjectRef object() {
    return object;
  }

  public Reason reason() {
    return reason;
  }
}
