package dev.trailinsights.it;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.OfflineDetector;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.RecordSink;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the offline detector (the engine of {@code replay}) makes of a sequence of input messages:
 * each message parsed as the topology parses it, its readable records handed over in order. The
 * input is not finished: minutes close only as stream time passes them, as in the live topology, so
 * a run whose last messages are far enough ahead in event time yields exactly the live output.
 */
public final class OfflineReference {
  private OfflineReference() {}

  /** The Insights events, in the order the detector emitted them. */
  public static List<InsightEvent> insights(DetectorConfig config, List<byte[]> messages) {
    List<InsightEvent> out = new ArrayList<>();
    OfflineDetector detector = new OfflineDetector(config, out::add);
    CloudTrailParser parser = new CloudTrailParser(config.maxRecordBytes());
    RecordSink sink =
        new RecordSink() {
          @Override
          public void record(CloudTrailRecord record) {
            detector.accept(record);
          }

          @Override
          public void bad(BadRecord bad) {}
        };
    for (byte[] m : messages) {
      if (m != null && m.length > 0) {
        parser.parse(m, 0, m.length, "reference", sink);
      }
    }
    return out;
  }

  /** The Insights events as the topology writes them ({@link InsightJson#toBytes}), sorted. */
  public static List<String> json(DetectorConfig config, List<byte[]> messages) {
    List<String> out = new ArrayList<>();
    for (InsightEvent e : insights(config, messages)) {
      out.add(new String(InsightJson.toBytes(e), StandardCharsets.UTF_8));
    }
    out.sort(null);
    return out;
  }

  /** Values as UTF-8 strings, sorted: a multiset to compare with {@link #json}. */
  public static List<String> sorted(Collection<byte[]> values) {
    List<String> out = new ArrayList<>(values.size());
    for (byte[] v : values) {
      out.add(new String(v, StandardCharsets.UTF_8));
    }
    out.sort(null);
    return out;
  }

  /**
   * What of each record does not depend on the order in which events arrived, sorted: for minutes
   * judged as they close (a backlog, more than {@code detection.live-edge} behind the clock, as in
   * these tests), everything but the attributions, which give the callers' shares of what had been
   * counted when the Start or End was decided. The README's determinism section states this
   * guarantee.
   */
  public static List<String> exactPart(Collection<String> json) {
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> out = new ArrayList<>(json.size());
    for (String j : json) {
      try {
        com.fasterxml.jackson.databind.node.ObjectNode root =
            (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(j);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                root.path("insightDetails").path("insightContext"))
            .remove("attributions");
        out.add(mapper.writeValueAsString(root));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    out.sort(null);
    return out;
  }

  /** The values of the scenario's messages. */
  public static List<byte[]> values(List<TrailScenario.Message> messages) {
    List<byte[]> out = new ArrayList<>(messages.size());
    for (TrailScenario.Message m : messages) {
      out.add(m.value());
    }
    return out;
  }
}
