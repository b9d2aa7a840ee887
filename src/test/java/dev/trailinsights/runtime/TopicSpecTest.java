package dev.trailinsights.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void shouldRequireExactPartitionCountByDefault() {
    TopicSpec spec = new TopicSpec("cloudtrail-events", 6, 1, Map.of());
    assertThat(spec.partitionsMustMatch()).isTrue();
    assertThat(spec.anyPartitionCount().partitionsMustMatch()).isFalse();
    assertThat(spec.anyPartitionCount().partitions()).isEqualTo(6);
  }

  @Test
  void shouldRejectIllegalTopicNames() {
    assertThatThrownBy(() -> new TopicSpec("cloudtrail events", 1, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("illegal topic name 'cloudtrail events'");
    assertThatThrownBy(() -> new TopicSpec("..", 1, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicSpec("x".repeat(250), 1, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TopicSpec("x".repeat(249), 1, 1, Map.of()).name()).hasSize(249);
  }

  @Test
  void shouldRejectNonPositivePartitions() {
    assertThatThrownBy(() -> new TopicSpec("t", 0, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topic t: partitions must be at least 1, got 0");
  }

  @Test
  void shouldAcceptBrokerDefaultReplicationButNoOtherNonPositiveFactor() {
    assertThat(new TopicSpec("t", 1, TopicSpec.BROKER_DEFAULT_REPLICATION, Map.of())).isNotNull();
    assertThatThrownBy(() -> new TopicSpec("t", 1, 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replication factor");
    assertThatThrownBy(() -> new TopicSpec("t", 1, 40_000, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCopyConfigs() {
    Map<String, String> configs = new HashMap<>(Map.of("cleanup.policy", "compact"));
    TopicSpec spec = new TopicSpec("t", 1, 1, configs);
    configs.put("retention.ms", "1");
    assertThat(spec.configs()).containsOnlyKeys("cleanup.policy");
  }
}
