package dev.trailinsights.topology;

import dev.trailinsights.detect.CompactEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the repartition topic by {@code account|region}, the scope of warm-up, so that every
 * API key of an account and region lives in one task with that scope's history start. Keys are
 * {@code account|region|eventSource|eventName}; only the part before the second {@code |} is hashed
 * (murmur2, as Kafka's default partitioner).
 */
public final class ScopePartitioner implements StreamPartitioner<String, CompactEvent> {
  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String key, CompactEvent value, int numPartitions) {
    return Optional.of(Set.of(partition(key, numPartitions)));
  }

  /**
   * The partition of an API key (or an {@code account|region} scope) among {@code numPartitions}.
   */
  public static int partition(String key, int numPartitions) {
    int first = key.indexOf('|');
    int second = first < 0 ? -1 : key.indexOf('|', first + 1);
    String scope = second < 0 ? key : key.substring(0, second);
    return Utils.toPositive(Utils.murmur2(scope.getBytes(StandardCharsets.UTF_8))) % numPartitions;
  }
}
