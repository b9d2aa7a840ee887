package dev.trailinsights.workload;

/**
 * What a {@code generate} run wrote.
 *
 * @param records records written, duplicate deliveries included
 * @param uniqueEvents distinct events (distinct {@code eventID}s)
 * @param late events delivered 5 to 14 minutes late
 * @param duplicates events delivered twice
 * @param oldFormat events in the old 1.02 format
 * @param errors events with an {@code errorCode}
 * @param anomalyEvents events of injected anomalies
 * @param files log files (0 for JSON lines)
 * @param bytes bytes written (compressed for log files)
 * @param keys distinct API keys with at least one event
 * @param anomalies labelled anomalies
 * @param elapsedMillis wall-clock time of the run
 * @param labels the labels of the traffic (as written to {@code labels.json})
 */
public record GenerationSummary(
    long records,
    long uniqueEvents,
    long late,
    long duplicates,
    long oldFormat,
    long errors,
    long anomalyEvents,
    long files,
    long bytes,
    long keys,
    int anomalies,
    long elapsedMillis,
    Labels labels) {

  /** Records written per second of wall-clock time. */
  public double recordsPerSecond() {
    return elapsedMillis == 0 ? 0 : records * 1000.0 / elapsedMillis;
  }

  /** One line for a terminal. */
  public String describe() {
    return String.format(
        "%,d records (%,d events, %,d late, %,d duplicated, %,d old-format, %,d errors,"
            + " %,d anomalous) over %,d keys with %d labelled anomalies; %,d files, %,.1f MB"
            + " in %.1f s (%,.0f records/s)",
        records,
        uniqueEvents,
        late,
        duplicates,
        oldFormat,
        errors,
        anomalyEvents,
        keys,
        anomalies,
        files,
        bytes / 1e6,
        elapsedMillis / 1000.0,
        recordsPerSecond());
  }
}
