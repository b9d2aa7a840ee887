/**
 * Metrics and health of a running instance: one Micrometer {@link
 * io.micrometer.core.instrument.binder.MeterBinder} per concern over the counters the topology
 * keeps, the Prometheus registry, and the HTTP endpoints {@code /metrics}, {@code /healthz} and
 * {@code /readyz} ({@link dev.trailinsights.metrics.MetricsServer}). {@link
 * dev.trailinsights.metrics.Observability} wires them for {@code run} and {@code demo}; other
 * drivers bind their own binders to its {@link dev.trailinsights.metrics.Observability#registry()}.
 * Tags are closed sets (categories, outcomes, reasons, types, states): never an ARN, IP address,
 * account or API name.
 */
package dev.trailinsights.metrics;
