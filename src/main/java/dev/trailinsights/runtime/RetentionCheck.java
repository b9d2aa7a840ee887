package dev.trailinsights.runtime;

import dev.trailinsights.config.SettingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The start-up check that what the application writes is not deleted by the broker's retention.
 *
 * <p>Insights events, dead letters and history records carry the event time as their Kafka
 * timestamp, and the broker measures {@code retention.ms} against record timestamps. An existing
 * topic whose retention is shorter than the one this application would create it with deletes the
 * records of any backlog older than that as soon as their segment rolls. Each such topic gets a
 * {@link Finding}: one log line naming the topic, its retention and the fix, and a metric.
 */
public final class RetentionCheck {

  /** Which of the written topics a finding is about; the metric tag. */
  public enum Role {
    /** The Insights events ({@code topics.output}). */
    OUTPUT("output", RunSettings.OUTPUT_RETENTION.key()),
    /** Unreadable input and processing failures ({@code topics.dead-letter}). */
    DEAD_LETTER("dead-letter", RunSettings.OUTPUT_RETENTION.key()),
    /** The console's history ({@code topics.history}). */
    HISTORY("history", RunSettings.HISTORY_RETENTION.key());

    private final String tag;
    private final String setting;

    Role(String tag, String setting) {
      this.tag = tag;
      this.setting = setting;
    }

    /** Lower-case name for metrics and logs. */
    public String tag() {
      return tag;
    }

    /** The setting that says how long the topic should keep its records. */
    public String setting() {
      return setting;
    }
  }

  /**
   * A written topic that keeps its records for less than wanted.
   *
   * @param role which topic
   * @param topic its name
   * @param retentionMs its effective {@code retention.ms}
   * @param wantedMs what this application creates it with; -1 for forever
   */
  public record Finding(Role role, String topic, long retentionMs, long wantedMs) {
    /** One line for the log. */
    public String describe() {
      String has = SettingType.format(Duration.ofMillis(retentionMs));
      return "topic "
          + topic
          + " keeps records for "
          + has
          + " (retention.ms="
          + retentionMs
          + "), less than "
          + role.setting()
          + " ("
          + (wantedMs < 0 ? "forever" : SettingType.format(Duration.ofMillis(wantedMs)))
          + "): Kafka measures retention against each record's event time, so what a backlog"
          + " older than "
          + has
          + " writes there is deleted as soon as its segment rolls; raise it, e.g."
          + " kafka-configs.sh --alter --entity-type topics --entity-name "
          + topic
          + " --add-config retention.ms="
          + wantedMs;
    }
  }

  private RetentionCheck() {}

  /**
   * Every written topic's metric tag, in {@link Role} order, and whether {@code findings} names it:
   * what {@code RetentionMetrics} shows.
   */
  public static Map<String, Boolean> shortByTopic(List<Finding> findings) {
    Map<String, Boolean> shortByTopic = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      shortByTopic.put(role.tag(), findings.stream().anyMatch(f -> f.role() == role));
    }
    return shortByTopic;
  }

  /**
   * The topics of {@code config} whose retention is shorter than wanted.
   *
   * @return the findings, in the order output, dead letters, history; empty when all are fine
   * @throws IllegalStateException when the topics' configuration cannot be read in time
   */
  public static List<Finding> check(Admin admin, RunConfig config, Duration timeout) {
    Map<String, Role> roles = new LinkedHashMap<>();
    roles.put(config.topology().outputTopic(), Role.OUTPUT);
    roles.put(config.topology().deadLetterTopic(), Role.DEAD_LETTER);
    roles.put(config.topology().historyTopic(), Role.HISTORY);
    Map<Role, Long> wanted =
        Map.of(
            Role.OUTPUT, wantedMs(config.outputRetention()),
            Role.DEAD_LETTER, wantedMs(config.outputRetention()),
            Role.HISTORY, wantedMs(config.topology().historyRetention()));
    Map<String, Config> configs = describe(admin, roles.keySet(), timeout);
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Role> e : roles.entrySet()) {
      Config c = configs.get(e.getKey());
      long want = wanted.get(e.getValue());
      long has = effectiveRetentionMs(c);
      if (shorter(has, want)) {
        findings.add(new Finding(e.getValue(), e.getKey(), has, want));
      }
    }
    return List.copyOf(findings);
  }

  /**
   * The retention that deletes records by time: {@code retention.ms}, or -1 when the cleanup policy
   * does not delete ({@code compact} alone).
   */
  static long effectiveRetentionMs(Config c) {
    ConfigEntry policy = c.get("cleanup.policy");
    if (policy != null && policy.value() != null && !policy.value().contains("delete")) {
      return -1;
    }
    ConfigEntry retention = c.get("retention.ms");
    if (retention == null || retention.value() == null) {
      return -1;
    }
    return Long.parseLong(retention.value().trim());
  }

  /** Whether {@code has} deletes records {@code want} would keep; -1 is forever. */
  static boolean shorter(long has, long want) {
    if (has < 0) {
      return false;
    }
    return want < 0 || has < want;
  }

  private static long wantedMs(Duration retention) {
    return retention.isNegative() ? -1 : retention.toMillis();
  }

  private static Map<String, Config> describe(
      Admin admin, Iterable<String> topics, Duration timeout) {
    List<ConfigResource> resources = new ArrayList<>();
    for (String t : topics) {
      resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t));
    }
    try {
      Map<ConfigResource, Config> all =
          admin
              .describeConfigs(
                  resources, new DescribeConfigsOptions().timeoutMs((int) timeout.toMillis()))
              .all()
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      Map<String, Config> out = new LinkedHashMap<>();
      all.forEach((r, c) -> out.put(r.name(), Objects.requireNonNull(c)));
      return out;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "cannot read the retention of the output topics: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the retention of the output topics: the cluster did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading topic configuration", e);
    }
  }
}
