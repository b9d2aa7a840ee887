package dev.trailinsights.topology;

import java.time.Duration;

/**
 * The topology's own settings: topic names and output form.
 *
 * @param inputTopic CloudTrail records, any key ({@code topics.input})
 * @param outputTopic Insights events, keyed by sharedEventID ({@code topics.output})
 * @param deadLetterTopic unreadable input and processing failures ({@code topics.dead-letter})
 * @param eventBridge wrap Insights events as EventBridge events ({@code output.eventbridge})
 * @param idleTimeout how long an input partition may go without records before it stops holding
 *     back event-time progress ({@code input.idle-timeout}); the watermark is otherwise the slowest
 *     partition's progress
 * @param historyTopic the insight history behind the console: Start and End records, summaries and
 *     per-minute series ({@code topics.history})
 * @param historyRetention how long insights stay in the history ({@code history.retention})
 * @param inputPartitions partitions of the input topic when the application started (a partition
 *     added later is learnt when it reports); the watermark waits for every one of them
 */
public record TopologyOptions(
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    boolean eventBridge,
    Duration idleTimeout,
    String historyTopic,
    Duration historyRetention,
    int inputPartitions) {

  public static final String DEFAULT_INPUT = "cloudtrail-events";
  public static final String DEFAULT_OUTPUT = "cloudtrail-insights";
  public static final String DEFAULT_DEAD_LETTER = "cloudtrail-events-dlq";
  public static final String DEFAULT_HISTORY = "cloudtrail-insights-history";
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(90);

  /** Topics and output form, with the default history topic and retention. */
  public TopologyOptions(
      String inputTopic,
      String outputTopic,
      String deadLetterTopic,
      boolean eventBridge,
      Duration idleTimeout) {
    this(
        inputTopic,
        outputTopic,
        deadLetterTopic,
        eventBridge,
        idleTimeout,
        DEFAULT_HISTORY,
        DEFAULT_HISTORY_RETENTION,
        1);
  }

  public TopologyOptions {
    if (idleTimeout == null || idleTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("input idle timeout must be at least 100 ms");
    }
    if (inputPartitions < 1) {
      throw new IllegalArgumentException("input partitions must be at least 1");
    }
    if (historyRetention == null || historyRetention.toMinutes() < 1) {
      throw new IllegalArgumentException("history retention must be at least one minute");
    }
    for (String t : new String[] {inputTopic, outputTopic, deadLetterTopic, historyTopic}) {
      if (t == null || t.isBlank() || !t.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException(
            "invalid topic name '" + t + "': 1-249 characters of a-z A-Z 0-9 . _ -");
      }
    }
    if (java.util.Set.of(inputTopic, outputTopic, deadLetterTopic, historyTopic).size() != 4) {
      throw new IllegalArgumentException(
          "input, output, dead-letter and history topics must differ");
    }
  }

  /** Default idleness timeout of an input partition. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** The default topic names, AWS-shaped output, one input partition. */
  public static TopologyOptions defaults() {
    return new TopologyOptions(
        DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_DEAD_LETTER, false, DEFAULT_IDLE_TIMEOUT);
  }

  /** The same with {@code n} input partitions. */
  public TopologyOptions withInputPartitions(int n) {
    return new TopologyOptions(
        inputTopic,
        outputTopic,
        deadLetterTopic,
        eventBridge,
        idleTimeout,
        historyTopic,
        historyRetention,
        n);
  }
}
