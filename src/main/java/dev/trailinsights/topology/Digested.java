package dev.trailinsights.topology;

/**
 * What the digest node forwards: an Insights record, passed on unchanged, or a digest.
 *
 * @param digest true for a digest
 * @param value the record's bytes
 */
record Digested(boolean digest, byte[] value) {}
