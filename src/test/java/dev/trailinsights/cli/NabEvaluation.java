package dev.trailinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.stats.NabScoring;
import dev.trailinsights.stats.SeriesScorer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scores a folder of Numenta Anomaly Benchmark series with the {@code score} command's defaults and
 * reports NAB's standard-profile score: per series, which windows were hit and when, how many false
 * positives, and the normalized total at the threshold that is best over the whole folder.
 *
 * <p>Not a test: the benchmark data is not part of the project. Run by hand after {@code ./mvnw
 * package}:
 *
 * <pre>
 * java -cp target/trail-insights.jar:target/test-classes dev.trailinsights.cli.NabEvaluation DIR
 * </pre>
 *
 * where {@code DIR} holds the series ({@code *.csv}) and NAB's {@code windows.json} (keys may carry
 * a folder prefix such as {@code artificialWithAnomaly/}; only the file name is matched).
 */
public final class NabEvaluation {

  private NabEvaluation() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: NabEvaluation DIR (series *.csv and windows.json)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    JsonNode labels = new ObjectMapper().readTree(dir.resolve("windows.json").toFile());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    List<NabScoring.Series> corpus = new ArrayList<>();
    List<List<Long>> times = new ArrayList<>();
    for (Path file : files) {
      List<Long> millis = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      long rows;
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        rows = r.lines().count() - 1;
      }
      SeriesScorer scorer =
          new SeriesScorer(SeriesScorer.Config.defaults(ScoreCommand.defaultWarmup(rows)));
      try (ScoreCommand.SeriesReader reader =
          new ScoreCommand.SeriesReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
        while (reader.next()) {
          millis.add(reader.millis());
          scores.add(scorer.score(reader.millis(), reader.value()));
        }
      }
      String name = file.getFileName().toString();
      List<NabScoring.Window> windows = windowsFor(labels, name, millis);
      corpus.add(
          new NabScoring.Series(
              name + " (period " + scorer.period() + ")",
              scores.stream().mapToDouble(Double::doubleValue).toArray(),
              windows));
      times.add(millis);
    }
    NabScoring.Result result = NabScoring.optimize(corpus, NabScoring.Profile.STANDARD);
    System.out.printf("threshold %.6f%n", result.threshold());
    for (int i = 0; i < corpus.size(); i++) {
      NabScoring.SeriesResult r = result.series().get(i);
      NabScoring.Series series = corpus.get(i);
      StringBuilder hits = new StringBuilder();
      for (int w = 0; w < series.windows().size(); w++) {
        NabScoring.Window window = series.windows().get(w);
        int first = r.firstDetections().get(w);
        if (first < 0) {
          hits.append(" missed");
        } else {
          double width = window.end() - window.start() + 1;
          hits.append(String.format(" hit at %+.2f of window", (first - window.end() - 1) / width));
        }
      }
      System.out.printf(
          "%-50s windows %d/%d%s, false positives %d (cost %.3f), raw %.3f%n",
          r.name(),
          r.windowsHit(),
          series.windows().size(),
          hits,
          r.falsePositives(),
          r.falsePositiveCost(),
          r.raw());
    }
    System.out.printf(
        "standard profile: raw %.3f, normalized %.1f%n", result.raw(), result.normalized());
  }

  private static List<NabScoring.Window> windowsFor(
      JsonNode labels, String fileName, List<Long> millis) {
    List<NabScoring.Window> windows = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = labels.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().endsWith("/" + fileName) && !e.getKey().equals(fileName)) {
        continue;
      }
      for (JsonNode pair : e.getValue()) {
        long start = parse(pair.get(0).asText());
        long end = parse(pair.get(1).asText());
        int from = -1;
        int to = -1;
        for (int i = 0; i < millis.size(); i++) {
          if (from < 0 && millis.get(i) >= start) {
            from = i;
          }
          if (millis.get(i) <= end) {
            to = i;
          }
        }
        if (from >= 0 && to >= from) {
          windows.add(new NabScoring.Window(from, to));
        }
      }
    }
    return windows;
  }

  private static long parse(String timestamp) {
    try {
      ScoreCommand.SeriesReader r =
          new ScoreCommand.SeriesReader(
              new BufferedReader(new java.io.StringReader("timestamp,value\n" + timestamp + ",0")));
      r.next();
      return r.millis();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
