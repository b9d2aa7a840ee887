package dev.trailinsights.forward;

/** One record of the insights topic, with where it came from. */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {}
