/**
 * The insight history: what is kept of every insight so the console can list it and draw it long
 * after the fact (its Start and End records, a summary for filtering, and its per-minute series),
 * as keys and values of the history topic. Free of Kafka.
 */
package dev.trailinsights.history;
