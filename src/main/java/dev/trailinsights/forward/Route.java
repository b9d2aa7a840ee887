package dev.trailinsights.forward;

import dev.trailinsights.config.Glob;
import dev.trailinsights.insight.InsightEvent;
import java.util.List;

/**
 * One route: the Insights events it matches and the destinations, by name, it sends them to. Every
 * condition given must hold; within one condition, any of its patterns may match. An empty list
 * means "any".
 *
 * @param name the route's name, for messages
 * @param insightTypes {@code ApiCallRateInsight} / {@code ApiErrorRateInsight} patterns
 * @param states {@code Start} / {@code End} patterns
 * @param eventSources patterns of {@code insightDetails.eventSource}
 * @param eventNames patterns of {@code insightDetails.eventName}
 * @param accounts patterns of {@code recipientAccountId}
 * @param regions patterns of {@code awsRegion}
 * @param errorCodes patterns of the error code of error-rate insights (never matches call-rate)
 * @param destinations destination names, each defined in the configuration
 */
public record Route(
    String name,
    List<Glob> insightTypes,
    List<Glob> states,
    List<Glob> eventSources,
    List<Glob> eventNames,
    List<Glob> accounts,
    List<Glob> regions,
    List<Glob> errorCodes,
    List<String> destinations) {

  public Route {
    insightTypes = List.copyOf(insightTypes);
    states = List.copyOf(states);
    eventSources = List.copyOf(eventSources);
    eventNames = List.copyOf(eventNames);
    accounts = List.copyOf(accounts);
    regions = List.copyOf(regions);
    errorCodes = List.copyOf(errorCodes);
    destinations = List.copyOf(destinations);
  }

  /** Whether {@code e} satisfies every condition of this route. */
  public boolean matches(InsightEvent e) {
    return any(insightTypes, e.insightType().awsName())
        && any(states, e.state().awsName())
        && any(eventSources, e.eventSource())
        && any(eventNames, e.eventName())
        && any(accounts, e.recipientAccountId())
        && any(regions, e.awsRegion())
        && any(errorCodes, e.errorCode());
  }

  private static boolean any(List<Glob> globs, String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (Glob g : globs) {
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
