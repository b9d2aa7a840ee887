package dev.trailinsights.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.TrailMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken and hostile input through {@code replay} in a child JVM with a small heap: the exit code,
 * the bad record named with its file, line and reason, the good records counted, no stack trace,
 * and a summary whatever happens.
 */
class HostileInputTest {

  @TempDir Path dir;

  record Run(int exit, String err) {
    List<String> lines() {
      return err.lines().toList();
    }
  }

  private Run replay(String heap, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.trailinsights.cli.Main");
    cmd.add("replay");
    cmd.addAll(List.of(args));
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectError(err.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(UTF_8));
      }
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("replay finished").isTrue();
    return new Run(p.exitValue(), Files.readString(err, UTF_8));
  }

  private static void assertClean(Run r) {
    assertThat(r.err()).doesNotContain("Exception", "\tat ", "OutOfMemoryError");
  }

  private static long records(Run r) {
    for (String l : r.lines()) {
      if (l.startsWith("replay: ")) {
        String s = l.replaceAll(".*bytes, ([0-9,]+) records.*", "$1").replace(",", "");
        return Long.parseLong(s);
      }
    }
    throw new AssertionError("no summary in " + r.err());
  }

  @Test
  void shouldReadEveryGoodLineOfAJsonLinesFileWhoseFirstLineIsCut() throws Exception {
    for (int cut : new int[] {1, 17, 40, 95, 200, 333, 496}) {
      Path file = HostileCorpus.jsonLinesCutAtStart(dir, 50, cut);

      Run r = replay("64m", null, file.toString());

      assertClean(r);
      assertThat(records(r)).as("cut %d", cut).isEqualTo(49);
      assertThat(r.err()).as("cut %d", cut).contains(file + ":1: ");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.lines().get(r.lines().size() - 1)).startsWith("replay: incomplete: 1 bad");
    }
  }

  @Test
  void shouldGoOnAfterADamagedRecordInsideATrailFile() throws Exception {
    Path file = HostileCorpus.recordsWithDamagedRecord(dir, 40, 13);

    Run r = replay("64m", null, file.toString());

    assertClean(r);
    assertThat(records(r)).isEqualTo(39);
    assertThat(r.err()).containsPattern(file + ":1: not-json: .*bytes skipped to the next record");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void shouldCutTheSameDamagedTrailFileForLoadAsReplayReadsIt() throws Exception {
    Path file = HostileCorpus.recordsWithDamagedRecord(dir, 40, 13);
    List<String> values = new ArrayList<>();

    TrailMessages.FileResult result =
        new TrailMessages(TrailMessages.Keying.ACCOUNT_REGION, false)
            .read(file, (k, v) -> values.add(new String(v, UTF_8)));

    assertThat(result.damaged()).isEqualTo(1);
    assertThat(values).hasSize(40);
    assertThat(values.stream().filter(v -> v.contains("\"Get14\"")).count()).isEqualTo(1);
    assertThat(values.get(14)).isEqualTo(HostileCorpus.record("Get14", 14));
  }

  @Test
  void shouldReportALineLongerThanTheRecordLimitWithoutBufferingIt() throws Exception {
    Path file = HostileCorpus.longLineThenRecord(dir, 200L << 20);

    Run r = replay("48m", null, file.toString());

    assertClean(r);
    assertThat(records(r)).isEqualTo(1);
    assertThat(r.err()).contains(file + ":1: too-large: line of 209715200 bytes exceeds the limit");
  }

  @Test
  void shouldSummariseTheGoodFileBesideGzipBombsUnderASmallHeap() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bombs"));
    for (String name : List.of("a.json.gz", "b.json.gz", "c.json.gz")) {
      HostileCorpus.gzipBomb(folder, name, 300L << 20);
    }
    HostileCorpus.goodFile(folder, "good.json", 25);

    Run r = replay("96m", null, folder.toString());

    assertClean(r);
    assertThat(records(r)).isEqualTo(25);
    assertThat(r.err())
        .contains("a.json.gz: larger than 268435456 bytes after decompression (input.max-file-mib)")
        .contains("c.json.gz: larger than");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void shouldReadAJsonLinesFileLongerThanTheFileLimitWhole() throws Exception {
    Path plain = HostileCorpus.jsonLines(dir, "long.jsonl", 6000);
    Path gzip = HostileCorpus.jsonLines(dir, "long.jsonl.gz", 6000);
    assertThat(Files.size(plain)).isGreaterThan(2L << 20);

    Run p = replay("64m", null, "--set", "input.max-file-mib=1", plain.toString());
    Run g = replay("64m", null, "--set", "input.max-file-mib=1", gzip.toString());

    for (Run r : List.of(p, g)) {
      assertClean(r);
      assertThat(records(r)).isEqualTo(6000);
      assertThat(r.err()).doesNotContain("input.max-file-mib", "incomplete");
      assertThat(r.exit()).isZero();
    }
  }

  @Test
  void shouldCutADocumentLargerThanTheFileLimit() throws Exception {
    Path doc = HostileCorpus.goodFile(dir, "big.json", 6000);
    assertThat(Files.size(doc)).isGreaterThan(2L << 20);

    Run r = replay("64m", null, "--set", "input.max-file-mib=1", doc.toString());

    assertClean(r);
    assertThat(r.err())
        .contains(
            doc
                + ": larger than 1048576 bytes (input.max-file-mib), the most one document may"
                + " hold: the rest of the file was not read");
    assertThat(records(r)).isBetween(1L, 5999L);
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void shouldTrackManyKeysUnderASmallHeapAndCountThoseBeyondTheKeyLimit() throws Exception {
    // 50,000 tracked keys took about 5.7 KB of heap each when every state stayed decoded (285 MB)
    Path file = HostileCorpus.manyKeys(dir, 60_000);

    Run r =
        replay(
            "96m",
            null,
            "--set",
            "detection.max-keys=50000",
            "--set",
            "detection.state-cache-mib=16",
            file.toString());

    assertClean(r);
    assertThat(records(r)).isEqualTo(60_000);
    assertThat(r.err())
        .containsPattern("keys +50,000\n")
        .contains(
            "  10,000 events of 10,000 untracked API keys: detection.max-keys (50,000) reached")
        .contains(
            "replay: incomplete: 0 bad records, 0 unreadable or cut files and 10,000 events of"
                + " untracked keys were not analysed");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void shouldGoOnPastAnUnreadableSubfolder() throws Exception {
    assumeThat(System.getProperty("user.name")).isNotEqualTo("root");
    Path folder = Files.createDirectories(dir.resolve("trail"));
    HostileCorpus.goodFile(folder, "good.json", 5);
    Path locked = Files.createDirectories(folder.resolve("locked"));
    HostileCorpus.goodFile(locked, "hidden.json", 5);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      Run r = replay("64m", null, folder.toString());

      assertClean(r);
      assertThat(records(r)).isEqualTo(5);
      assertThat(r.err()).contains("unreadable: " + locked + ": permission denied");
      assertThat(r.exit()).isEqualTo(1);
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void shouldEscapeControlCharactersInFileNames() throws Exception {
    Path file = dir.resolve("evil\nreplay: 0 files, forged\u001b[2J.jsonl");
    Files.writeString(file, "not json\n" + HostileCorpus.record("A", 1) + "\n");

    Run r = replay("64m", null, file.toString());

    assertClean(r);
    assertThat(r.err()).contains("evil\\nreplay: 0 files, forged\\x1b[2J.jsonl:1: not-json");
    assertThat(r.lines()).noneMatch(l -> l.startsWith("replay: 0 files, forged"));
  }

  @Test
  void shouldReadStandardInputFromAPipe() throws Exception {
    String input = HostileCorpus.record("A", 1) + "\n" + HostileCorpus.record("B", 2) + "\n";

    Run dash = replay("64m", input, "-");
    Run devStdin = replay("64m", input, "/dev/stdin");

    assertClean(dash);
    assertThat(records(dash)).isEqualTo(2);
    assertThat(dash.exit()).isZero();
    assertThat(records(devStdin)).isEqualTo(2);
  }

  @Test
  void shouldTreatANullEventIdAsAbsentAndADuplicatedCategoryAsABadRecord() throws Exception {
    String nullId =
        HostileCorpus.record("A", 1).replace("\"eventID\":\"id-A-1\"", "\"eventID\":null");
    String b = HostileCorpus.record("B", 2);
    String dup = b.substring(0, b.length() - 1) + ",\"eventCategory\":\"Insight\"}";
    Path file = Files.writeString(dir.resolve("fields.jsonl"), nullId + "\n" + dup + "\n");

    Run r = replay("64m", null, file.toString());

    assertClean(r);
    assertThat(records(r)).isEqualTo(1);
    assertThat(r.err()).contains(file + ":2: bad-field: eventCategory appears more than once");
    assertThat(r.err()).doesNotContainPattern("insight records skipped +[1-9]");
  }

  @Test
  void shouldReportOversizedLinesForLoadWithoutSendingThem() throws Exception {
    Path file = HostileCorpus.longLineThenRecord(dir, 3L << 20);
    List<BadRecord> skipped = new ArrayList<>();
    List<byte[]> sent = new ArrayList<>();

    TrailMessages.FileResult r =
        new TrailMessages(TrailMessages.Keying.NONE, false)
            .read(
                file,
                new TrailMessages.Sink() {
                  @Override
                  public void message(byte[] key, byte[] value) {
                    sent.add(value);
                  }

                  @Override
                  public void skipped(BadRecord bad) {
                    skipped.add(bad);
                  }
                });

    assertThat(sent).hasSize(1);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(skipped.get(0).line()).isEqualTo(1);
  }
}
