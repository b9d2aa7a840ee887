package dev.trailinsights.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.history.HistoryKeys;
import dev.trailinsights.history.InsightSummary;
import dev.trailinsights.history.SeriesPoint;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightIds;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the console's insight queries over a history of {@code insights} insights (Start and End
 * records of about 1.5 KB each, 40 series points each), read from an in-memory sorted map: what the
 * reader itself costs on top of the store's iteration. Scores are queries per second.
 *
 * <ul>
 *   <li>{@code newest}: the list page as it opens, the newest 100;
 *   <li>{@code rareFilter}: a filter that matches one API in 200, so the whole index is scanned;
 *   <li>{@code oneInsight}: one insight with its series.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test-compile exec:exec -Dbench.args=ConsoleQueryBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConsoleQueryBench {
  @Param({"10000"})
  int insights;

  private HistoryReader reader;
  private InsightQuery newest;
  private InsightQuery rare;
  private String someId;
  private final JsonFactory json = new JsonFactory();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);

  @Setup
  public void setUp() {
    TreeMap<String, byte[]> map = new TreeMap<>();
    Random rnd = new Random(1);
    long base = Instant.parse("2026-08-01T00:00:00Z").toEpochMilli() / 60_000L;
    for (int i = 0; i < insights; i++) {
      long start = base + (long) i * 12; // one insight every 12 minutes, 83 days for 10,000
      String name = "Api" + (i % 200);
      String id =
          InsightIds.sharedEventId(
              "123456789012",
              "us-east-1",
              "ec2.amazonaws.com",
              name,
              InsightType.API_CALL_RATE,
              null,
              start * 60_000L);
      InsightEvent s = event(id, name, InsightState.START, start, 1);
      InsightEvent e = event(id, name, InsightState.END, start + 5, 5);
      map.put(HistoryKeys.start(id), InsightJson.toBytes(s));
      map.put(HistoryKeys.end(id), InsightJson.toBytes(e));
      map.put(HistoryKeys.index(start, id), InsightSummary.of(e).toBytes());
      for (int m = -30; m < 10; m++) {
        map.put(
            HistoryKeys.point(id, start + m),
            new SeriesPoint(start + m, rnd.nextInt(40), 2.5, 11).toBytes());
      }
      someId = id;
    }
    reader = new HistoryReader(new MapStore(map), 90);
    Instant now = Instant.ofEpochMilli((base + insights * 12L) * 60_000L);
    newest = InsightQuery.parse(Map.of(), now);
    rare = InsightQuery.parse(Map.of("eventName", "Api7"), now);
  }

  private static InsightEvent event(
      String id, String name, InsightState state, long minute, long duration) {
    List<ValueAverage> top =
        List.of(
            new ValueAverage("arn:aws:iam::123456789012:user/mallory", 38.2),
            new ValueAverage("arn:aws:iam::123456789012:role/deploy", 2.1));
    List<ValueAverage> base =
        List.of(new ValueAverage("arn:aws:iam::123456789012:role/deploy", 2.4));
    return new InsightEvent(
        minute * 60_000L,
        "us-east-1",
        InsightIds.eventId(id, state),
        "123456789012",
        id,
        state,
        "ec2.amazonaws.com",
        name,
        InsightType.API_CALL_RATE,
        null,
        2.5,
        40.3,
        duration,
        10080,
        List.of(
            new Attribution(Attribution.USER_IDENTITY_ARN, top, base),
            new Attribution(
                Attribution.USER_AGENT,
                List.of(new ValueAverage("python-requests/2.31.0", 38.2)),
                List.of(new ValueAverage("aws-cli/2.15.0", 2.4))),
            new Attribution(
                Attribution.ERROR_CODE,
                List.of(new ValueAverage("null", 40.3)),
                List.of(new ValueAverage("null", 2.5)))),
        new DecisionDetails(
            3.2e-9, 2.5, 11, "poisson", "hour-of-day", "123456789012", "us-east-1", 0));
  }

  @Benchmark
  public int newest() throws IOException {
    out.reset();
    try (JsonGenerator g = json.createGenerator(out)) {
      reader.list(newest, g);
    }
    return out.size();
  }

  @Benchmark
  public int rareFilter() throws IOException {
    out.reset();
    try (JsonGenerator g = json.createGenerator(out)) {
      reader.list(rare, g);
    }
    return out.size();
  }

  @Benchmark
  public int oneInsight() throws IOException {
    out.reset();
    try (JsonGenerator g = json.createGenerator(out)) {
      reader.one(someId, g);
    }
    return out.size();
  }

  /** A read-only store over a sorted map. */
  private record MapStore(NavigableMap<String, byte[]> map)
      implements ReadOnlyKeyValueStore<String, byte[]> {
    @Override
    public byte[] get(String key) {
      return map.get(key);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
      return iterator(map.subMap(from, true, to, true).entrySet().iterator());
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
      return iterator(map.entrySet().iterator());
    }

    @Override
    public long approximateNumEntries() {
      return map.size();
    }

    private static KeyValueIterator<String, byte[]> iterator(
        Iterator<Map.Entry<String, byte[]>> it) {
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<String, byte[]> next() {
          Map.Entry<String, byte[]> e = it.next();
          return KeyValue.pair(e.getKey(), e.getValue());
        }

        @Override
        public void close() {}

        @Override
        public String peekNextKey() {
          throw new UnsupportedOperationException();
        }
      };
    }
  }
}
