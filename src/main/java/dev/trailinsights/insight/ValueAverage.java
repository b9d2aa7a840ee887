package dev.trailinsights.insight;

/** One attribution entry: a value and its average occurrences per minute. */
public record ValueAverage(String value, double average) {}
