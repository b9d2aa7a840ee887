package dev.trailinsights.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiStateCodecTest {
  private final DetectorConfig config =
      DetectorConfig.builder().minBaseline(Duration.ofHours(12)).build();

  /**
   * Drives a detector, storing every state through the codec after each event (as a store does).
   */
  private List<String> runThroughCodec(List<CloudTrailRecord> input, boolean roundTrip) {
    List<InsightEvent> out = new ArrayList<>();
    Detector d = new Detector(config, out::add, new InMemorySeenIds(1_000_000));
    ApiStateCodec codec = new ApiStateCodec(config);
    EventSelector selector = new EventSelector(config);
    Map<ApiKey, byte[]> stored = new HashMap<>();
    Map<ApiKey, ApiState> live = new HashMap<>();
    for (CloudTrailRecord r : input) {
      CompactEvent e = selector.select(r);
      if (e == null) {
        continue;
      }
      ApiKey key = EventSelector.keyOf(r);
      long minute = Math.floorDiv(r.eventTimeMillis(), 60_000L);
      ApiState st;
      if (roundTrip) {
        byte[] b = stored.get(key);
        st = b == null ? d.newState(key, minute, minute) : codec.decode(key, b);
      } else {
        st = live.computeIfAbsent(key, k -> d.newState(k, minute, minute));
      }
      d.onEvent(st, e);
      if (roundTrip) {
        byte[] b = codec.encode(st);
        assertThat(codec.encode(codec.decode(key, b))).isEqualTo(b);
        stored.put(key, b);
      }
    }
    return out.stream()
        .map(i -> new String(InsightJson.toBytes(i), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void shouldGiveTheSameInsightsWhenStateIsStoredAndReloadedAfterEveryEvent() {
    Traffic t = DetectorTrapsTest.burstScenario();
    // an error burst too, so error-code series and their sketches go through the codec
    t.errors(1440 + 60, 25, "ec2.amazonaws.com:RunInstances", Traffic.ATTACKER_ARN, "AccessDenied");
    t.records.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));

    List<String> direct = runThroughCodec(t.records, false);
    List<String> stored = runThroughCodec(t.records, true);

    assertThat(direct).hasSizeGreaterThanOrEqualTo(3);
    assertThat(stored).isEqualTo(direct);
  }

  @Test
  void shouldKeepASparseKeySmallAndABusyKeyUnderTwoKilobytes() {
    Traffic t = new Traffic();
    for (long m = 0; m < 8 * 1440; m += 240) {
      t.calls(m, 1, "iam.amazonaws.com:CreateUser", Traffic.NORMAL_ARN);
    }
    for (long m = 0; m < 8 * 1440; m++) {
      t.calls(m, t.poisson(50), "ec2.amazonaws.com:RunInstances", Traffic.NORMAL_ARN);
    }
    t.records.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    Traffic.Result r = t.run(config);
    ApiStateCodec codec = new ApiStateCodec(config);

    Map<String, Integer> sizes = new HashMap<>();
    for (ApiState st : r.detector().states()) {
      sizes.put(st.key().eventName(), codec.encode(st).length);
    }

    System.out.println("encoded state bytes per key: " + sizes);
    assertThat(sizes.get("CreateUser")).isLessThan(256);
    assertThat(sizes.get("RunInstances")).isLessThan(2048);
  }

  @Test
  void shouldRejectAnUnknownFormatVersion() {
    ApiStateCodec codec = new ApiStateCodec(config);
    ApiKey key = new ApiKey("1", "r", "s", "n");
    assertThatThrownBy(() -> codec.decode(key, new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> codec.decode(key, new byte[] {1, 5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }
}
