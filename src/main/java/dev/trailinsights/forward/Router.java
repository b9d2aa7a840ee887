package dev.trailinsights.forward;

import dev.trailinsights.insight.InsightEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses the destinations of an Insights event: the union of the destinations of every route that
 * matches, in configuration order without repeats; the default route's destinations when none
 * matches.
 */
public final class Router {
  private final List<Route> routes;
  private final List<String> defaults;

  /** A router over {@code routes}, falling back to {@code defaults}. */
  public Router(List<Route> routes, List<String> defaults) {
    this.routes = List.copyOf(routes);
    this.defaults = List.copyOf(defaults);
  }

  /** Destination names for {@code e}; empty when nothing matches and there is no default. */
  public List<String> destinationsFor(InsightEvent e) {
    Set<String> chosen = new LinkedHashSet<>();
    for (Route r : routes) {
      if (r.matches(e)) {
        chosen.addAll(r.destinations());
      }
    }
    return chosen.isEmpty() ? defaults : new ArrayList<>(chosen);
  }
}
