package dev.trailinsights.topology;

import java.time.Duration;

/**
 * The topology's own settings: topic names and output form.
 *
 * @param inputTopic CloudTrail records, any key ({@code topics.input})
 * @param outputTopic Insights events, keyed by sharedEventID ({@code topics.output})
 * @param deadLetterTopic unreadable input and processing failures ({@code topics.dead-letter})
 * @param eventBridge wrap Insights events as EventBridge events ({@code output.eventbridge})
 * @param punctuateEvery stream-time interval at which silent keys' minutes are closed
 */
public record TopologyConfig(
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    boolean eventBridge,
    Duration punctuateEvery) {

  public static final String DEFAULT_INPUT = "cloudtrail-events";
  public static final String DEFAULT_OUTPUT = "cloudtrail-insights";
  public static final String DEFAULT_DEAD_LETTER = "cloudtrail-events-dlq";

  public TopologyConfig {
    for (String t : new String[] {inputTopic, outputTopic, deadLetterTopic}) {
      if (t == null || t.isBlank() || !t.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException(
            "invalid topic name '" + t + "': 1-249 characters of a-z A-Z 0-9 . _ -");
      }
    }
    if (inputTopic.equals(outputTopic)
        || inputTopic.equals(deadLetterTopic)
        || outputTopic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException("input, output and dead-letter topics must differ");
    }
  }

  /** The default topic names, AWS-shaped output, one-minute punctuation. */
  public static TopologyConfig defaults() {
    return new TopologyConfig(
        DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_DEAD_LETTER, false, Duration.ofMinutes(1));
  }
}
