package dev.trailinsights.topology;

/**
 * Every processor, store and internal topic name of the topology, in one place. These names become
 * changelog and repartition topic names and metric tags: renaming one is a migration (the state
 * under the old name is abandoned), so they never change casually.
 */
public final class Names {
  private Names() {}

  public static final String SOURCE = "cloudtrail-events-source";
  public static final String PARSE = "parse-and-select";
  public static final String ROUTE = "route-";
  public static final String DEAD_LETTER_BRANCH = "dead-letters";
  public static final String EVENT_BRANCH = "events";
  public static final String DEAD_LETTER_MAP = "dead-letter-record";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
  public static final String COMPACT = "compact-event";

  /** Repartition topic {@code <application.id>-events-by-api-repartition}. */
  public static final String REPARTITION = "events-by-api";

  public static final String DETECTOR = "detector";
  public static final String INSIGHTS_SINK = "insights-sink";

  /** Per-key detector state ({@code ApiStateCodec} bytes), changelogged. */
  public static final String API_STATE_STORE = "api-state";

  /** First minute of history per {@code account|region}. */
  public static final String HISTORY_STORE = "history-starts";

  /** Keys with an open insight, walked by the stream-time punctuator. */
  public static final String OPEN_INSIGHTS_STORE = "open-insights";

  /** Event-id hashes within the lateness horizon, for de-duplication. */
  public static final String SEEN_IDS_STORE = "seen-ids";
}
