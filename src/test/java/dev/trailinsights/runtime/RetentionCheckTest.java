package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.junit.jupiter.api.Test;

class RetentionCheckTest {
  private static final long WEEK = Duration.ofDays(7).toMillis();

  @Test
  void shouldFindAFiniteRetentionShorterThanForever() {
    assertThat(RetentionCheck.shorter(WEEK, -1)).isTrue();
    assertThat(RetentionCheck.shorter(WEEK, Duration.ofDays(90).toMillis())).isTrue();
    assertThat(RetentionCheck.shorter(-1, -1)).isFalse();
    assertThat(RetentionCheck.shorter(-1, WEEK)).isFalse();
    assertThat(RetentionCheck.shorter(WEEK, WEEK)).isFalse();
  }

  @Test
  void shouldIgnoreRetentionOnATopicThatOnlyCompacts() {
    Config compacted =
        new Config(
            List.of(
                new ConfigEntry("cleanup.policy", "compact"),
                new ConfigEntry("retention.ms", Long.toString(WEEK))));
    Config deleting =
        new Config(
            List.of(
                new ConfigEntry("cleanup.policy", "compact,delete"),
                new ConfigEntry("retention.ms", Long.toString(WEEK))));

    assertThat(RetentionCheck.effectiveRetentionMs(compacted)).isEqualTo(-1);
    assertThat(RetentionCheck.effectiveRetentionMs(deleting)).isEqualTo(WEEK);
  }

  @Test
  void shouldSayInOneLineWhatIsDeletedAndHowToFixIt() {
    RetentionCheck.Finding f =
        new RetentionCheck.Finding(RetentionCheck.Role.OUTPUT, "cloudtrail-insights", WEEK, -1);

    assertThat(f.describe())
        .startsWith(
            "topic cloudtrail-insights keeps records for 7d (retention.ms=604800000), less than"
                + " topics.output-retention (forever)")
        .contains("--entity-name cloudtrail-insights --add-config retention.ms=-1")
        .doesNotContain("\n");
  }
}
