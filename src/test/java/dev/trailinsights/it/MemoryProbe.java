package dev.trailinsights.it;

import dev.trailinsights.runtime.EmbeddedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Load driver behind the README's memory table: {@code run} in a child JVM with a given heap, fed
 * {@code keys} API keys (3 events each) on {@code partitions} input partitions of an in-process
 * broker, until it has committed all of its input; prints the peak resident set size and heap in
 * use. Not a test: run it by hand,
 *
 * <pre>{@code
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.trailinsights.it.MemoryProbe \
 *     KEYS PARTITIONS XMX_MB [KEYS PARTITIONS XMX_MB ...]
 * }</pre>
 */
public final class MemoryProbe {
  private static final Pattern HEAP =
      Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.E+]+)$");

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("memory-probe-");
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null)) {
      System.out.println(
          "| keys | partitions | -Xmx | outcome | peak RSS | heap in use after the run |");
      System.out.println("|---|---|---|---|---|---|");
      for (int i = 0; i + 2 < args.length; i += 3) {
        int keys = Integer.parseInt(args[i]);
        int partitions = Integer.parseInt(args[i + 1]);
        int xmx = Integer.parseInt(args[i + 2]);
        System.out.println(probe(broker, dir.resolve("run-" + i), keys, partitions, xmx));
      }
    }
  }

  private static String probe(EmbeddedKafka broker, Path dir, int keys, int partitions, int xmx)
      throws Exception {
    Files.createDirectories(dir);
    String id = "probe-" + keys + "-" + partitions + "-" + xmx;
    String input = id + "-events";
    Map<String, Object> client = new HashMap<>();
    client.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      admin
          .createTopics(List.of(new NewTopic(input, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      produce(client, input, keys);
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("topics.input", input);
      settings.put("topics.output", id + "-insights");
      settings.put("topics.dead-letter", id + "-dlq");
      settings.put("topics.history", id + "-history");
      settings.put("topics.partitions", Integer.toString(partitions));
      settings.put("http.port", Integer.toString(port));
      settings.put("http.bind-address", "127.0.0.1");
      settings.put("streams.state-dir", dir.resolve("state").toString());
      try (ChildRun child =
          ChildRun.start(
              broker.bootstrapServers(),
              id,
              settings,
              Map.of(),
              List.of("-Xmx" + xmx + "m", "-XX:+ExitOnOutOfMemoryError"),
              dir.resolve("run.log"))) {
        long peak = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        boolean drained = false;
        while (System.nanoTime() < deadline && child.alive() && !drained) {
          Thread.sleep(1000);
          peak = Math.max(peak, child.residentKib());
          drained = LiveRun.committedToEnd(admin, id, List.of(input));
        }
        if (!child.alive()) {
          String out = child.output();
          return row(
              keys,
              partitions,
              xmx,
              out.contains("Terminating due to java.lang.OutOfMemoryError")
                  ? "exited at once: OutOfMemoryError"
                  : "exited: " + child.exitCode(Duration.ofSeconds(1)),
              peak,
              -1);
        }
        double heap = heapUsed(port);
        return row(
            keys, partitions, xmx, drained ? "kept up" : "did not finish in 10 min", peak, heap);
      }
    }
  }

  private static String row(
      int keys, int partitions, int xmx, String outcome, long peakKib, double heap) {
    return String.format(
        Locale.ROOT,
        "| %,d | %d | %d MiB | %s | %d MiB | %s |",
        keys,
        partitions,
        xmx,
        outcome,
        peakKib / 1024,
        heap < 0 ? "-" : String.format(Locale.ROOT, "%d MiB", (long) (heap / 1024 / 1024)));
  }

  private static double heapUsed(int port) throws Exception {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    Matcher m = HEAP.matcher(text);
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private static void produce(Map<String, Object> client, String topic, int keys) {
    Map<String, Object> p = new HashMap<>(client);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    long base = TrailScenario.recentBase(3);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int e = 0; e < 3; e++) {
        for (int k = 0; k < keys; k++) {
          String account = String.format("%012d", 100_000_000_000L + k % 64);
          String value =
              TrailScenario.cloudTrailRecord(
                  base + e * 60_000L + (k % 60) * 1000L,
                  account,
                  "us-east-1",
                  "ec2.amazonaws.com:Describe" + k,
                  "arn:aws:iam::" + account + ":user/u" + (k % 50),
                  "aws-cli/2.15.0",
                  null,
                  false,
                  "id-" + e + "-" + k);
          producer.send(
              new ProducerRecord<>(
                  topic,
                  (account + "|us-east-1").getBytes(StandardCharsets.UTF_8),
                  value.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }
}
