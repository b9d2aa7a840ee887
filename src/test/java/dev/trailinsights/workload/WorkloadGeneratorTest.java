package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadGeneratorTest {
  private static final Pattern FILE =
      Pattern.compile(
          "(\\d{8}T\\d{4}Z)/(\\d{12})_CloudTrail_([a-z0-9-]+)_(\\d{8}T\\d{4}Z)_[A-Z0-9]{16}\\.json\\.gz");

  @TempDir Path tmp;
  @TempDir static Path shared;
  private static Path filesOneThread;
  private static Path filesTwoThreads;
  private static Path jsonl;

  private static WorkloadParams small(long seed, OutputFormat format) {
    return new WorkloadParams(
        2, seed, 1, 2, 60, 0.3, 6, format, Instant.parse("2026-03-02T00:00:00Z"));
  }

  @BeforeAll
  static void generateOnce() throws IOException {
    filesOneThread = shared.resolve("files-1");
    filesTwoThreads = shared.resolve("files-2");
    jsonl = shared.resolve("jsonl");
    new WorkloadGenerator(small(9, OutputFormat.FILES)).writeTo(filesOneThread, 1);
    new WorkloadGenerator(small(9, OutputFormat.FILES)).writeTo(filesTwoThreads, 2);
    new WorkloadGenerator(small(9, OutputFormat.JSONL)).writeTo(jsonl, 2);
  }

  @Test
  void shouldWriteTheSameBytesForTheSameSeedWhateverTheThreads() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    new WorkloadGenerator(small(11, OutputFormat.JSONL)).writeTo(a, 1);
    new WorkloadGenerator(small(11, OutputFormat.JSONL)).writeTo(b, 3);
    assertThat(Files.readAllBytes(a.resolve("events.jsonl")))
        .isEqualTo(Files.readAllBytes(b.resolve("events.jsonl")));
    assertThat(Files.readAllBytes(a.resolve("labels.json")))
        .isEqualTo(Files.readAllBytes(b.resolve("labels.json")));
  }

  @Test
  void shouldWriteOtherTrafficForAnotherSeed() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    new WorkloadGenerator(small(11, OutputFormat.JSONL)).writeTo(a, 2);
    new WorkloadGenerator(small(12, OutputFormat.JSONL)).writeTo(b, 2);
    assertThat(Files.readAllBytes(a.resolve("events.jsonl")))
        .isNotEqualTo(Files.readAllBytes(b.resolve("events.jsonl")));
  }

  @Test
  void shouldWriteIdenticalTrailFilesForTheSameSeed() throws IOException {
    Path a = filesOneThread;
    Path b = filesTwoThreads;
    List<Path> filesA = trailFiles(a);
    List<Path> filesB = trailFiles(b);
    assertThat(filesA).isNotEmpty();
    assertThat(filesA.stream().map(a::relativize).toList())
        .isEqualTo(filesB.stream().map(b::relativize).toList());
    for (int i = 0; i < filesA.size(); i++) {
      assertThat(Files.readAllBytes(filesA.get(i))).isEqualTo(Files.readAllBytes(filesB.get(i)));
    }
  }

  @Test
  void shouldNameTrailFilesSoThatSortedPathsAreTheDeliveryOrder() throws IOException {
    Path out = filesOneThread;
    Labels labels = Labels.read(out.resolve(WorkloadGenerator.LABELS_FILE));
    Path trail = out.resolve(WorkloadGenerator.TRAIL_FOLDER);
    List<Path> files = trailFiles(out);
    assertThat(files).hasSizeGreaterThan(500);
    assertThat(labels.anomalies()).hasSize(6);
    String previous = "";
    ObjectMapper mapper = new ObjectMapper();
    int n = 0;
    for (Path f : files) {
      String rel = trail.relativize(f).toString().replace('\\', '/');
      Matcher m = FILE.matcher(rel);
      assertThat(m.matches()).as(rel).isTrue();
      String delivered = m.group(1);
      assertThat(m.group(4)).isEqualTo(delivered);
      assertThat(delivered).isGreaterThanOrEqualTo(previous);
      previous = delivered;
      if (n++ % 4 != 0) {
        continue; // names of all files, contents of a quarter of them
      }
      JsonNode root = mapper.readTree(gunzip(f));
      assertThat(root.get("Records").isArray()).isTrue();
      assertThat(root.get("Records").size()).isPositive();
      long deliveredAt = parseCompact(delivered);
      for (JsonNode r : root.get("Records")) {
        assertThat(r.get("recipientAccountId").asText()).isEqualTo(m.group(2));
        assertThat(r.get("awsRegion").asText()).isEqualTo(m.group(3));
        long t = Instant.parse(r.get("eventTime").asText()).toEpochMilli();
        // delivered after the call, at most 14 minutes late, duplicates at most 24
        assertThat(deliveredAt - t).isBetween(1L, 25 * 60_000L);
      }
    }
  }

  @Test
  void shouldWriteTheSameRecordsInFilesAndJsonLinesInDeliveryOrder() throws IOException {
    Path files = filesTwoThreads;
    // the same writer serialises both formats: a file is {"Records":[r1,r2,...]}, a line is r
    String prefix = "{\"Records\":[";
    StringBuilder fromFiles = new StringBuilder();
    for (Path f : trailFiles(files)) {
      String content = new String(gunzip(f), StandardCharsets.UTF_8);
      assertThat(content).startsWith(prefix).endsWith("]}");
      if (fromFiles.length() > 0) {
        fromFiles.append(',');
      }
      fromFiles.append(content, prefix.length(), content.length() - 2);
    }
    String fromLines = String.join(",", Files.readAllLines(jsonl.resolve("events.jsonl")));
    assertThat(fromFiles.toString()).isEqualTo(fromLines);
  }

  @Test
  void shouldHandRecordsOverInDeliveryOrderWithLabels() throws IOException {
    List<String> expected = Files.readAllLines(jsonl.resolve("events.jsonl"));
    List<String> seen = new ArrayList<>();
    long[] lastDelivery = {Long.MIN_VALUE};
    GenerationSummary s =
        new WorkloadGenerator(small(9, OutputFormat.JSONL))
            .forEachRecord(
                2,
                (delivery, record) -> {
                  assertThat(delivery).isGreaterThanOrEqualTo(lastDelivery[0]);
                  lastDelivery[0] = delivery;
                  seen.add(new String(record, StandardCharsets.UTF_8));
                });
    assertThat(seen).isEqualTo(expected);
    assertThat(s.labels().anomalies()).hasSize(6);
    assertThat(s.records()).isEqualTo(expected.size());
  }

  private static long parseCompact(String s) {
    return Instant.parse(
            s.substring(0, 4)
                + "-"
                + s.substring(4, 6)
                + "-"
                + s.substring(6, 8)
                + "T"
                + s.substring(9, 11)
                + ":"
                + s.substring(11, 13)
                + ":00Z")
        .toEpochMilli();
  }

  private static List<Path> trailFiles(Path out) throws IOException {
    try (Stream<Path> walk = Files.walk(out.resolve(WorkloadGenerator.TRAIL_FOLDER))) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static byte[] gunzip(Path f) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
