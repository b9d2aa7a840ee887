package dev.trailinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** A NAB-style series: 5-minute steps, noise around 50, one spike at {@code spikeAt}. */
  private Path series(int rows, int spikeAt) throws IOException {
    Random random = new Random(3);
    LocalDateTime t = LocalDateTime.of(2014, 4, 1, 0, 0);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) {
      double v = 50 + 2 * random.nextGaussian() + (i == spikeAt ? 40 : 0);
      csv.append(NAB.format(t.plusMinutes(5L * i))).append(',').append(v).append('\n');
    }
    return write("series.csv", csv.toString());
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static List<String[]> rows(String csv) {
    List<String[]> rows = new ArrayList<>();
    for (String line : csv.split("\n")) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  @Test
  void shouldWriteTimestampValueAndScoreForEveryRow() throws IOException {
    Path input = series(1200, 1000);
    Path output = dir.resolve("scores.csv");

    int code = run("score", "--input", input.toString(), "--output", output.toString());

    assertThat(code).isZero();
    List<String> in = Files.readAllLines(input);
    List<String[]> scored = rows(Files.readString(output));
    assertThat(scored.get(0)).containsExactly("timestamp", "value", "anomaly_score");
    assertThat(scored).hasSize(in.size());
    for (int i = 1; i < scored.size(); i++) {
      String[] r = scored.get(i);
      assertThat(r[0] + "," + r[1]).isEqualTo(in.get(i));
      assertThat(Double.parseDouble(r[2])).isBetween(0.0, 1.0);
    }
    // Default warm-up: 15% of 1200 rows.
    for (int i = 1; i <= 180; i++) {
      assertThat(scored.get(i)[2]).isEqualTo("0");
    }
    assertThat(Double.parseDouble(scored.get(1001)[2])).isGreaterThan(0.99);
    assertThat(err.toString()).contains("1200 points", "warm-up 180", "period none");
  }

  @Test
  void shouldWriteToStandardOutputByDefault() throws IOException {
    Path input = series(300, -1);
    int code = run("score", "--input", input.toString(), "--warmup", "100");
    assertThat(code).isZero();
    List<String[]> scored = rows(out.toString());
    assertThat(scored).hasSize(301);
    assertThat(scored.get(0)).containsExactly("timestamp", "value", "anomaly_score");
    assertThat(scored.get(100)[2]).isEqualTo("0");
  }

  @Test
  void shouldReadStandardInput() throws IOException {
    byte[] csv = Files.readAllBytes(series(200, 150));
    InputStream original = System.in;
    try {
      System.setIn(new ByteArrayInputStream(csv));
      assertThat(run("score", "--input", "-")).isZero();
    } finally {
      System.setIn(original);
    }
    List<String[]> scored = rows(out.toString());
    assertThat(scored).hasSize(201);
    assertThat(err.toString()).contains("warm-up 30");
  }

  @Test
  void shouldRejectAnOutputInAMissingFolder() throws IOException {
    Path input = series(50, -1);
    int code =
        run(
            "score",
            "--input",
            input.toString(),
            "--output",
            dir.resolve("no/such.csv").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("output folder does not exist");
  }

  @Test
  void shouldAcceptIsoTimestampsWithOrWithoutOffsets() throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 40; i++) {
      String ts =
          switch (i % 4) {
            case 0 -> String.format("2026-03-02T10:%02d:00Z", i);
            case 1 -> String.format("2026-03-02T10:%02d:00.250Z", i);
            case 2 -> String.format("2026-03-02T11:%02d:00+01:00", i);
            default -> String.format("2026-03-02T10:%02d:00", i);
          };
      csv.append(ts).append(',').append(i % 3).append('\n');
    }
    int code =
        run("score", "--input", write("iso.csv", csv.toString()).toString(), "--warmup", "10");
    assertThat(code).as(err.toString()).isZero();
    assertThat(rows(out.toString())).hasSize(41);
  }

  @Test
  void shouldRejectANanValueNamingItsLine() throws IOException {
    Path input =
        write("nan.csv", "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,NaN\n");
    int code = run("score", "--input", input.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo("trail-insights: line 3: value 'NaN' is not a finite number");
  }

  @Test
  void shouldRejectBadRowsWithOneLineNamingTheLine() throws IOException {
    String header = "timestamp,value\n";
    String ok = "2014-04-01 00:00:00,1\n";
    String[][] cases = {
      {ok + "2014-04-01 00:05:00,\n", "line 3: missing value"},
      {ok + "2014-04-01 00:05:00,  \n", "line 3: missing value"},
      {ok + "\n", "line 3: empty line"},
      {ok + "2014-04-01 00:05:00,1.5d\n", "line 3: value '1.5d' is not a finite number"},
      {ok + "2014-04-01 00:05:00,Infinity\n", "line 3: value 'Infinity' is not a finite number"},
      {ok + "01/04/2014 00:05,2\n", "line 3: timestamp '01/04/2014 00:05'"},
      {ok + ",2\n", "line 3: missing timestamp"},
      {ok + "2014-02-30 00:05:00,2\n", "line 3: timestamp '2014-02-30 00:05:00' is not a valid"},
      {ok + "2014-04-01 00:05:00,2,3\n", "line 3: expected 2 fields"},
      {ok + "2014-04-01 00:05:00\n", "line 3: expected 2 fields"},
      {
        ok + "+999999999-01-01T00:00:00,2\n", "line 3: timestamp '+999999999-01-01T00:00:00' is out"
      },
    };
    for (String[] c : cases) {
      StringWriter e = new StringWriter();
      CommandLine cl = Main.newCommandLine();
      cl.setOut(new PrintWriter(new StringWriter(), true));
      cl.setErr(new PrintWriter(e, true));
      Path input = write("bad.csv", header + c[0]);
      int code = cl.execute("score", "--input", input.toString());
      assertThat(code).as(c[1]).isEqualTo(2);
      assertThat(e.toString()).as(c[1]).startsWith("trail-insights: " + c[1]);
      assertThat(e.toString().trim().lines()).as(c[1]).hasSize(1);
    }
  }

  @Test
  void shouldScoreRowsWhoseTimestampsGoBackOrRepeatInFileOrder() throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    LocalDateTime t = LocalDateTime.of(2014, 10, 26, 0, 0);
    List<String> stamps = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // a clock change an hour back at row 200, and one repeated timestamp
      LocalDateTime at = t.plusMinutes(5L * i).minusHours(i >= 200 ? 1 : 0);
      if (i == 300) {
        at = t.plusMinutes(5L * 299).minusHours(1);
      }
      stamps.add(NAB.format(at));
      csv.append(NAB.format(at)).append(',').append(50 + i % 7).append('\n');
    }
    Path input = write("clock-change.csv", csv.toString());

    assertThat(run("score", "--input", input.toString())).isEqualTo(0);

    List<String[]> rows = rows(out.toString());
    assertThat(rows).hasSize(401);
    for (int i = 0; i < 400; i++) {
      assertThat(rows.get(i + 1)[0]).isEqualTo(stamps.get(i));
    }
  }

  @Test
  void shouldWriteNothingToStandardOutputWhenALateRowIsBad() throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 300; i++) {
      csv.append(NAB.format(LocalDateTime.of(2014, 4, 1, 0, 0).plusMinutes(5L * i))).append(",1\n");
    }
    csv.append("2014-04-02 02:00:00,oops\n");
    Path input = write("late.csv", csv.toString());

    assertThat(run("score", "--input", input.toString())).isEqualTo(2);

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().trim().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("trail-insights: line 302: value 'oops'");
  }

  @Test
  void shouldNameTheLineThatIsNotUtf8() throws IOException {
    Path input = dir.resolve("latin1.csv");
    byte[] head = "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,".getBytes(UTF8);
    byte[] bad = {(byte) 0xE9, (byte) '\n'};
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Files.write(input, all);

    assertThat(run("score", "--input", input.toString())).isEqualTo(2);

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().trim())
        .isEqualTo("trail-insights: line 3: not valid UTF-8 text")
        .doesNotContain("Input length");
  }

  @Test
  void shouldLeaveNoOutputFileWhenARowIsBad() throws IOException {
    Path input =
        write("late-bad.csv", "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,x\n");
    Path output = dir.resolve("scores.csv");
    assertThat(run("score", "--input", input.toString(), "--output", output.toString()))
        .isEqualTo(2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("late-bad.csv");
    }
  }

  @Test
  void shouldRequireTheHeaderLine() throws IOException {
    Path noHeader = write("nh.csv", "2014-04-01 00:00:00,1\n");
    assertThat(run("score", "--input", noHeader.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("line 1: expected the header timestamp,value");

    Path empty = write("empty.csv", "");
    assertThat(run("score", "--input", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("line 1: empty input");
  }

  @Test
  void shouldRejectBadOptionsAndMissingFiles() throws IOException {
    Path input = series(50, -1);
    String[][] cases = {
      {"--period", "1"},
      {"--period", "daily"},
      {"--warmup", "0"},
      {"--warmup", "1.5"},
      {"--warmup", "some"},
      {"--relearn-after", "0"},
      {"--density-window", "0"},
    };
    for (String[] c : cases) {
      assertThat(run("score", "--input", input.toString(), c[0], c[1]))
          .as(String.join(" ", c))
          .isEqualTo(2);
    }
    assertThat(run("score", "--input", dir.resolve("absent.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("input file not found");
    assertThat(run("score")).isEqualTo(2);
  }

  @Test
  void shouldHonourWarmupCountsFractionsAndAGivenPeriod() throws IOException {
    Path input = series(400, -1);
    assertThat(run("score", "--input", input.toString(), "--warmup", "0.5", "--period", "none"))
        .isZero();
    List<String[]> scored = rows(out.toString());
    assertThat(scored.get(200)[2]).isEqualTo("0");
    assertThat(err.toString()).contains("warm-up 200", "period none");

    err.getBuffer().setLength(0);
    assertThat(run("score", "--input", input.toString(), "--warmup", "30", "--period", "12"))
        .isZero();
    assertThat(err.toString()).contains("warm-up 30", "period 12 points");
  }

  @Test
  void shouldDocumentItsOptions() {
    assertThat(run("score", "--help")).isZero();
    assertThat(out.toString())
        .contains("--input", "--output", "--period", "--warmup", "auto|none|N", "anomaly_score");
  }

  @Test
  void shouldFormatScoresInPlainDecimals() {
    assertThat(ScoreCommand.formatScore(0)).isEqualTo("0");
    assertThat(ScoreCommand.formatScore(1)).isEqualTo("1");
    assertThat(ScoreCommand.formatScore(1e-5)).isEqualTo("0.00001");
    assertThat(ScoreCommand.formatScore(0.999999999999)).isEqualTo("0.999999999999");
    assertThat(ScoreCommand.formatScore(0.25)).isEqualTo("0.25");
    assertThat(ScoreCommand.formatScore(0.1234567890126)).isEqualTo("0.123456789013");
    assertThat(ScoreCommand.formatScore(4e-13)).isEqualTo("0");
    assertThat(ScoreCommand.formatScore(0.9999999999996)).isEqualTo("1");
  }
}
