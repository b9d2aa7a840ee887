package dev.trailinsights.workload;

import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Insights events, one JSON record per line (as {@code replay} and the insights topic write
 * them; EventBridge-wrapped records too), with {@link InsightJson#parse(byte[])}. An error-rate
 * insight that names its code only in the {@code errorCode} attribution gets that code.
 */
public final class InsightLines {

  private InsightLines() {}

  /**
   * All insights of {@code path}; IllegalArgumentException naming the file and line on a record
   * that is not an Insights event, IOException when the file cannot be read.
   */
  public static List<InsightEvent> read(Path path) throws IOException {
    List<InsightEvent> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(parse(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(path + ":" + n + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** One Insights record; IllegalArgumentException when it is not one. */
  public static InsightEvent parse(String json) {
    InsightEvent e = InsightJson.parse(json.getBytes(StandardCharsets.UTF_8));
    if (e.insightType() != InsightType.API_ERROR_RATE || e.errorCode() != null) {
      return e;
    }
    return new InsightEvent(
        e.eventTimeMillis(),
        e.awsRegion(),
        e.eventId(),
        e.recipientAccountId(),
        e.sharedEventId(),
        e.state(),
        e.eventSource(),
        e.eventName(),
        e.insightType(),
        topErrorCode(e.attributions()),
        e.baselineAverage(),
        e.insightAverage(),
        e.insightDuration(),
        e.baselineDuration(),
        e.attributions(),
        e.details());
  }

  /** The error code with the highest insight average, when an insight names it only there. */
  private static String topErrorCode(List<Attribution> attributions) {
    for (Attribution a : attributions) {
      if (Attribution.ERROR_CODE.equals(a.attribute()) && !a.insight().isEmpty()) {
        String v = a.insight().get(0).value();
        return "null".equals(v) ? null : v;
      }
    }
    return null;
  }
}
