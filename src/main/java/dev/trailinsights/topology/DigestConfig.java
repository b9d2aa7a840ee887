package dev.trailinsights.topology;

import dev.trailinsights.integrity.DigestCounters;
import dev.trailinsights.integrity.DigestSigner;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how the topology writes signed digests of the Insights records it emits ({@code
 * integrity.*} settings).
 *
 * @param topic the digest topic ({@code topics.digests})
 * @param interval the digest interval, aligned to the epoch ({@code integrity.digest-interval})
 * @param signer the signing key, null when digests are off
 * @param counters counts digests written for metrics
 */
public record DigestConfig(
    String topic, Duration interval, DigestSigner signer, DigestCounters counters) {

  /** Header naming the digest chain of each Insights record written while digests are on. */
  public static final String CHAIN_HEADER = "trail-insights-digest-chain";

  /** Default digest topic. */
  public static final String DEFAULT_TOPIC = "cloudtrail-insights-digests";

  /** Default interval: hourly, like CloudTrail's digest files. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  public DigestConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(counters, "counters");
    if (interval.toMillis() < 1000) {
      throw new IllegalArgumentException("digest interval must be at least one second");
    }
  }

  /** No digests (no signing key). */
  public static DigestConfig off() {
    return new DigestConfig(DEFAULT_TOPIC, DEFAULT_INTERVAL, null, new DigestCounters());
  }

  /** Whether digests are written. */
  public boolean enabled() {
    return signer != null;
  }

  @Override
  public String toString() {
    return enabled()
        ? "digests to " + topic + " every " + interval + " signed by " + signer
        : "digests off";
  }
}
