package dev.trailinsights.topology;

import dev.trailinsights.history.HistoryKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@code insight-history} store in step with the history topic: puts each record,
 * deletes on a tombstone, and drops every insight that started more than the retention before the
 * newest one (its Start, End, summary and series), at start-up and then at most once per hour of
 * insight time. The topic itself forgets them by its own {@code retention.ms}.
 */
final class HistoryStoreUpdater implements Processor<String, byte[], Void, Void> {
  private static final long SWEEP_EVERY_MINUTES = 60;

  private final long retentionMinutes;
  private KeyValueStore<String, byte[]> store;
  private long newestStart = Long.MIN_VALUE;
  private long sweptAt = Long.MIN_VALUE;

  HistoryStoreUpdater(Duration retention) {
    this.retentionMinutes = retention.toMinutes();
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(Names.INSIGHT_HISTORY_STORE);
    // restored from the topic before this runs: the first index key is the newest insight
    try (KeyValueIterator<String, byte[]> it =
        store.range(HistoryKeys.INDEX, HistoryKeys.after(HistoryKeys.INDEX))) {
      if (it.hasNext()) {
        newestStart = HistoryKeys.startOfIndex(it.next().key);
        sweep();
      }
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(key);
      return;
    }
    store.put(key, record.value());
    if (key.startsWith(HistoryKeys.INDEX)) {
      long start = HistoryKeys.startOfIndex(key);
      if (start > newestStart) {
        newestStart = start;
        if (sweptAt == Long.MIN_VALUE || newestStart - sweptAt >= SWEEP_EVERY_MINUTES) {
          sweep();
        }
      }
    }
  }

  /** Deletes every insight that started at or before {@code newestStart - retention}. */
  private void sweep() {
    sweptAt = newestStart;
    long cutoff = newestStart - retentionMinutes;
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        store.range(HistoryKeys.indexFrom(cutoff), HistoryKeys.after(HistoryKeys.INDEX))) {
      while (it.hasNext()) {
        expired.add(it.next().key);
      }
    }
    for (String indexKey : expired) {
      String id = HistoryKeys.idOfIndex(indexKey);
      List<String> points = new ArrayList<>();
      String prefix = HistoryKeys.points(id);
      try (KeyValueIterator<String, byte[]> it = store.range(prefix, HistoryKeys.after(prefix))) {
        while (it.hasNext()) {
          KeyValue<String, byte[]> kv = it.next();
          points.add(kv.key);
        }
      }
      for (String p : points) {
        store.delete(p);
      }
      store.delete(HistoryKeys.start(id));
      store.delete(HistoryKeys.end(id));
      store.delete(indexKey);
    }
  }
}
