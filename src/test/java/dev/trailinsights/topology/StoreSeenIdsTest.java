package dev.trailinsights.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSeenIdsTest {
  @TempDir Path stateDir;
  private KeyValueStore<Bytes, byte[]> store;
  private StoreSeenIds seen;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "seen-ids-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    MockProcessorContext<Void, Void> context =
        new MockProcessorContext<>(p, new TaskId(1, 0), stateDir.toFile());
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.SEEN_IDS_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    seen = new StoreSeenIds(store);
  }

  @Test
  void shouldSeeARepeatInTheSameMinuteOnly() {
    assertThat(seen.add(42L, 1000)).isTrue();
    assertThat(seen.add(42L, 1000)).isFalse();
    assertThat(seen.add(42L, 1001)).isTrue();
    assertThat(seen.add(-7L, 1000)).isTrue();
  }

  @Test
  void shouldForgetEveryIdOfMinutesBeforeTheExpiry() {
    for (long m = 100; m < 110; m++) {
      for (long h = 0; h < 3_000; h++) {
        seen.add(h * 31 - 40_000, m);
      }
    }

    seen.expireBefore(105);

    assertThat(store.approximateNumEntries()).isEqualTo(5 * 3_000);
    assertThat(seen.add(-40_000, 104)).isTrue();
    assertThat(seen.add(-40_000, 105)).isFalse();
  }
}
