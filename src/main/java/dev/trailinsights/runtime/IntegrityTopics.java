package dev.trailinsights.runtime;

import dev.trailinsights.integrity.InsightLines;
import dev.trailinsights.integrity.Keys;
import dev.trailinsights.integrity.Verifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the insights and digest topics for {@code verify} and the console: every partition from the
 * start to the end it has when reading begins, committed records only ({@code read_committed}),
 * without a consumer group.
 */
public final class IntegrityTopics {
  /** Records one read takes at most (bounds memory); more is an error. */
  public static final int MAX_RECORDS = 20_000_000;

  /** Header the live topology sets on each Insights record: its digest chain. */
  public static final String CHAIN_HEADER = dev.trailinsights.topology.DigestConfig.CHAIN_HEADER;

  private IntegrityTopics() {}

  /** The Insights records of {@code topic}, each with the SHA-256 of its value and its chain. */
  public static List<Verifier.Insight> insights(
      Map<String, Object> clientProperties, String topic, Duration timeout) {
    List<Verifier.Insight> out = new ArrayList<>();
    read(
        clientProperties,
        topic,
        timeout,
        r -> {
          byte[] v = r.value() == null ? new byte[0] : r.value();
          Header chain = r.headers().lastHeader(CHAIN_HEADER);
          out.add(
              new Verifier.Insight(
                  r.topic() + "-" + r.partition(),
                  r.offset(),
                  InsightLines.eventId(v),
                  Keys.sha256Hex(v),
                  chain == null || chain.value() == null
                      ? null
                      : new String(chain.value(), StandardCharsets.UTF_8)));
        });
    return out;
  }

  /** The digests of {@code topic}, in offset order per partition. */
  public static List<Verifier.DigestInput> digests(
      Map<String, Object> clientProperties, String topic, Duration timeout) {
    List<Verifier.DigestInput> out = new ArrayList<>();
    read(
        clientProperties,
        topic,
        timeout,
        r ->
            out.add(
                new Verifier.DigestInput(
                    r.topic() + "-" + r.partition(),
                    r.offset(),
                    r.value() == null ? new byte[0] : r.value())));
    return out;
  }

  private static void read(
      Map<String, Object> clientProperties,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo i : infos) {
        parts.add(new TopicPartition(topic, i.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      long n = 0;
      while (!done(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading topic " + topic + " took longer than " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            if (++n > MAX_RECORDS) {
              throw new IllegalStateException(
                  "topic " + topic + " holds more than " + MAX_RECORDS + " records");
            }
            sink.accept(r);
          }
        }
      }
    }
  }

  private static boolean done(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
