package dev.trailinsights.runtime;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.DetectorSettings;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailFiles;
import dev.trailinsights.event.CloudTrailInput;
import dev.trailinsights.event.InputException;
import dev.trailinsights.event.TrailMessages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Writes CloudTrail files into a topic, cut into messages by {@link TrailMessages}: the engine of
 * {@code load}. Makes sure the topic exists first (creating it when {@code topics.create} allows),
 * then produces with an idempotent producer ({@code acks=all}, LZ4 batches), so each partition
 * keeps the order of the files.
 *
 * <p>An unreadable file is reported in one line and skipped. A message the cluster rejects on its
 * own (too large) is counted against its file. Any other write failure (the cluster gone, access
 * denied) stops the load.
 */
public final class TrailLoader {

  /**
   * What to load where.
   *
   * @param bootstrapServers {@code bootstrap.servers}
   * @param topic the topic to write to
   * @param createTopic whether a missing topic is created
   * @param partitions partitions of a created topic
   * @param replicationFactor replicas of a created topic, or -1 for the broker default
   * @param startupTimeout bound of the connection and topic check
   * @param client client properties passed through; producer properties and {@code producer.}
   *     prefixed ones apply to the producer, admin ones to the topic check
   * @param keying how messages are keyed
   * @param wholeFiles one message per file
   * @param maxRecordBytes longest JSON line sent ({@code input.max-record-bytes})
   * @param maxFileBytes most bytes read from one file after decompression ({@code
   *     input.max-file-mib})
   */
  public record Config(
      String bootstrapServers,
      String topic,
      boolean createTopic,
      int partitions,
      int replicationFactor,
      Duration startupTimeout,
      ClientProperties client,
      TrailMessages.Keying keying,
      boolean wholeFiles,
      int maxRecordBytes,
      long maxFileBytes) {
    public Config {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(startupTimeout, "startupTimeout");
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(keying, "keying");
    }

    /**
     * The configuration of {@code load} from loaded settings: {@code topics.input} is the topic.
     *
     * @throws ConfigException when the bootstrap servers are missing or Kafka rejects a client
     *     property
     */
    public static Config from(
        RunSettings.Loaded s, TrailMessages.Keying keying, boolean wholeFiles) {
      Config c =
          new Config(
              s.requireBootstrap(),
              s.get(RunSettings.INPUT),
              s.get(RunSettings.CREATE),
              s.get(RunSettings.PARTITIONS),
              s.get(RunSettings.REPLICATION_FACTOR),
              s.get(RunSettings.STARTUP_TIMEOUT),
              s.client(),
              keying,
              wholeFiles,
              s.get(DetectorSettings.MAX_RECORD_BYTES),
              (long) s.get(DetectorSettings.MAX_FILE_MIB) << 20);
      try {
        new ProducerConfig(c.producerProperties());
        new AdminClientConfig(c.adminProperties());
      } catch (org.apache.kafka.common.config.ConfigException e) {
        throw new ConfigException(
            "invalid Kafka client configuration: " + c.client().sanitize(e.getMessage()));
      }
      return c;
    }

    /**
     * Producer configuration: idempotent, {@code acks=all}, LZ4, 256 KiB batches, 10 ms linger;
     * then the client properties the producer knows; then {@code producer.}-prefixed ones.
     */
    public Map<String, Object> producerProperties() {
      Map<String, Object> p = new HashMap<>();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "trail-insights-load");
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
      p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
      p.put(
          ProducerConfig.MAX_BLOCK_MS_CONFIG,
          (int) Math.min(Integer.MAX_VALUE, startupTimeout.toMillis()));
      Map<String, String> props = client.asMap();
      props.forEach(
          (k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
              p.put(k, v);
            }
          });
      props.forEach(
          (k, v) -> {
            if (k.startsWith(StreamsConfig.PRODUCER_PREFIX)) {
              p.put(k.substring(StreamsConfig.PRODUCER_PREFIX.length()), v);
            }
          });
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      return p;
    }

    /**
     * Producer configuration for a topic this load has just created: {@link #producerProperties()}
     * with one request in flight per connection, unless the client properties set {@code
     * max.in.flight.requests.per.connection}.
     *
     * <p>A partition that has just got its leader may refuse the first batch
     * (NOT_LEADER_OR_FOLLOWER) and accept the next one already in flight; with no earlier state for
     * the producer, the partition then starts its sequence there, and the first batch is refused as
     * out of order on every retry until it expires and the load fails. One request in flight sends
     * no batch before the one ahead of it is in.
     */
    public Map<String, Object> producerPropertiesForNewTopic() {
      Map<String, Object> p = producerProperties();
      String inFlight = ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
      Map<String, String> props = client.asMap();
      if (!props.containsKey(inFlight)
          && !props.containsKey(StreamsConfig.PRODUCER_PREFIX + inFlight)) {
        p.put(inFlight, 1);
      }
      return p;
    }

    /** Admin configuration for the topic check, calls bounded by {@link #startupTimeout}. */
    public Map<String, Object> adminProperties() {
      Map<String, Object> a = new HashMap<>();
      Map<String, String> props = client.asMap();
      props.forEach(
          (k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
              a.put(k, v);
            }
          });
      props.forEach(
          (k, v) -> {
            if (k.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX)) {
              a.put(k.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()), v);
            }
          });
      a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      a.put(AdminClientConfig.CLIENT_ID_CONFIG, "trail-insights-load-admin");
      return Startup.boundTimeouts(a, startupTimeout);
    }
  }

  /**
   * What a load did.
   *
   * @param topic the topic written to
   * @param topicOutcome what the topic check found or did
   * @param files files read, unreadable ones included
   * @param unreadable unreadable files
   * @param messages messages written and acknowledged
   * @param failed messages the cluster rejected
   * @param bytes bytes of the values of the acknowledged messages
   * @param elapsed from the first file opened to the last message acknowledged
   * @param skipped lines not sent because they exceed the record size limit
   * @param damaged spans of damaged JSON inside documents, sent as they are for the topology to
   *     dead-letter
   */
  public record Summary(
      String topic,
      Topics.TopicResult topicOutcome,
      int files,
      int unreadable,
      long messages,
      long failed,
      long bytes,
      Duration elapsed,
      long skipped,
      long damaged) {

    /** Acknowledged messages per second. */
    public double messagesPerSecond() {
      double s = elapsed.toNanos() / 1e9;
      return s <= 0 ? 0 : messages / s;
    }

    /** Whether every file was read whole, undamaged, and every message written. */
    public boolean complete() {
      return unreadable == 0 && failed == 0 && skipped == 0 && damaged == 0;
    }

    /**
     * One line, e.g. {@code loaded 12 files into cloudtrail-events: 200000 messages, 243.1 MB in
     * 3.1 s (64516 messages/s)}.
     */
    public String describe() {
      StringBuilder b = new StringBuilder();
      b.append("loaded ").append(files).append(files == 1 ? " file" : " files");
      if (unreadable > 0) {
        b.append(" (").append(unreadable).append(" unreadable)");
      }
      b.append(" into ").append(topic).append(": ").append(messages).append(" messages");
      if (failed > 0) {
        b.append(" (").append(failed).append(" rejected)");
      }
      if (skipped > 0) {
        b.append(", ").append(skipped).append(" lines too large to send");
      }
      if (damaged > 0) {
        b.append(", ").append(damaged).append(" damaged spans sent to be dead-lettered");
      }
      b.append(
          String.format(
              Locale.ROOT,
              ", %.1f MB in %.1f s (%.0f messages/s)",
              bytes / 1e6,
              elapsed.toNanos() / 1e9,
              messagesPerSecond()));
      return b.toString();
    }
  }

  private final Config config;

  public TrailLoader(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Loads the files under {@code paths}.
   *
   * @param err where one line per unreadable file or rejected messages goes
   * @return what was loaded
   * @throws InputException when a path does not exist
   * @throws IllegalStateException in one line when the cluster cannot be reached, the topic is
   *     missing or cannot be created, or writing fails for another reason than the message itself
   */
  public Summary load(List<Path> paths, PrintWriter err) {
    List<String> unreadableFolders = new ArrayList<>();
    List<Path> files = CloudTrailFiles.expand(paths, unreadableFolders::add);
    Topics.TopicResult outcome;
    try (Admin admin =
        Startup.connect(
            config.adminProperties(),
            config.bootstrapServers(),
            config.startupTimeout(),
            config.client())) {
      TopicSpec spec =
          new TopicSpec(config.topic(), config.partitions(), config.replicationFactor(), Map.of())
              .anyPartitionCount();
      outcome =
          Topics.ensureTopics(admin, List.of(spec), config.createTopic(), config.startupTimeout())
              .get(0);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(config.client().sanitize(e.getMessage()), e);
    }

    TrailMessages cutter =
        new TrailMessages(
            config.keying(), config.wholeFiles(), config.maxRecordBytes(), config.maxFileBytes());
    AtomicReference<Exception> fatal = new AtomicReference<>();
    List<FileSends> sends = new ArrayList<>(files.size());
    int unreadable = unreadableFolders.size();
    for (String u : unreadableFolders) {
      err.println("trail-insights: " + u);
    }
    long skipped = 0;
    long damaged = 0;
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            outcome.action() == Topics.Action.CREATED
                ? config.producerPropertiesForNewTopic()
                : config.producerProperties())) {
      for (Path file : files) {
        FileSends s = new FileSends(file, fatal);
        sends.add(s);
        try {
          TrailMessages.FileResult r =
              cutter.read(
                  file,
                  new TrailMessages.Sink() {
                    @Override
                    public void message(byte[] key, byte[] value) {
                      if (fatal.get() == null) {
                        producer.send(new ProducerRecord<>(config.topic(), key, value), s);
                      }
                    }

                    @Override
                    public void skipped(BadRecord bad) {
                      err.println("trail-insights: " + bad.describe());
                    }
                  });
          skipped += r.skipped();
          damaged += r.damaged();
          if (r.damaged() > 0) {
            err.println(
                "trail-insights: "
                    + CloudTrailInput.displayName(file)
                    + ": "
                    + r.damaged()
                    + " spans of damaged JSON sent as they are, for the topology to dead-letter;"
                    + " the records after each were read");
          }
        } catch (InputException e) {
          unreadable++;
          err.println("trail-insights: " + e.getMessage());
          err.flush();
        }
        if (fatal.get() != null) {
          break;
        }
      }
      producer.flush();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    long acked = 0;
    long failed = 0;
    long bytes = 0;
    for (FileSends s : sends) {
      acked += s.acked.get();
      failed += s.rejected.get();
      bytes += s.bytes.get();
      if (s.rejected.get() > 0) {
        err.println(
            "trail-insights: "
                + s.file
                + ": "
                + s.rejected.get()
                + " messages rejected: "
                + Startup.reason(s.firstRejection.get(), config.client()));
      }
    }
    err.flush();
    Exception f = fatal.get();
    if (f != null) {
      throw new IllegalStateException(
          "cannot write to topic "
              + config.topic()
              + " at "
              + config.bootstrapServers()
              + ": "
              + Startup.reason(f, config.client())
              + " ("
              + acked
              + " messages written before)",
          f);
    }
    return new Summary(
        config.topic(),
        outcome,
        files.size(),
        unreadable,
        acked,
        failed,
        bytes,
        elapsed,
        skipped,
        damaged);
  }

  /** Acknowledgements of one file's messages; one callback object per file. */
  private static final class FileSends implements Callback {
    final Path file;
    final AtomicReference<Exception> fatal;
    final AtomicLong acked = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicReference<Exception> firstRejection = new AtomicReference<>();

    FileSends(Path file, AtomicReference<Exception> fatal) {
      this.file = file;
      this.fatal = fatal;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
      if (e == null) {
        acked.incrementAndGet();
        bytes.addAndGet(Math.max(0, metadata.serializedValueSize()));
      } else if (e instanceof RecordTooLargeException
          || e instanceof RecordBatchTooLargeException
          || e instanceof InvalidRecordException) {
        rejected.incrementAndGet();
        firstRejection.compareAndSet(null, e);
      } else {
        fatal.compareAndSet(null, e);
      }
    }
  }
}
