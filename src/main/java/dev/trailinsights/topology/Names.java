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
  public static final String DETECTOR_ROUTE = "detector-output-";
  public static final String INSIGHTS_BRANCH = "insights";
  public static final String HISTORY_BRANCH = "history";
  public static final String INSIGHTS_VALUE = "insight-record";
  public static final String HISTORY_VALUE = "history-record";
  public static final String INSIGHTS_SINK = "insights-sink";
  public static final String HISTORY_SINK = "history-sink";

  /**
   * Applies history records to the global store and drops insights past the retention; its source
   * node is {@code insight-history-updater-source}.
   */
  public static final String HISTORY_UPDATER = "insight-history-updater";

  /**
   * Global store of the insight history ({@code HistoryKeys}); every instance holds all of it, so
   * any instance answers the console's insight queries. Its changelog is the history topic.
   */
  public static final String INSIGHT_HISTORY_STORE = "insight-history";

  /** Per-key detector state ({@code ApiStateCodec} bytes), changelogged. */
  public static final String API_STATE_STORE = "api-state";

  /**
   * Warm-up start per {@code account|region}: the first minute seen, from which its warm-up ({@code
   * detection.min-baseline}) is counted. Not the console's insight history ({@link
   * #INSIGHT_HISTORY_STORE}): the store keeps its older name because renaming a store is a
   * migration (its changelog topic is named after it).
   */
  public static final String WARM_UP_STARTS_STORE = "history-starts";

  /** Keys with an open insight, whose minutes the watermark keeps closing. */
  public static final String OPEN_INSIGHTS_STORE = "open-insights";

  /** Keys with minutes counted before the watermark reached them, to judge when it does. */
  public static final String PENDING_STORE = "pending-decisions";

  /** Event-time progress of each input partition, as reported by the parse step. */
  public static final String PROGRESS_STORE = "input-progress";

  /** Events that came too far ahead of the watermark, by minute, until it comes closer. */
  public static final String DEFERRED_STORE = "deferred-events";

  /** Event-id hashes within the lateness horizon, for de-duplication. */
  public static final String SEEN_IDS_STORE = "seen-ids";

  /** Hashes each Insights record and writes the task's signed digests (when a key is set). */
  public static final String DIGEST = "insight-digest";

  public static final String DIGEST_ROUTE = "digest-output-";
  public static final String DIGESTS_BRANCH = "digests";
  public static final String DIGESTED_BRANCH = "digested-insights";
  public static final String DIGEST_VALUE = "digest-record";
  public static final String DIGEST_SINK = "digests-sink";

  /** The task's digest chain: its head and the open interval's entries, changelogged. */
  public static final String DIGEST_STORE = "insight-digests";
}
