package dev.trailinsights.event;

/** Receives what a parser reads: records, bad records, and Insights records it skipped. */
public interface RecordSink {
  /** A readable record (Insights records excluded: see {@link #insightSkipped()}). */
  void record(CloudTrailRecord record);

  /** A record that could not be read; parsing goes on with the next one where possible. */
  void bad(BadRecord bad);

  /**
   * An {@code AwsCloudTrailInsight} record or {@code AWS Insight via CloudTrail} event was seen.
   */
  default void insightSkipped() {}
}
