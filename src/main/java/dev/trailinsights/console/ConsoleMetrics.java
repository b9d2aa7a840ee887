package dev.trailinsights.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the console's API answered: requests by endpoint and outcome, their duration, and the
 * baseline queries forwarded to the instance that owns the key. Tags are closed sets.
 */
public final class ConsoleMetrics implements MeterBinder {
  /** The API's endpoints, as the {@code endpoint} tag. */
  enum Endpoint {
    INSIGHTS("insights"),
    INSIGHT("insight"),
    BASELINES("baselines"),
    OTHER("other");

    final String tag;

    Endpoint(String tag) {
      this.tag = tag;
    }
  }

  /** How a request ended, as the {@code outcome} tag. */
  enum RequestOutcome {
    OK("ok"),
    BAD_REQUEST("bad-request"),
    NOT_FOUND("not-found"),
    UNAVAILABLE("unavailable"),
    ERROR("error");

    final String tag;

    RequestOutcome(String tag) {
      this.tag = tag;
    }

    static RequestOutcome of(int status) {
      if (status < 400) {
        return OK;
      }
      return switch (status) {
        case 404 -> NOT_FOUND;
        case 503 -> UNAVAILABLE;
        default -> status < 500 ? BAD_REQUEST : ERROR;
      };
    }
  }

  private final Map<Endpoint, Map<RequestOutcome, Counter>> requests =
      new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, Timer> durations = new EnumMap<>(Endpoint.class);
  private Counter forwardedOk;
  private Counter forwardedFailed;

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Endpoint e : Endpoint.values()) {
      Map<RequestOutcome, Counter> byOutcome = new EnumMap<>(RequestOutcome.class);
      for (RequestOutcome o : RequestOutcome.values()) {
        byOutcome.put(
            o,
            Counter.builder("trail.insights.console.requests")
                .description("Console API requests, by endpoint and outcome")
                .baseUnit("requests")
                .tags("endpoint", e.tag, "outcome", o.tag)
                .register(registry));
      }
      requests.put(e, byOutcome);
      durations.put(
          e,
          Timer.builder("trail.insights.console.request.duration")
              .description("Time to answer a console API request, forwarding included")
              .tags("endpoint", e.tag)
              .serviceLevelObjectives(
                  Duration.ofMillis(5),
                  Duration.ofMillis(25),
                  Duration.ofMillis(100),
                  Duration.ofMillis(500),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(5))
              .register(registry));
    }
    forwardedOk = forwarded(registry, "ok");
    forwardedFailed = forwarded(registry, "failed");
  }

  private static Counter forwarded(MeterRegistry registry, String outcome) {
    return Counter.builder("trail.insights.console.forwarded")
        .description("Baseline queries forwarded to the instance that owns the key")
        .baseUnit("requests")
        .tags("outcome", outcome)
        .register(registry);
  }

  void request(Endpoint endpoint, int status, long nanos) {
    if (requests.isEmpty()) {
      return; // not bound
    }
    requests.get(endpoint).get(RequestOutcome.of(status)).increment();
    durations.get(endpoint).record(Duration.ofNanos(nanos));
  }

  void forwarded(boolean ok) {
    Counter c = ok ? forwardedOk : forwardedFailed;
    if (c != null) {
      c.increment();
    }
  }
}
