package dev.trailinsights.metrics;

import dev.trailinsights.topology.DigestConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * The signed digests of the Insights records ({@code docs/integrity.md}): whether they are on,
 * digests written, the records they cover, signing failures. No tags.
 */
public final class DigestMetrics implements MeterBinder {
  private final DigestConfig config;

  public DigestMetrics(DigestConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("trail.insights.digests.enabled", config, c -> c.enabled() ? 1 : 0)
        .description(
            "1 when a signing key is set and signed digests of the Insights records are written,"
                + " 0 when they are off")
        .register(registry);
    FunctionCounter.builder("trail.insights.digests", config.counters(), c -> c.digests())
        .description("Signed digests written to the digest topic, empty intervals included")
        .baseUnit("digests")
        .register(registry);
    FunctionCounter.builder("trail.insights.digests.records", config.counters(), c -> c.covered())
        .description("Insights records listed by the digests written")
        .baseUnit("records")
        .register(registry);
    FunctionCounter.builder(
            "trail.insights.digests.signing.failures", config.counters(), c -> c.signingFailures())
        .description("Digests that could not be signed, each retried at the next tick")
        .baseUnit("failures")
        .register(registry);
  }
}
