package dev.trailinsights.forward;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@link DeadLetterSink} in a Kafka topic (default {@value #DEFAULT_TOPIC}): the original key
 * and value byte for byte, with the headers named in {@link DeadLetterSink}. Each write waits for
 * the broker's acknowledgement.
 */
public final class KafkaDeadLetters implements DeadLetterSink, AutoCloseable {
  /** Default topic name. */
  public static final String DEFAULT_TOPIC = "cloudtrail-insights-forward-dlq";

  private final String topic;
  private final Duration timeout;
  private final KafkaProducer<byte[], byte[]> producer;

  /** A sink writing to {@code topic}. */
  public KafkaDeadLetters(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topic = topic;
    this.timeout = timeout;
    Map<String, Object> p = new HashMap<>(clientConfig);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
  }

  @Override
  public void park(SourceRecord record, String destination, String reason, int attempts) {
    RecordHeaders h = new RecordHeaders();
    if (destination != null) {
      h.add(DESTINATION, utf8(destination));
    }
    h.add(REASON, utf8(reason));
    h.add(ATTEMPTS, utf8(Integer.toString(attempts)));
    h.add(SOURCE_TOPIC, utf8(record.topic()));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
    h.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
    try {
      producer
          .send(new ProducerRecord<>(topic, null, record.key(), record.value(), h))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException ex) {
      Throwable cause = ex.getCause() == null ? ex : ex.getCause();
      throw new IllegalStateException(
          "cannot write dead-letter topic " + topic + ": " + cause.getMessage(), cause);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing dead-letter topic " + topic, ex);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close(timeout);
  }
}
