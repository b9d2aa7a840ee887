package dev.trailinsights.config;

/**
 * Per-API settings that replace the global ones for every API its pattern matches. The first
 * matching override wins. A null field keeps the global value.
 *
 * @param pattern which APIs ({@code eventSource:eventName} glob)
 * @param falseInsightsPerKeyPerDay replaces the sensitivity for these APIs, or null
 * @param minCount replaces {@code detection.min-count}, or null
 * @param minRatio replaces {@code detection.min-ratio}, or null
 */
public record ApiOverride(
    ApiPattern pattern, Double falseInsightsPerKeyPerDay, Integer minCount, Double minRatio) {}
