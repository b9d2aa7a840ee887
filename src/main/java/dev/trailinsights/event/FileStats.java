package dev.trailinsights.event;

/**
 * What reading one file delivered.
 *
 * @param records records passed to {@link RecordSink#record(CloudTrailRecord)}
 * @param bad records passed to {@link RecordSink#bad(BadRecord)}
 * @param insightsSkipped Insights records skipped
 * @param bytes bytes of JSON read, after decompression
 */
public record FileStats(long records, long bad, long insightsSkipped, long bytes) {}
