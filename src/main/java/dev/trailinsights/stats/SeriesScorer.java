package dev.trailinsights.stats;

import java.util.Arrays;

/**
 * Online anomaly scores in {@code [0, 1]} for a generic real-valued series: the detection core's
 * ideas applied to continuous values, one point at a time, in constant time and memory per point
 * (memory bounded by the warm-up, the period and the density window).
 *
 * <h2>Model</h2>
 *
 * <ol>
 *   <li><b>Warm-up.</b> The first {@link Config#warmupPoints()} points are buffered and score 0. At
 *       the end of the warm-up the period is found by autocorrelation ({@link PeriodDetector}; a
 *       daily rhythm at 5-minute steps shows as 288 points) unless it was given, and the model is
 *       trained on the buffer in two passes: the first only to measure the spread of out-of-sample
 *       residuals, the second through the same update as live points. The warm-up is taken as
 *       normal: everything in it is learned.
 *   <li><b>Baseline.</b> Additive level plus seasonal profile (Holt-Winters without trend, in
 *       error-correction form): the level follows each point with weight {@value #LEVEL_ALPHA}, the
 *       profile value of the point's phase with weight {@value #SEASON_GAMMA} per cycle (a plain
 *       mean over the first cycles). The phase comes from the timestamp, with the spacing learned
 *       in the warm-up, so a missing point does not shift the rhythm. Without a period the profile
 *       is 0.
 *   <li><b>Spread.</b> The median absolute residual, tracked multiplicatively (steps of {@value
 *       #SPREAD_STEP} in log scale) so that it is robust to spikes, per twenty-fourth of the period
 *       (a quiet night and a noisy day each have their own), and floored at {@value
 *       #RELATIVE_SPREAD_FLOOR} of the warm-up's mean absolute deviation so that a noise-free
 *       series does not divide by zero.
 *   <li><b>Point test.</b> The residual in spreads, {@code z}, is judged against the distribution
 *       of past standardized residuals ({@link ResidualTail}: an empirical bulk, an exponential
 *       tail beyond its top {@value #TAIL_FRACTION} on each side). A spiky series thus learns that
 *       spikes of the usual height are usual, while a noise-free series flags any departure.
 *       Two-sided, {@code p1 = 2 * tail}; within {@value #NEGLIGIBLE_SPREADS} spreads, {@code p1 =
 *       1}.
 *   <li><b>Density test.</b> Points with {@code p1 < }{@value #EXCEEDANCE_P} are exceedances; their
 *       count in the last {@link Config#densityWindow()} points is a count whose mean and variance
 *       are learned as the detector learns call counts, and an exceedance is also judged by {@link
 *       CountTail#upperTail} of that count (Poisson, or negative binomial when exceedances
 *       cluster), once there are at least {@value #MIN_DENSITY_COUNT}. This catches a burst of
 *       individually ordinary values, such as spikes of the usual height coming ten times as often.
 *       The default window expects a few exceedances, enough for the count to resolve a
 *       several-fold increase.
 *   <li><b>Protection.</b> Every update of the baseline is winsorized at {@value #CLIP_SPREADS}
 *       spreads, and a point with {@code p < }{@value #LEARN_BELOW} teaches nothing else (spread,
 *       tails, counts), so an anomaly does not become its own baseline; the exceedance counts are
 *       not learned while they are themselves unusual ({@code p2 < }{@value #DENSITY_LEARN_BELOW}).
 *       The freeze is bounded: after {@link Config#relearnAfter()} consecutive points that are
 *       anomalous by themselves, the level moves by their median residual, so a level shift is
 *       first reported, then learned.
 * </ol>
 *
 * <h2>Score</h2>
 *
 * The point's probability is {@code p = min(1, 2 * min(p1, p2))} (Bonferroni over the two tests)
 * and the score is {@code 1 - p^(1/4)}: 0 for an ordinary point, 0.68 at {@code p = 1e-2}, 0.9 at
 * {@code p = 1e-4}, 0.99 at {@code p = 1e-8}. The fourth root spreads the rare end over {@code
 * [0.9, 1)} so that thresholds there still separate one-in-ten-thousand from one-in-a-billion
 * events. The score reports news: within an anomaly episode, the point test measures a deviation
 * against the largest recent anomalous one (which halves every {@link Config#relearnAfter()}
 * points), so the onset of an anomaly scores high and its continuation, or the return to normal
 * right after it, does not score again. Protection from learning uses {@code p}, not the score.
 *
 * <p>Deterministic: the same points in the same order give the same scores. Not thread-safe.
 */
public final class SeriesScorer {

  /** {@link Config#period()}: find the period by autocorrelation over the warm-up. */
  public static final int PERIOD_AUTO = -1;

  /** {@link Config#period()}: no seasonal profile. */
  public static final int PERIOD_NONE = 0;

  /** {@link Config#relearnAfter()}: one eighth of the period, at least {@value #MIN_RELEARN}. */
  public static final int RELEARN_AUTO = -1;

  /** Longest period, in points, kept as a seasonal profile. */
  public static final int MAX_PERIOD = 20_000;

  /** Longest warm-up, in points (it is buffered). */
  public static final int MAX_WARMUP = 1_000_000;

  /** Longest run of anomalous points before the level is relearned. */
  public static final int MAX_RELEARN = 100_000;

  /** Longest window over which unusual values are counted. */
  public static final int MAX_DENSITY_WINDOW = 100_000;

  static final double LEVEL_ALPHA = 0.02;
  static final double SEASON_GAMMA = 0.2;
  static final double SPREAD_STEP = 0.025;
  static final int SPREAD_BINS = 24;
  static final int MIN_SPREAD_SAMPLES = 8;
  static final double RELATIVE_SPREAD_FLOOR = 0.01;
  static final double CLIP_SPREADS = 2;
  static final double NEGLIGIBLE_SPREADS = 2;
  static final double TAIL_HORIZON = 2000;
  static final double TAIL_FRACTION = 0.02;
  static final double TAIL_PRIOR = 2;
  static final double EXCEEDANCE_P = 0.05;
  static final int MIN_DENSITY_COUNT = 3;
  static final double LEARN_BELOW = 1e-3;
  static final double DENSITY_LEARN_BELOW = 0.05;
  static final double SCORE_ROOT = 4;
  static final double MIN_CORRELATION = 0.3;
  static final int MIN_RELEARN = 12;

  /**
   * Scorer settings.
   *
   * @param warmupPoints points buffered before the first score, {@code >= 1}; also the data over
   *     which the period is detected, which needs at least two cycles
   * @param period seasonal period in points ({@code >= 2}), {@link #PERIOD_AUTO} or {@link
   *     #PERIOD_NONE}
   * @param relearnAfter consecutive anomalous points after which the level accepts the new value
   *     ({@code >= 1}), or {@link #RELEARN_AUTO}
   * @param densityWindow points over which unusual values are counted, {@code >= 1}
   */
  public record Config(int warmupPoints, int period, int relearnAfter, int densityWindow) {

    /**
     * Default window for counting unusual values: expects {@code 72 * 0.05 = 3.6} exceedances, six
     * hours at 5-minute steps.
     */
    public static final int DEFAULT_DENSITY_WINDOW = 72;

    public Config {
      if (warmupPoints < 1 || warmupPoints > MAX_WARMUP) {
        throw new IllegalArgumentException(
            "warm-up must be between 1 and " + MAX_WARMUP + " points, got " + warmupPoints);
      }
      if (period != PERIOD_AUTO && period != PERIOD_NONE && (period < 2 || period > MAX_PERIOD)) {
        throw new IllegalArgumentException(
            "period must be auto, none or between 2 and " + MAX_PERIOD + " points, got " + period);
      }
      if (relearnAfter != RELEARN_AUTO && (relearnAfter < 1 || relearnAfter > MAX_RELEARN)) {
        throw new IllegalArgumentException(
            "relearn-after must be between 1 and " + MAX_RELEARN + " points, got " + relearnAfter);
      }
      if (densityWindow < 1 || densityWindow > MAX_DENSITY_WINDOW) {
        throw new IllegalArgumentException(
            "density window must be between 1 and "
                + MAX_DENSITY_WINDOW
                + " points, got "
                + densityWindow);
      }
    }

    /** Automatic period and relearning, default density window, this warm-up. */
    public static Config defaults(int warmupPoints) {
      return new Config(warmupPoints, PERIOD_AUTO, RELEARN_AUTO, DEFAULT_DENSITY_WINDOW);
    }

    /** The same settings with another period. */
    public Config withPeriod(int newPeriod) {
      return new Config(warmupPoints, newPeriod, relearnAfter, densityWindow);
    }

    /** The same settings with another relearning bound. */
    public Config withRelearnAfter(int points) {
      return new Config(warmupPoints, period, points, densityWindow);
    }

    /** The same settings with another density window. */
    public Config withDensityWindow(int points) {
      return new Config(warmupPoints, period, relearnAfter, points);
    }
  }

  private final Config config;

  // Warm-up buffer, released once the model is trained.
  private double[] warmValues;
  private long[] warmTimes;
  private int warmCount;
  private boolean trained;

  private int period = -1;
  private long originMillis;
  private long stepMillis;
  private long lastIndex = -1;

  private double level;
  private long levelCount;
  private double[] season;
  private int[] seasonCount;
  private int bins;
  private double[] spread;
  private double[] passResiduals;
  private int[] passBins;
  private int passCount;
  private int[] spreadCount;
  private double spreadFloor;
  private ResidualTail tail;

  private boolean[] exceedances;
  private int ringPosition;
  private long ringFilled;
  private int exceedanceCount;
  private double densityMean;
  private double densityMeanSquare;
  private long densityObservations;

  private int relearnAfter;
  private double shock;
  private double shockKeep;
  private int anomalousRun;
  private double[] runResiduals;

  /** A scorer that has seen nothing yet. */
  public SeriesScorer(Config config) {
    this.config = config;
    this.warmValues = new double[config.warmupPoints()];
    this.warmTimes = new long[config.warmupPoints()];
  }

  /**
   * Scores one point and learns from it.
   *
   * @param timestampMillis the point's time; its spacing from earlier points places it in the
   *     seasonal cycle, and a time earlier than the previous point's counts as the next step
   * @param value the observed value, finite
   * @return the anomaly score in {@code [0, 1]}; 0 during the warm-up
   * @throws IllegalArgumentException if the value is NaN or infinite
   */
  public double score(long timestampMillis, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, got " + value);
    }
    if (!trained) {
      warmValues[warmCount] = value;
      warmTimes[warmCount] = timestampMillis;
      warmCount++;
      if (warmCount == warmValues.length) {
        train();
      }
      return 0.0;
    }
    return step(indexOf(timestampMillis), value);
  }

  /** Whether the warm-up is over and points get scores. */
  public boolean warmedUp() {
    return trained;
  }

  /** The seasonal period in use, in points: 0 for none, -1 until the warm-up is over. */
  public int period() {
    return period;
  }

  private void train() {
    int n = warmCount;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += warmValues[i];
    }
    mean /= n;
    double deviation = 0;
    for (int i = 0; i < n; i++) {
      deviation += Math.abs(warmValues[i] - mean);
    }
    deviation /= n;
    spreadFloor =
        Math.max(
            RELATIVE_SPREAD_FLOOR * deviation, Math.max(1e-9 * Math.abs(mean), Double.MIN_NORMAL));

    period =
        config.period() == PERIOD_AUTO
            ? PeriodDetector.detect(warmValues, n, MAX_PERIOD, MIN_CORRELATION)
            : config.period();
    originMillis = warmTimes[0];
    stepMillis = medianStep(warmTimes, n);
    relearnAfter =
        config.relearnAfter() == RELEARN_AUTO
            ? Math.max(MIN_RELEARN, period / 8)
            : config.relearnAfter();

    shockKeep = Math.pow(0.5, 1.0 / relearnAfter);
    bins = period > 0 ? Math.min(period, SPREAD_BINS) : 1;

    long[] indices = new long[n];
    long last = -1;
    for (int i = 0; i < n; i++) {
      last = nextIndex(last, warmTimes[i]);
      indices[i] = last;
    }
    // First pass: out-of-sample residuals of the warm-up, for a starting spread per bin that is
    // right from the first point, so that standardized residuals learned in the second pass are on
    // the same scale as later ones.
    reset(indices);
    passResiduals = new double[n];
    passBins = new int[n];
    passCount = 0;
    for (int i = 0; i < n; i++) {
      step(indices[i], warmValues[i]);
    }
    double[] start = binMedians();
    passResiduals = null;
    passBins = null;
    // Second pass: the model proper, learning from every warm-up point.
    reset(indices);
    for (int b = 0; b < bins; b++) {
      spread[b] = start[b];
      spreadCount[b] = MIN_SPREAD_SAMPLES;
    }
    for (int i = 0; i < n; i++) {
      step(indices[i], warmValues[i]);
    }
    warmValues = null;
    warmTimes = null;
    trained = true;
  }

  private void reset(long[] indices) {
    lastIndex = -1;
    spread = new double[bins];
    spreadCount = new int[bins];
    tail = new ResidualTail(TAIL_HORIZON, TAIL_FRACTION, TAIL_PRIOR);
    exceedances = new boolean[config.densityWindow()];
    ringPosition = 0;
    ringFilled = 0;
    exceedanceCount = 0;
    double nominal = config.densityWindow() * EXCEEDANCE_P;
    densityMean = nominal;
    densityMeanSquare = nominal + nominal * nominal;
    densityObservations = 2L * config.densityWindow();
    shock = 0;
    anomalousRun = 0;
    runResiduals = new double[relearnAfter];
    int n = warmCount;
    if (period > 0) {
      season = new double[period];
      seasonCount = new int[period];
      // The level starts at the mean of the first cycle; the first cycle then sets the profile.
      double sum = 0;
      int count = 0;
      for (int i = 0; i < n && indices[i] < indices[0] + period; i++) {
        sum += warmValues[i];
        count++;
      }
      level = sum / count;
      levelCount = period;
    } else {
      level = warmValues[0];
      levelCount = 0;
    }
  }

  /**
   * Median absolute residual per spread bin from the first pass; the overall one for empty bins.
   */
  private double[] binMedians() {
    double[] all = Arrays.copyOf(passResiduals, passCount);
    double overall = median(all, all.length);
    double[] medians = new double[bins];
    double[] scratch = new double[passCount];
    for (int b = 0; b < bins; b++) {
      int m = 0;
      for (int i = 0; i < passCount; i++) {
        if (passBins[i] == b) {
          scratch[m++] = passResiduals[i];
        }
      }
      medians[b] = m > 0 ? median(scratch, m) : overall;
    }
    return medians;
  }

  private static double median(double[] values, int n) {
    if (n == 0) {
      return 0;
    }
    Arrays.sort(values, 0, n);
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
  }

  private static long medianStep(long[] times, int n) {
    long[] steps = new long[Math.max(0, n - 1)];
    int m = 0;
    for (int i = 1; i < n; i++) {
      long d = times[i] - times[i - 1];
      if (d > 0) {
        steps[m++] = d;
      }
    }
    if (m == 0) {
      return 0;
    }
    Arrays.sort(steps, 0, m);
    return steps[m / 2];
  }

  private long indexOf(long timestampMillis) {
    return nextIndex(lastIndex, timestampMillis);
  }

  /** Position of a point in the series: by its time when the spacing is known, else the next. */
  private long nextIndex(long previous, long timestampMillis) {
    long index = previous + 1;
    if (stepMillis > 0) {
      long byTime = Math.round((timestampMillis - (double) originMillis) / stepMillis);
      index = Math.max(index, byTime);
    }
    return index;
  }

  private double step(long index, double value) {
    lastIndex = index;
    int phase = period > 0 ? (int) Math.floorMod(index, (long) period) : 0;
    if (period > 0 && seasonCount[phase] == 0) {
      season[phase] = value - level;
      seasonCount[phase] = 1;
      return 0.0;
    }
    double residual = value - level - (period > 0 ? season[phase] : 0.0);
    int bin = period > 0 ? (int) ((long) phase * spread.length / period) : 0;
    if (passResiduals != null) {
      passResiduals[passCount] = Math.abs(residual);
      passBins[passCount++] = bin;
    }
    if (spreadCount[bin] < MIN_SPREAD_SAMPLES) {
      spreadCount[bin]++;
      spread[bin] += (Math.abs(residual) - spread[bin]) / spreadCount[bin];
      learnBaseline(phase, residual);
      return 0.0;
    }
    shock *= shockKeep;
    double sigma = Math.max(spread[bin], spreadFloor);
    double z = residual / sigma;
    double pointP = pointTail(z);
    boolean exceedance = pointP < EXCEEDANCE_P;
    int count = pushExceedance(exceedance);
    double densityP = exceedance ? densityTail(count) : 1.0;
    double p = Math.min(1.0, 2.0 * Math.min(pointP, densityP));
    double reported = p;
    if (shock > sigma) {
      // Within an anomaly episode, a deviation no larger than the recent ones is not news.
      double episodeP = pointTail(residual / shock);
      reported = Math.min(1.0, 2.0 * Math.min(episodeP, densityP));
    }

    double limit = CLIP_SPREADS * sigma;
    double capped = Math.max(-limit, Math.min(limit, residual));
    if (p < LEARN_BELOW && trained) {
      // An anomalous point moves the baseline by a capped amount only and teaches the spread and
      // the tails nothing. Only a point that is unusual by itself says the level may have moved;
      // a burst of ordinary-sized values says nothing about the level.
      learnBaseline(phase, capped);
      if (pointP < LEARN_BELOW) {
        shock = Math.max(shock, Math.abs(residual));
        runResiduals[anomalousRun++] = residual;
        if (anomalousRun == runResiduals.length) {
          // A long run of anomalous points is a new level, not an anomaly: accept it.
          level += median(runResiduals, anomalousRun);
          anomalousRun = 0;
        }
      }
    } else {
      anomalousRun = 0;
      learnBaseline(phase, capped);
      spread[bin] = sigma * Math.exp(Math.abs(residual) > sigma ? SPREAD_STEP : -SPREAD_STEP);
      tail.add(z);
      if (densityP >= DENSITY_LEARN_BELOW) {
        learnDensity(count);
      }
    }
    return toScore(reported);
  }

  /**
   * Two-sided probability of a standardized residual. Within {@value #NEGLIGIBLE_SPREADS} spreads
   * of the baseline nothing is unusual: half of all points lie within one spread by definition, and
   * on a series that mostly repeats one value (zero between spikes) the residuals of that value sit
   * at an arbitrary point of this range, where an empirical tail would be meaningless.
   */
  private double pointTail(double z) {
    if (Math.abs(z) <= NEGLIGIBLE_SPREADS) {
      return 1.0;
    }
    return Math.min(1.0, 2.0 * tail.tail(z));
  }

  private void learnBaseline(int phase, double error) {
    levelCount++;
    double alpha = Math.max(LEVEL_ALPHA, 1.0 / levelCount);
    level += alpha * error;
    if (period > 0) {
      if (seasonCount[phase] < Integer.MAX_VALUE) {
        seasonCount[phase]++;
      }
      double gamma = Math.max(SEASON_GAMMA, 1.0 / seasonCount[phase]);
      season[phase] += gamma * (1.0 - alpha) * error;
    }
  }

  private int pushExceedance(boolean exceedance) {
    if (exceedances[ringPosition]) {
      exceedanceCount--;
    }
    exceedances[ringPosition] = exceedance;
    if (exceedance) {
      exceedanceCount++;
    }
    ringPosition = (ringPosition + 1) % exceedances.length;
    ringFilled++;
    return exceedanceCount;
  }

  private double densityTail(int count) {
    if (count < MIN_DENSITY_COUNT) {
      return 1.0;
    }
    double variance = Math.max(0.0, densityMeanSquare - densityMean * densityMean);
    return CountTail.upperTail(count, densityMean, variance);
  }

  private void learnDensity(int count) {
    if (ringFilled < exceedances.length) {
      return;
    }
    densityObservations++;
    double weight = Math.max(1.0 / TAIL_HORIZON, 1.0 / densityObservations);
    densityMean += weight * (count - densityMean);
    densityMeanSquare += weight * ((double) count * count - densityMeanSquare);
  }

  private static double toScore(double p) {
    if (p <= 0) {
      return 1.0;
    }
    return Math.min(1.0, Math.max(0.0, -Math.expm1(Math.log(p) / SCORE_ROOT)));
  }
}
