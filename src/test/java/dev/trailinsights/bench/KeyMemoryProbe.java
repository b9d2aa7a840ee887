package dev.trailinsights.bench;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.OfflineDetector;
import dev.trailinsights.event.Access;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventCategory;
import java.time.Duration;
import java.util.Locale;

/**
 * Heap per API key of the offline detector ({@code replay}): feeds {@code keys} API keys, three
 * events each in three minutes (as {@code ManyKeysSmallHeapIT} does live), to an {@link
 * OfflineDetector} and prints the heap in use after a full collection, minus the heap before, per
 * key. The reference is the same run's empty detector. Not a test: run it by hand with a heap large
 * enough for the keys,
 *
 * <pre>{@code
 * ./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx2g -XX:+UseSerialGC -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     dev.trailinsights.bench.KeyMemoryProbe 100000 [MAX_KEYS [STATE_CACHE_MIB]]
 * }</pre>
 */
public final class KeyMemoryProbe {
  private KeyMemoryProbe() {}

  public static void main(String[] args) {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    DetectorConfig.Builder b = DetectorConfig.builder().minBaseline(Duration.ZERO);
    if (args.length > 1) {
      b.maxKeys(Integer.parseInt(args[1]));
    }
    if (args.length > 2) {
      b.stateCacheMib(Integer.parseInt(args[2]));
    }
    DetectorConfig config = b.build();
    long before = usedAfterGc();
    OfflineDetector d = new OfflineDetector(config, e -> {});
    long base = 1_772_409_600_000L; // 2026-03-02T00:00Z
    long t0 = System.nanoTime();
    for (int e = 0; e < 3; e++) {
      for (int k = 0; k < keys; k++) {
        String account = String.format("%012d", 100_000_000_000L + k % 8);
        d.accept(
            new CloudTrailRecord(
                base + e * 60_000L + (k % 60_000),
                "ec2.amazonaws.com",
                "Describe" + k,
                "us-east-1",
                account,
                null,
                Access.WRITE,
                EventCategory.MANAGEMENT,
                "AwsApiCall",
                "id-" + e + "-" + k,
                "arn:aws:iam::" + account + ":user/u" + (k % 50),
                "aws-cli/2.15.0"));
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "keys=%d tracked=%d heap=%,d bytes -> %,d bytes/key (%.1f s, %,.0f events/s)%n",
        keys,
        d.keys(),
        after - before,
        (after - before) / Math.max(1, d.keys()),
        secs,
        3.0 * keys / secs);
    if (d.records() < 0) {
      System.out.println(); // keeps d reachable until after the measurement
    }
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
