package dev.trailinsights.console;

import dev.trailinsights.detect.ApiKey;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where the console reads from: the insight history (every instance holds all of it) and the
 * detector state of one API key (held by one instance, the key's owner).
 */
interface ConsoleStores {
  /**
   * The history store.
   *
   * @throws ApiException 503 while it cannot be queried (starting, restoring)
   */
  ReadOnlyKeyValueStore<String, byte[]> history();

  /**
   * Where the state of {@code key} lives.
   *
   * @throws ApiException 503 while that is not known (starting, rebalancing)
   */
  Owner owner(ApiKey key);

  /**
   * The encoded detector state of {@code key} from this instance, or null when it has none.
   *
   * @throws ApiException 503 while the store cannot be queried (restoring, migrating)
   */
  byte[] localState(ApiKey key, Owner owner);

  /**
   * The owner of a key.
   *
   * @param local whether it is this instance
   * @param hostPort the owner's advertised {@code host:port}, for forwarding
   * @param partition the partition of the key's state
   */
  record Owner(boolean local, String hostPort, int partition) {}
}
