package dev.trailinsights.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The per-minute picture of each insight, and that drawing it changes no decision. */
class InsightSeriesListenerTest {
  private final DetectorConfig config =
      DetectorConfig.builder().minBaseline(Duration.ofHours(12)).build();

  private record Point(long count, double expected, long threshold) {}

  private List<InsightEvent> run(
      List<CloudTrailRecord> input, InsightSeriesListener listener, Map<ApiKey, ApiState> states) {
    return run(input, listener, states, false);
  }

  /** With {@code ticks}, the open minutes of open insights are reported after every event. */
  private List<InsightEvent> run(
      List<CloudTrailRecord> input,
      InsightSeriesListener listener,
      Map<ApiKey, ApiState> states,
      boolean ticks) {
    List<InsightEvent> out = new ArrayList<>();
    Detector d = new Detector(config, out::add, new InMemorySeenIds(1_000_000), listener);
    EventSelector selector = new EventSelector(config);
    long last = 0;
    for (CloudTrailRecord r : input) {
      CompactEvent e = selector.select(r);
      if (e == null) {
        continue;
      }
      long minute = Math.floorDiv(r.eventTimeMillis(), 60_000L);
      ApiState st = states.computeIfAbsent(EventSelector.keyOf(r), k -> d.newState(k, minute, 0));
      d.onEvent(st, e);
      if (ticks) {
        d.reportOpenMinutes(st);
      }
      last = Math.max(last, minute);
    }
    for (ApiState st : states.values()) {
      d.onEndOfInput(st, last + 60);
    }
    return out;
  }

  @Test
  void shouldDrawTheMinutesBeforeDuringAndAfterEachInsightWithoutChangingAnyDecision() {
    Traffic t = DetectorTrapsTest.burstScenario();
    t.records.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    Map<String, TreeMap<Long, Point>> pictures = new HashMap<>();
    InsightSeriesListener listener =
        (id, minute, count, expected, threshold) ->
            pictures
                .computeIfAbsent(id, k -> new TreeMap<>())
                .put(minute, new Point(count, expected, threshold));

    List<InsightEvent> plain = run(t.records, InsightSeriesListener.NONE, new HashMap<>());
    Map<ApiKey, ApiState> states = new HashMap<>();
    List<InsightEvent> drawn = run(t.records, listener, states);

    assertThat(drawn).isEqualTo(plain);
    List<InsightEvent> starts =
        drawn.stream().filter(e -> e.state() == InsightState.START).toList();
    assertThat(starts).isNotEmpty();
    assertThat(pictures.keySet())
        .containsExactlyInAnyOrderElementsOf(
            starts.stream().map(InsightEvent::sharedEventId).toList());
    for (InsightEvent start : starts) {
      InsightEvent end =
          drawn.stream()
              .filter(
                  e ->
                      e.state() == InsightState.END
                          && e.sharedEventId().equals(start.sharedEventId()))
              .findFirst()
              .orElseThrow();
      TreeMap<Long, Point> p = pictures.get(start.sharedEventId());
      long first = start.eventTimeMillis() / 60_000L;
      long endMinute = end.eventTimeMillis() / 60_000L;
      // the closed minutes before the Start still in the ring: the lateness horizon and more
      assertThat(p.headMap(first).size())
          .isGreaterThanOrEqualTo((int) config.lateness().toMinutes());
      assertThat(p.headMap(first).values()).allMatch(pt -> pt.count() < pt.threshold());
      // every minute from the Start to the End decision, none missing
      for (long m = first; m < endMinute + config.quietMinutes() - 1; m++) {
        assertThat(p).as("minute %d of %s", m - first, start.sharedEventId()).containsKey(m);
      }
      Point atStart = p.get(first);
      assertThat(atStart.count()).isGreaterThanOrEqualTo(atStart.threshold());
      assertThat(atStart.expected()).isCloseTo(start.details().expected(), within());
    }
  }

  @Test
  void shouldDrawTheSameFinalPictureWhateverTheOpenMinutesReportedOnTheWay() {
    Traffic t = DetectorTrapsTest.burstScenario();
    t.records.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    Map<String, TreeMap<Long, Point>> quiet = new HashMap<>();
    Map<String, TreeMap<Long, Point>> ticked = new HashMap<>();
    int[] quietReports = {0};
    int[] tickedReports = {0};

    run(t.records, collector(quiet, quietReports), new HashMap<>(), false);
    run(t.records, collector(ticked, tickedReports), new HashMap<>(), true);

    // the ticks reported open minutes on the way; the last report of every minute is the same
    assertThat(tickedReports[0]).isGreaterThan(quietReports[0]);
    assertThat(ticked).isEqualTo(quiet).isNotEmpty();
  }

  private InsightSeriesListener collector(Map<String, TreeMap<Long, Point>> into, int[] reports) {
    return (id, minute, count, expected, threshold) -> {
      reports[0]++;
      into.computeIfAbsent(id, k -> new TreeMap<>())
          .put(minute, new Point(count, expected, threshold));
    };
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
