package dev.trailinsights.console;

import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.topology.Names;
import dev.trailinsights.topology.RoutePartitioner;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link ConsoleStores} over a running Kafka Streams client (interactive queries). The owner of a
 * key is found with the same partitioner the topology uses for the detector's input.
 */
final class StreamsStores implements ConsoleStores {
  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;

  /**
   * @param streams the client, or null before it exists
   * @param self this instance's {@code application.server}, or null when unset (then every key is
   *     answered here, which is right for a single instance)
   */
  StreamsStores(Supplier<KafkaStreams> streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  private KafkaStreams client() {
    KafkaStreams s = streams.get();
    if (s == null) {
      throw ApiException.unavailable("the detector is not started yet");
    }
    return s;
  }

  @Override
  public ReadOnlyKeyValueStore<String, byte[]> history() {
    try {
      return client()
          .store(
              StoreQueryParameters.fromNameAndType(
                  Names.INSIGHT_HISTORY_STORE,
                  QueryableStoreTypes.<String, byte[]>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the insight history is loading");
    }
  }

  @Override
  public Owner owner(ApiKey key) {
    KeyQueryMetadata md;
    try {
      md =
          client()
              .queryMetadataForKey(
                  Names.API_STATE_STORE,
                  key.encoded(),
                  (topic, k, v, n) ->
                      java.util.Optional.of(
                          java.util.Set.of(RoutePartitioner.partition((String) k, n))));
    } catch (StreamsNotStartedException | IllegalStateException e) {
      throw ApiException.unavailable("the detector is not running yet");
    }
    if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw ApiException.unavailable("the owner of this API is not known yet (rebalancing)");
    }
    HostInfo active = md.activeHost();
    boolean local = self == null || active.equals(self);
    return new Owner(local, active.host() + ":" + active.port(), md.partition());
  }

  @Override
  public byte[] localState(ApiKey key, Owner owner) {
    try {
      ReadOnlyKeyValueStore<String, byte[]> store =
          client()
              .store(
                  StoreQueryParameters.fromNameAndType(
                          Names.API_STATE_STORE,
                          QueryableStoreTypes.<String, byte[]>keyValueStore())
                      .withPartition(owner.partition()));
      return store.get(key.encoded());
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable(
          "the state of this API is being restored or moved to another instance");
    }
  }
}
