package dev.trailinsights.bench;

import dev.trailinsights.event.TrailMessages;
import dev.trailinsights.ingest.AwsClients;
import dev.trailinsights.ingest.AwsServers;
import dev.trailinsights.ingest.IngestConfig;
import dev.trailinsights.ingest.IngestMetrics;
import dev.trailinsights.ingest.Ingestor;
import dev.trailinsights.runtime.EmbeddedKafka;
import dev.trailinsights.runtime.RunSettings;
import dev.trailinsights.runtime.TrailLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second from bucket to topic ({@code ingest}: SQS notifications, S3 downloads, one
 * transaction per file) next to {@code load} on the same gzip trail files, in the same run, into
 * the same in-process KRaft broker. The S3 API server (S3Proxy) and SQS API server (ElasticMQ) run
 * in the benchmark's JVM on loopback. Each invocation writes {@value #FILES} files of {@value
 * #RECORDS_PER_FILE} records of about 1.2 KB to a fresh topic; the score is microseconds per record
 * (records/s = 1e6 / score).
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test-compile exec:exec -Dbench.args=IngestBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class IngestBench {
  static final int FILES = 16;
  static final int RECORDS_PER_FILE = 10_000;
  static final int RECORDS = FILES * RECORDS_PER_FILE;
  private static final String BUCKET = "bench-trail";

  private Path dir;
  private EmbeddedKafka kafka;
  private AwsServers aws;
  private final List<byte[]> files = new ArrayList<>();
  private final AtomicInteger round = new AtomicInteger();

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("ingest-bench");
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
    aws = new AwsServers();
    aws.bucket(BUCKET);
    Random random = new Random(42);
    Path trail = Files.createDirectories(dir.resolve("trail"));
    for (int f = 0; f < FILES; f++) {
      StringBuilder b = new StringBuilder("{\"Records\":[");
      for (int i = 0; i < RECORDS_PER_FILE; i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(ParserBench.record(random, f * RECORDS_PER_FILE + i));
      }
      b.append("]}");
      byte[] gz = gzip(b.toString().getBytes(StandardCharsets.UTF_8));
      files.add(gz);
      Files.write(trail.resolve(String.format("file-%02d.json.gz", f)), gz);
    }
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Map<String, String> flags(String topic) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("kafka.bootstrap-servers", kafka.bootstrapServers());
    f.put("topics.input", topic);
    f.put("topics.partitions", "6");
    return f;
  }

  /** A fresh queue, ledger and topic, the files uploaded under new keys, an ingest started. */
  @State(Scope.Thread)
  public static class Round {
    Ingestor ingestor;
    IngestMetrics metrics;
    String queue;
    List<String> keys;

    @Setup(Level.Invocation)
    public void prepare(IngestBench b) {
      int n = b.round.incrementAndGet();
      String topic = "ingest-" + n;
      queue = b.aws.queue("bench-" + n);
      keys = new ArrayList<>();
      for (int f = 0; f < FILES; f++) {
        String key =
            "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/02/round" + n + "-" + f + ".json.gz";
        b.aws.put(BUCKET, key, b.files.get(f));
        keys.add(key);
      }
      Map<String, String> flags = b.flags(topic);
      flags.put("ingest.queue-url", queue);
      flags.put("ingest.region", AwsServers.REGION);
      flags.put("ingest.s3-endpoint", b.aws.s3Endpoint.toString());
      flags.put("ingest.sqs-endpoint", b.aws.sqsEndpoint.toString());
      flags.put("ingest.wait-time", "1s");
      flags.put("ingest.ledger-topic", "ledger-" + n);
      flags.put("ingest.transactional-id", "bench-" + n);
      IngestConfig c = IngestConfig.from(RunSettings.load(null, Map.of(), flags, Map.of()));
      metrics = new IngestMetrics();
      ingestor = new Ingestor(c, AwsClients.sqs(c), AwsClients.s3(c), metrics);
      ingestor.start();
    }

    @TearDown(Level.Invocation)
    public void stopIngest() {
      ingestor.close();
    }
  }

  /** S3 event notifications of the files to the queue, and every record committed. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long ingest(Round r) throws InterruptedException {
    for (String key : r.keys) {
      aws.send(
          r.queue,
          "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
              + "\"s3\":{\"bucket\":{\"name\":\""
              + BUCKET
              + "\"},\"object\":{\"key\":\""
              + key
              + "\"}}}]}");
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (r.metrics.records() < RECORDS) {
      if (System.nanoTime() > deadline || r.ingestor.failure() != null) {
        throw new IllegalStateException(
            "ingest wrote " + r.metrics.records() + " of " + RECORDS + ": " + r.ingestor.failure());
      }
      Thread.sleep(2);
    }
    return r.metrics.records();
  }

  /** {@code load} of the same files, every record acknowledged. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long load() {
    TrailLoader.Config c =
        TrailLoader.Config.from(
            RunSettings.load(null, Map.of(), flags("load-" + round.incrementAndGet()), Map.of()),
            TrailMessages.Keying.ACCOUNT_REGION,
            false);
    TrailLoader.Summary s =
        new TrailLoader(c).load(List.of(dir.resolve("trail")), new PrintWriter(new StringWriter()));
    if (s.messages() != RECORDS) {
      throw new IllegalStateException("load wrote " + s.messages() + " of " + RECORDS);
    }
    return s.messages();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    aws.close();
    kafka.close();
  }
}
