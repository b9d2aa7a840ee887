package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole topology as a pure function of configuration: {@code cloudtrail-events} → parse and
 * select → (dead letters) | compact events repartitioned by API key, with each input partition's
 * event-time progress sent to every partition → detector → {@code cloudtrail-insights}. Tests build
 * exactly what {@code run} and {@code demo} run.
 */
public final class InsightsTopology {
  private InsightsTopology() {}

  /** Builds the topology; {@code parse} and {@code live} collect counters for metrics. */
  public static Topology build(
      TopologyOptions topics, DetectorConfig detection, ParseCounters parse, LiveDetectors live) {
    return build(topics, detection, parse, live, LatencyRecorder.NONE);
  }

  /**
   * Builds the topology; {@code parse} and {@code live} collect counters for metrics, {@code
   * latency} receives the event lag and detection delay.
   */
  public static Topology build(
      TopologyOptions topics,
      DetectorConfig detection,
      ParseCounters parse,
      LiveDetectors live,
      LatencyRecorder latency) {
    return build(topics, detection, parse, live, latency, DigestConfig.off());
  }

  /**
   * Builds the topology; with {@code digests} enabled, every Insights record passes the digest node
   * of its detector task on its way to the output topic, and the task's signed digests go to the
   * digest topic in the same transactions.
   */
  public static Topology build(
      TopologyOptions topics,
      DetectorConfig detection,
      ParseCounters parse,
      LiveDetectors live,
      LatencyRecorder latency,
      DigestConfig digests) {
    StreamsBuilder builder = namingBuilder();
    if (digests.enabled()) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(Names.DIGEST_STORE),
              Serdes.String(),
              Serdes.ByteArray()));
    }

    // written once per commit for each key changed in it, not once per event
    builder.addStateStore(WriteBehindStore.builder(Names.API_STATE_STORE, Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.WARM_UP_STARTS_STORE),
                Serdes.String(),
                Serdes.Long())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(Names.OPEN_INSIGHTS_STORE),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(Names.SEEN_IDS_STORE),
            Serdes.Bytes(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.PENDING_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(Names.PROGRESS_STORE),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.DEFERRED_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withCachingEnabled());

    KStream<byte[], byte[]> input =
        builder.stream(
            topics.inputTopic(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE));

    KStream<String, Parsed> parsed =
        input.process(
            () -> new ParseProcessor(detection, parse, topics, latency), Named.as(Names.PARSE));

    parsed
        .split(Named.as(Names.ROUTE))
        .branch(
            (k, v) -> v instanceof Parsed.DeadLetter,
            Branched.withConsumer(
                dead ->
                    dead.map(
                            (k, v) -> {
                              Parsed.DeadLetter d = (Parsed.DeadLetter) v;
                              return KeyValue.pair(d.key(), d.value());
                            },
                            Named.as(Names.DEAD_LETTER_MAP))
                        .to(
                            topics.deadLetterTopic(),
                            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName(Names.DEAD_LETTER_SINK)),
                Names.DEAD_LETTER_BRANCH))
        .defaultBranch(
            Branched.withConsumer(
                events ->
                    events
                        .mapValues(v -> (Routed) v, Named.as(Names.COMPACT))
                        .repartition(
                            Repartitioned.<String, Routed>as(Names.REPARTITION)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new RoutedSerde())
                                .withStreamPartitioner(new RoutePartitioner()))
                        .process(
                            () -> new DetectorProcessor(detection, topics, live, latency),
                            Named.as(Names.DETECTOR),
                            Names.API_STATE_STORE,
                            Names.WARM_UP_STARTS_STORE,
                            Names.OPEN_INSIGHTS_STORE,
                            Names.SEEN_IDS_STORE,
                            Names.PENDING_STORE,
                            Names.PROGRESS_STORE,
                            Names.DEFERRED_STORE)
                        .split(Named.as(Names.DETECTOR_ROUTE))
                        .branch(
                            (k, v) -> !v.history(),
                            Branched.withConsumer(
                                out -> insights(out, topics.outputTopic(), digests),
                                Names.INSIGHTS_BRANCH))
                        .defaultBranch(
                            Branched.withConsumer(
                                out -> sink(out, topics.historyTopic(), true),
                                Names.HISTORY_BRANCH)),
                Names.EVENT_BRANCH));

    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.INSIGHT_HISTORY_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        topics.historyTopic(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(Names.HISTORY_UPDATER),
        () -> new HistoryStoreUpdater(topics.historyRetention()));

    return builder.build();
  }

  /** Insights records to the output topic, through the digest node when digests are on. */
  private static void insights(
      KStream<String, DetectorOutput> out, String topic, DigestConfig digests) {
    if (!digests.enabled()) {
      sink(out, topic, false);
      return;
    }
    out.process(() -> new DigestProcessor(digests), Named.as(Names.DIGEST), Names.DIGEST_STORE)
        .split(Named.as(Names.DIGEST_ROUTE))
        .branch(
            (k, v) -> v.digest(),
            Branched.withConsumer(
                d ->
                    d.mapValues(Digested::value, Named.as(Names.DIGEST_VALUE))
                        .to(
                            digests.topic(),
                            Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName(Names.DIGEST_SINK)),
                Names.DIGESTS_BRANCH))
        .defaultBranch(
            Branched.withConsumer(
                i ->
                    i.mapValues(Digested::value, Named.as(Names.INSIGHTS_VALUE))
                        .to(
                            topic,
                            Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName(Names.INSIGHTS_SINK)),
                Names.DIGESTED_BRANCH));
  }

  private static void sink(KStream<String, DetectorOutput> out, String topic, boolean history) {
    out.mapValues(
            DetectorOutput::value, Named.as(history ? Names.HISTORY_VALUE : Names.INSIGHTS_VALUE))
        .to(
            topic,
            Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName(history ? Names.HISTORY_SINK : Names.INSIGHTS_SINK));
  }

  /**
   * A builder that refuses generated names for internal topics and stores. Kafka Streams checks
   * {@code ensure.explicit.internal.resource.naming} only while a builder constructed with it
   * builds; the application's own setting comes too late, so it is set here. The placeholder
   * application id and servers exist only to satisfy {@link StreamsConfig}: a running application
   * replaces this configuration with its own.
   */
  static StreamsBuilder namingBuilder() {
    Map<String, Object> p = new HashMap<>();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "trail-insights-build");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // as the running application sets it; left unset, building logs a warning about it
    p.put("processing.exception.handler.global.enabled", true);
    // the protected constructor, so that the placeholders are not logged
    StreamsConfig config = new StreamsConfig(p, false) {};
    return new StreamsBuilder(new org.apache.kafka.streams.TopologyConfig(config));
  }
}
