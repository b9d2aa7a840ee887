package dev.trailinsights.cli;

import dev.trailinsights.stats.SeriesScorer;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code score}: the statistical core on a generic {@code timestamp,value} series, writing {@code
 * timestamp,value,anomaly_score} (the Numenta Anomaly Benchmark's results format) with scores from
 * {@link SeriesScorer}.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Scores a generic series with the statistical core: one anomaly score in [0,1] per point.",
      "Input: CSV with the header line timestamp,value; timestamps like 2014-04-01 00:00:00 or"
          + " ISO-8601 (UTC unless an offset is given); values any finite number. Rows are scored"
          + " in file order, one output row per input row: timestamps may repeat or go back (a"
          + " clock change), a point earlier than the one before counts as the next step.",
      "Output: timestamp,value,anomaly_score (the Numenta Anomaly Benchmark's results format)."
          + " Scores are 0 during the warm-up; 0.9 means a one-in-ten-thousand point, 0.99 one in"
          + " a hundred million.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:failure reading or writing", "2:bad option or bad input row"})
public final class ScoreCommand implements Callable<Integer> {

  /** NAB's probationary period: 15% of the series, at most 750 points. */
  static final double DEFAULT_WARMUP_FRACTION = 0.15;

  static final int DEFAULT_WARMUP_CAP = 750;

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Series to score, CSV timestamp,value; '-' reads standard input.")
  String input;

  @Option(
      names = "--output",
      defaultValue = "-",
      paramLabel = "FILE",
      description =
          "Where to write timestamp,value,anomaly_score; '-' (default) is standard output.")
  String output;

  @Option(
      names = "--period",
      defaultValue = "auto",
      paramLabel = "auto|none|N",
      description =
          "Seasonal period in points: auto (default) finds it by autocorrelation over the warm-up,"
              + " which must span two periods; none for no seasonal profile.")
  String period;

  @Option(
      names = "--warmup",
      defaultValue = "auto",
      paramLabel = "auto|N|FRACTION",
      description =
          "Points learned before the first score: a count, a fraction of the series in (0,1), or"
              + " auto (default): 15%% of the series, at most 750 points (NAB's probationary"
              + " period). A fraction reads standard input fully before scoring.")
  String warmup;

  @Option(
      names = "--relearn-after",
      defaultValue = "auto",
      paramLabel = "auto|N",
      description =
          "Consecutive anomalous points after which the baseline accepts the new level: auto"
              + " (default) is an eighth of the period, at least 12 points. Also how long an"
              + " anomaly episode keeps similar deviations from scoring again.")
  String relearnAfter;

  @Option(
      names = "--density-window",
      defaultValue = "" + SeriesScorer.Config.DEFAULT_DENSITY_WINDOW,
      paramLabel = "N",
      description =
          "Points over which unusual values are counted to catch bursts of individually ordinary"
              + " ones (default ${DEFAULT-VALUE}).")
  int densityWindow;

  @Override
  public Integer call() throws IOException {
    WarmupSpec warm = WarmupSpec.parse(warmup);
    int periodPoints = parsePeriod(period);
    int relearn = parseRelearn(relearnAfter);
    if (densityWindow < 1 || densityWindow > SeriesScorer.MAX_DENSITY_WINDOW) {
      throw new UsageException(
          "--density-window must be between 1 and "
              + SeriesScorer.MAX_DENSITY_WINDOW
              + " points, got "
              + densityWindow);
    }

    String buffered = null;
    long rows = -1;
    if (warm.needsLength()) {
      if ("-".equals(input)) {
        buffered = new String(System.in.readAllBytes(), StandardCharsets.ISO_8859_1);
        rows = countRows(new BufferedReader(new StringReader(buffered)));
      } else {
        try (BufferedReader r = open(input)) {
          rows = countRows(r);
        }
      }
    }
    int warmupPoints = warm.points(rows);
    SeriesScorer.Config config =
        new SeriesScorer.Config(warmupPoints, periodPoints, relearn, densityWindow);
    SeriesScorer scorer = new SeriesScorer(config);

    long scored = 0;
    try (SeriesReader reader =
            new SeriesReader(
                buffered != null
                    ? new BufferedReader(new StringReader(buffered))
                    : "-".equals(input)
                        ? new BufferedReader(
                            new InputStreamReader(System.in, StandardCharsets.ISO_8859_1))
                        : open(input));
        Output out = openOutput()) {
      out.writer().write("timestamp,value,anomaly_score\n");
      StringBuilder line = new StringBuilder(64);
      while (reader.next()) {
        double s = scorer.score(reader.millis(), reader.value());
        line.setLength(0);
        line.append(reader.timestampText())
            .append(',')
            .append(reader.valueText())
            .append(',')
            .append(formatScore(s))
            .append('\n');
        out.writer().append(line);
        scored++;
      }
      out.commit();
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "score: %d points, warm-up %d, period %s%n",
        scored,
        Math.min(warmupPoints, scored),
        scorer.warmedUp()
            ? (scorer.period() == 0 ? "none" : scorer.period() + " points")
            : "unknown (series shorter than the warm-up)");
    err.flush();
    return 0;
  }

  private static BufferedReader open(String path) {
    if (Files.isDirectory(Path.of(path))) {
      throw new UsageException("input is a directory: " + path);
    }
    try {
      // Lines are read as bytes (ISO-8859-1 maps each byte to one char) and decoded as UTF-8 one
      // by one, so that text that is not UTF-8 is reported with its line number.
      return Files.newBufferedReader(Path.of(path), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new UsageException("input file not found: " + path);
    } catch (IOException e) {
      throw new UsageException("cannot read input " + path + ": " + e.getMessage());
    }
  }

  private Output openOutput() throws IOException {
    if ("-".equals(output)) {
      // Buffered in a temporary file and copied out once every row is scored: a bad row never
      // leaves a caller half a CSV on standard output.
      Path partial = Files.createTempFile("trail-insights-score-", ".csv.partial");
      return new Output(
          Files.newBufferedWriter(partial, StandardCharsets.UTF_8),
          partial,
          null,
          spec.commandLine().getOut());
    }
    Path path = Path.of(output);
    if (Files.isDirectory(path)) {
      throw new UsageException("output is a directory: " + output);
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException("output folder does not exist: " + parent);
    }
    // Written beside the target and moved into place when complete: a bad row or a failure
    // never leaves a truncated file behind.
    Path partial = Files.createTempFile(parent, ".score-", ".csv.partial");
    return new Output(
        Files.newBufferedWriter(partial, StandardCharsets.UTF_8), partial, path, null);
  }

  /**
   * The output: a partial file, moved onto the target file or copied to standard output by {@link
   * #commit}, deleted otherwise.
   */
  private static final class Output implements Closeable {
    private final Writer writer;
    private final Path partial;
    private final Path target;
    private final PrintWriter stdout;
    private boolean committed;

    Output(Writer writer, Path partial, Path target, PrintWriter stdout) {
      this.writer = writer;
      this.partial = partial;
      this.target = target;
      this.stdout = stdout;
    }

    Writer writer() {
      return writer;
    }

    void commit() throws IOException {
      writer.flush();
      if (writer instanceof PrintWriter p && p.checkError()) {
        throw new IOException("failed writing the output");
      }
      writer.close();
      if (target != null) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      } else {
        try (BufferedReader r = Files.newBufferedReader(partial, StandardCharsets.UTF_8)) {
          r.transferTo(stdout);
        }
        stdout.flush();
        if (stdout.checkError()) {
          throw new IOException("failed writing the output");
        }
      }
      committed = true;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        writer.close();
      }
      if (target == null || !committed) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /** Data rows after the header, without checking them (the scoring pass does). */
  private static long countRows(BufferedReader reader) throws IOException {
    long rows = 0;
    boolean header = true;
    for (String l = reader.readLine(); l != null; l = reader.readLine()) {
      if (header) {
        header = false;
      } else {
        rows++;
      }
    }
    return rows;
  }

  static int parsePeriod(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("auto")) {
      return SeriesScorer.PERIOD_AUTO;
    }
    if (t.equals("none")) {
      return SeriesScorer.PERIOD_NONE;
    }
    int p = parseCount("--period", text);
    if (p < 2 || p > SeriesScorer.MAX_PERIOD) {
      throw new UsageException(
          "--period must be auto, none or between 2 and "
              + SeriesScorer.MAX_PERIOD
              + " points, got "
              + text);
    }
    return p;
  }

  static int parseRelearn(String text) {
    if (text.trim().equalsIgnoreCase("auto")) {
      return SeriesScorer.RELEARN_AUTO;
    }
    int n = parseCount("--relearn-after", text);
    if (n < 1 || n > SeriesScorer.MAX_RELEARN) {
      throw new UsageException(
          "--relearn-after must be auto or between 1 and "
              + SeriesScorer.MAX_RELEARN
              + " points, got "
              + text);
    }
    return n;
  }

  private static int parseCount(String option, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": not a whole number of points: '" + text + "'");
    }
  }

  /** NAB's probationary length for a series of this many points. */
  static int defaultWarmup(long rows) {
    return (int)
        Math.max(1, Math.min(Math.floor(DEFAULT_WARMUP_FRACTION * rows), DEFAULT_WARMUP_CAP));
  }

  /** {@code --warmup}: auto, a point count or a fraction of the series. */
  record WarmupSpec(boolean auto, int count, double fraction) {

    static WarmupSpec parse(String text) {
      String t = text.trim();
      if (t.equalsIgnoreCase("auto")) {
        return new WarmupSpec(true, 0, 0);
      }
      if (t.matches("\\d+")) {
        long n;
        try {
          n = Long.parseLong(t);
        } catch (NumberFormatException e) {
          n = Long.MAX_VALUE;
        }
        if (n < 1 || n > SeriesScorer.MAX_WARMUP) {
          throw new UsageException(
              "--warmup must be between 1 and " + SeriesScorer.MAX_WARMUP + " points, got " + t);
        }
        return new WarmupSpec(false, (int) n, 0);
      }
      double f;
      try {
        f = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new UsageException(
            "--warmup must be auto, a point count or a fraction in (0,1), got '" + text + "'");
      }
      if (!(f > 0 && f < 1)) {
        throw new UsageException(
            "--warmup must be auto, a point count or a fraction in (0,1), got '" + text + "'");
      }
      return new WarmupSpec(false, 0, f);
    }

    boolean needsLength() {
      return auto || count == 0;
    }

    int points(long rows) {
      if (auto) {
        return defaultWarmup(rows);
      }
      if (count > 0) {
        return count;
      }
      return (int) Math.max(1, Math.min(Math.floor(fraction * rows), SeriesScorer.MAX_WARMUP));
    }
  }

  /** Scores print in plain decimal notation with up to 12 decimals, enough to rank rare points. */
  static String formatScore(double score) {
    long units = Math.round(score * 1e12);
    if (units <= 0) {
      return "0";
    }
    if (units >= 1_000_000_000_000L) {
      return "1";
    }
    char[] digits = new char[14];
    digits[0] = '0';
    digits[1] = '.';
    int end = 2;
    for (int i = 13; i >= 2; i--) {
      digits[i] = (char) ('0' + units % 10);
      units /= 10;
      if (end == 2 && digits[i] != '0') {
        end = i + 1;
      }
    }
    return new String(digits, 0, end);
  }

  /**
   * Reads {@code timestamp,value} rows, checking each: a header line first, two fields per row, a
   * timestamp in one of the accepted forms (in any order: repeated and earlier timestamps are
   * kept), a finite number, valid UTF-8. A bad row stops the read with a one-line error naming its
   * line.
   */
  static final class SeriesReader implements Closeable {

    private static final DateTimeFormatter TIMESTAMP =
        new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .appendOffset("+HH:MM:ss", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter();

    private final BufferedReader in;
    private long lineNumber;
    private String timestampText;
    private String valueText;
    private long millis;
    private double value;

    SeriesReader(BufferedReader in) throws IOException {
      this.in = in;
      String header = in.readLine();
      lineNumber = 1;
      if (header == null) {
        throw new UsageException("line 1: empty input, expected the header timestamp,value");
      }
      header = utf8(header);
      String h = header.startsWith("\uFEFF") ? header.substring(1) : header;
      String[] names = h.split(",", -1);
      if (names.length != 2
          || !names[0].trim().equalsIgnoreCase("timestamp")
          || !names[1].trim().equalsIgnoreCase("value")) {
        throw new UsageException(
            "line 1: expected the header timestamp,value, got '" + abbreviate(header) + "'");
      }
    }

    /** A line read byte for byte (ISO-8859-1) as UTF-8 text. */
    private String utf8(String bytes) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)))
            .toString();
      } catch (CharacterCodingException e) {
        throw bad("not valid UTF-8 text");
      }
    }

    /** Advances to the next row; false at the end of the input. */
    boolean next() throws IOException {
      String line = in.readLine();
      if (line == null) {
        return false;
      }
      lineNumber++;
      line = utf8(line);
      int comma = line.indexOf(',');
      if (line.isBlank()) {
        throw bad("empty line, expected timestamp,value");
      }
      if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
        throw bad("expected 2 fields timestamp,value, got '" + abbreviate(line) + "'");
      }
      timestampText = line.substring(0, comma).trim();
      valueText = line.substring(comma + 1).trim();
      millis = parseTimestamp(timestampText);
      value = parseValue(valueText);
      return true;
    }

    long lineNumber() {
      return lineNumber;
    }

    String timestampText() {
      return timestampText;
    }

    String valueText() {
      return valueText;
    }

    long millis() {
      return millis;
    }

    double value() {
      return value;
    }

    private long parseTimestamp(String text) {
      if (text.isEmpty()) {
        throw bad("missing timestamp");
      }
      long fast = parseCommonTimestamp(text);
      if (fast != Long.MIN_VALUE) {
        return fast;
      }
      String iso =
          text.length() > 10 && text.charAt(10) == ' '
              ? text.substring(0, 10) + 'T' + text.substring(11)
              : text;
      try {
        TemporalAccessor t = TIMESTAMP.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
        if (t instanceof OffsetDateTime o) {
          return o.toInstant().toEpochMilli();
        }
        return ((LocalDateTime) t).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (ArithmeticException e) {
        throw bad("timestamp '" + abbreviate(text) + "' is out of range");
      } catch (DateTimeParseException e) {
        throw bad(
            "timestamp '"
                + abbreviate(text)
                + "' is neither like 2014-04-01 00:00:00 nor ISO-8601");
      }
    }

    /**
     * The usual form, {@code yyyy-MM-dd HH:mm:ss} or with a {@code T}, optionally ending in {@code
     * Z}, without the general parser; {@link Long#MIN_VALUE} for anything else.
     */
    private long parseCommonTimestamp(String t) {
      int n = t.length();
      if ((n != 19 && !(n == 20 && t.charAt(19) == 'Z'))
          || t.charAt(4) != '-'
          || t.charAt(7) != '-'
          || (t.charAt(10) != ' ' && t.charAt(10) != 'T')
          || t.charAt(13) != ':'
          || t.charAt(16) != ':') {
        return Long.MIN_VALUE;
      }
      int year = digits(t, 0, 4);
      int month = digits(t, 5, 2);
      int day = digits(t, 8, 2);
      int hour = digits(t, 11, 2);
      int minute = digits(t, 14, 2);
      int second = digits(t, 17, 2);
      if ((year | month | day | hour | minute | second) < 0) {
        return Long.MIN_VALUE;
      }
      try {
        return LocalDateTime.of(year, month, day, hour, minute, second)
                .toEpochSecond(ZoneOffset.UTC)
            * 1000L;
      } catch (DateTimeException e) {
        throw bad("timestamp '" + abbreviate(t) + "' is not a valid date and time");
      }
    }

    private static int digits(String s, int from, int count) {
      int v = 0;
      for (int i = from; i < from + count; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        v = v * 10 + (c - '0');
      }
      return v;
    }

    private double parseValue(String text) {
      if (text.isEmpty()) {
        throw bad("missing value");
      }
      char last = text.charAt(text.length() - 1);
      double v;
      try {
        if (!(Character.isDigit(last) || last == '.')) {
          throw new NumberFormatException();
        }
        v = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw bad("value '" + abbreviate(text) + "' is not a finite number");
      }
      if (!Double.isFinite(v)) {
        throw bad("value '" + abbreviate(text) + "' is not a finite number");
      }
      return v;
    }

    private UsageException bad(String message) {
      return new UsageException("line " + lineNumber + ": " + message);
    }

    private static String abbreviate(String s) {
      return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
