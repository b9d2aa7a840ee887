package dev.trailinsights.detect;

/**
 * What the detector needs of one selected record: small enough to cross a repartition topic.
 *
 * @param eventTimeMillis event time, epoch milliseconds
 * @param countsForCallRate the record is selected for the call-rate series
 * @param countsForErrorRate the record failed and is selected for the error-rate series
 * @param errorCode error code, null on success
 * @param userArn caller ARN or null
 * @param userAgent client string or null
 * @param eventIdHash 64-bit hash of {@code eventID} for de-duplication; 0 when absent
 */
public record CompactEvent(
    long eventTimeMillis,
    boolean countsForCallRate,
    boolean countsForErrorRate,
    String errorCode,
    String userArn,
    String userAgent,
    long eventIdHash) {}
