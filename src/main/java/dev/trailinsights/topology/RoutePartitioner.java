package dev.trailinsights.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the repartition topic by API key ({@code account|region|eventSource|eventName},
 * murmur2 as Kafka's default partitioner), so the APIs of one busy account and region spread over
 * every detector task; control records ({@link Routed.Progress}, {@link Routed.ScopeStart}) go to
 * every partition.
 */
public final class RoutePartitioner implements StreamPartitioner<String, Routed> {
  private Set<Integer> all = Set.of();

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String key, Routed value, int numPartitions) {
    if (value instanceof Routed.Event) {
      return Optional.of(Set.of(partition(key, numPartitions)));
    }
    if (all.size() != numPartitions) {
      all = IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet());
    }
    return Optional.of(all);
  }

  /** The partition of an API key among {@code numPartitions}. */
  public static int partition(String key, int numPartitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions;
  }
}
