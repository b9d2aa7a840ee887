package dev.trailinsights.bench;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.OfflineDetector;
import dev.trailinsights.event.Access;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventCategory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The detection core alone (selection, keying, de-duplication, per-key state, thresholds), on
 * records already parsed: two days of traffic over {@code keys} API keys with Zipf-skewed
 * popularity, errors and a few bursts. Run: {@code ./mvnw -Pbench -DskipTests test-compile
 * exec:exec -Dbench.args=DetectorBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class DetectorBench {
  static final int EVENTS = 1_000_000;

  @Param({"1000", "20000"})
  int keys;

  CloudTrailRecord[] records;
  DetectorConfig config;

  @Setup
  public void setUp() {
    Random rnd = new Random(11);
    String[] names = new String[keys];
    double[] cdf = new double[keys];
    double total = 0;
    for (int i = 0; i < keys; i++) {
      names[i] = "Api" + i;
      total += 1.0 / (i + 1);
      cdf[i] = total;
    }
    records = new CloudTrailRecord[EVENTS];
    long start = 1_772_409_600_000L; // 2026-03-02T00:00Z
    long span = 2L * 86_400_000L;
    for (int i = 0; i < EVENTS; i++) {
      double u = rnd.nextDouble() * total;
      int k = java.util.Arrays.binarySearch(cdf, u);
      k = k < 0 ? -k - 1 : k;
      long t = start + (span * i) / EVENTS + rnd.nextInt(60_000);
      records[i] =
          new CloudTrailRecord(
              t,
              "svc" + (k % 40) + ".amazonaws.com",
              names[k],
              "eu-west-1",
              "1111222233" + (k % 10),
              rnd.nextInt(50) == 0 ? "AccessDenied" : null,
              Access.WRITE,
              EventCategory.MANAGEMENT,
              "AwsApiCall",
              Long.toHexString(rnd.nextLong()),
              "arn:aws:iam::111122223333:user/u" + rnd.nextInt(20),
              "aws-cli/2.15." + rnd.nextInt(3));
    }
    config = DetectorConfig.builder().minBaseline(Duration.ofHours(6)).build();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void detect(Blackhole bh) {
    OfflineDetector d = new OfflineDetector(config, bh::consume);
    for (CloudTrailRecord r : records) {
      d.accept(r);
    }
    d.finish();
    bh.consume(d.keys());
  }
}
