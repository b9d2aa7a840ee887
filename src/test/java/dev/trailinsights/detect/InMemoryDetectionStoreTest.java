package dev.trailinsights.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline store: quiet keys kept encoded behind a bounded cache, and the bound on keys. */
class InMemoryDetectionStoreTest {
  private static final long DAY = 1440;

  private static List<String> run(DetectorConfig config, List<CloudTrailRecord> input, long cache) {
    List<InsightEvent> out = new ArrayList<>();
    OfflineDetector d = new OfflineDetector(config, out::add, cache);
    input.forEach(d::accept);
    d.finish();
    return out.stream()
        .map(e -> new String(InsightJson.toBytes(e), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void shouldGiveTheSameInsightsWhenMostStatesAreKeptEncoded() {
    Traffic t = DetectorTrapsTest.burstScenario();
    t.errors(DAY + 60, 25, "ec2.amazonaws.com:RunInstances", Traffic.ATTACKER_ARN, "AccessDenied");
    // sixty more keys, so a cache of 16 decoded states evicts and decodes them all the time
    for (long m = 0; m < DAY + 120; m += 7) {
      for (int k = 0; k < 60; k++) {
        t.calls(m + k % 7, 1, "s3.amazonaws.com:PutObject" + k, Traffic.NORMAL_ARN);
      }
    }
    t.records.sort(Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    DetectorConfig config = DetectorConfig.builder().minBaseline(Duration.ofHours(12)).build();

    List<String> decoded = run(config, t.records, 64L << 20);
    List<String> encoded = run(config, t.records, 1);

    assertThat(decoded).hasSizeGreaterThanOrEqualTo(3);
    assertThat(encoded).isEqualTo(decoded);
  }

  @Test
  void shouldCountEventsOfKeysBeyondTheLimitAndKeepTheTrackedKeysGoing() {
    Traffic t = new Traffic();
    for (long m = 0; m < 4; m++) {
      for (int k = 0; k < 5; k++) {
        t.calls(m, 1, "iam.amazonaws.com:Api" + k, Traffic.NORMAL_ARN);
      }
    }
    DetectorConfig config = DetectorConfig.builder().maxKeys(3).build();

    Traffic.Result r = Traffic.run(config, t.records);

    DetectionCounters c = r.detector().counters();
    assertThat(r.detector().keys()).isEqualTo(3);
    assertThat(c.counted()).isEqualTo(12);
    assertThat(c.untrackedEvents()).isEqualTo(8);
    assertThat(c.untrackedKeys()).isEqualTo(2);
    assertThat(c.untrackedKeysAtLeast()).isFalse();
  }

  @Test
  void shouldWarnOnceWhenTheLimitIsReached() {
    List<String> lines = new ArrayList<>();
    KeyLimit limit = new KeyLimit(2, 1, new DetectionCounters(), lines::add);

    assertThat(limit.admit("a")).isTrue();
    assertThat(limit.admit("b")).isFalse();
    assertThat(limit.admit("c")).isFalse();
    assertThat(limit.admit("b")).isFalse();

    assertThat(lines)
        .containsExactly(
            "detection.max-keys (2) reached: events of API keys not tracked yet are counted as"
                + " untracked from now on; the 2 keys tracked go on");
  }

  @Test
  void shouldCountDistinctRefusedKeysUpToItsBound() {
    KeyLimit.HashSet64 set = new KeyLimit.HashSet64();
    for (int i = 0; i < KeyLimit.MAX_DISTINCT; i++) {
      assertThat(set.add(KeyLimit.hash("k" + i))).isTrue();
    }
    assertThat(set.add(KeyLimit.hash("k0"))).isFalse();
    assertThat(set.add(KeyLimit.hash("one more"))).isFalse();
    assertThat(set.full()).isTrue();
  }
}
