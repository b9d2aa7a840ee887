package dev.trailinsights.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that shapes detection, immutable and validated at construction. Build with {@link
 * #builder()}; every setter documents its key in configuration files ({@code detection.*}, {@code
 * selection.*}).
 */
public final class DetectorConfig {
  private final double falseInsightsPerKeyPerDay;
  private final int minCount;
  private final double minRatio;
  private final double hysteresis;
  private final int quietMinutes;
  private final Duration baselineWindow;
  private final Duration minBaseline;
  private final Duration lateness;
  private final Duration maxFrozen;
  private final boolean seasonality;
  private final boolean dedupe;
  private final int maxErrorCodesPerKey;
  private final Set<EventClass> callRateClasses;
  private final Set<EventClass> errorRateClasses;
  private final List<ApiPattern> allow;
  private final List<ApiPattern> deny;
  private final List<ApiOverride> overrides;
  private final int maxRecordBytes;
  private final int maxFileMib;
  private final int stateCacheMib;
  private final int maxKeys;
  private final boolean details;
  private final TrailStart trailStart;

  private DetectorConfig(Builder b) {
    this.falseInsightsPerKeyPerDay = b.falseInsightsPerKeyPerDay;
    this.minCount = b.minCount;
    this.minRatio = b.minRatio;
    this.hysteresis = b.hysteresis;
    this.quietMinutes = b.quietMinutes;
    this.baselineWindow = b.baselineWindow;
    this.minBaseline = b.minBaseline;
    this.lateness = b.lateness;
    this.maxFrozen = b.maxFrozen;
    this.seasonality = b.seasonality;
    this.dedupe = b.dedupe;
    this.maxErrorCodesPerKey = b.maxErrorCodesPerKey;
    this.callRateClasses = Set.copyOf(b.callRateClasses);
    this.errorRateClasses = Set.copyOf(b.errorRateClasses);
    this.allow = List.copyOf(b.allow);
    this.deny = List.copyOf(b.deny);
    this.overrides = List.copyOf(b.overrides);
    this.maxRecordBytes = b.maxRecordBytes;
    this.maxFileMib = b.maxFileMib;
    this.stateCacheMib = b.stateCacheMib;
    this.maxKeys = b.maxKeys;
    this.details = b.details;
    this.trailStart = b.trailStart;
    validate();
  }

  private void validate() {
    require(
        falseInsightsPerKeyPerDay > 0 && falseInsightsPerKeyPerDay <= 10,
        "detection.false-insights-per-key-per-day",
        "a number in (0, 10]");
    require(minCount >= 1, "detection.min-count", "an integer >= 1");
    require(minRatio >= 1.0, "detection.min-ratio", "a number >= 1.0");
    require(hysteresis > 0 && hysteresis <= 1, "detection.hysteresis", "a number in (0, 1]");
    require(quietMinutes >= 1 && quietMinutes <= 1440, "detection.quiet-minutes", "1..1440");
    require(
        baselineWindow.toMinutes() >= 60 && baselineWindow.toDays() <= 28,
        "detection.baseline-window",
        "a duration from 1h to 28d");
    require(
        !minBaseline.isNegative() && minBaseline.compareTo(baselineWindow) <= 0,
        "detection.min-baseline",
        "a duration from 0 to detection.baseline-window");
    require(
        !lateness.isNegative() && lateness.toMinutes() <= 360,
        "detection.lateness",
        "a duration from 0 to 6h");
    require(
        maxFrozen.toMinutes() >= 1 && maxFrozen.compareTo(baselineWindow) <= 0,
        "detection.max-frozen",
        "a duration from 1m to detection.baseline-window");
    require(
        maxErrorCodesPerKey >= 1 && maxErrorCodesPerKey <= 32,
        "detection.max-error-codes-per-key",
        "1..32");
    require(
        maxRecordBytes >= 1024 && maxRecordBytes <= 64 << 20,
        "input.max-record-bytes",
        "1024..67108864");
    require(maxFileMib >= 1 && maxFileMib <= 1 << 20, "input.max-file-mib", "1..1048576");
    require(stateCacheMib >= 1 && stateCacheMib <= 65536, "detection.state-cache-mib", "1..65536");
    require(maxKeys >= 1, "detection.max-keys", ">= 1");
  }

  private static void require(boolean ok, String key, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException("invalid value for " + key + ": expected " + allowed);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.falseInsightsPerKeyPerDay = falseInsightsPerKeyPerDay;
    b.minCount = minCount;
    b.minRatio = minRatio;
    b.hysteresis = hysteresis;
    b.quietMinutes = quietMinutes;
    b.baselineWindow = baselineWindow;
    b.minBaseline = minBaseline;
    b.lateness = lateness;
    b.maxFrozen = maxFrozen;
    b.seasonality = seasonality;
    b.dedupe = dedupe;
    b.maxErrorCodesPerKey = maxErrorCodesPerKey;
    b.callRateClasses = EnumSet.copyOf(callRateClasses);
    b.errorRateClasses =
        errorRateClasses.isEmpty()
            ? EnumSet.noneOf(EventClass.class)
            : EnumSet.copyOf(errorRateClasses);
    b.allow = allow;
    b.deny = deny;
    b.overrides = overrides;
    b.maxRecordBytes = maxRecordBytes;
    b.maxFileMib = maxFileMib;
    b.stateCacheMib = stateCacheMib;
    b.maxKeys = maxKeys;
    b.details = details;
    b.trailStart = trailStart;
    return b;
  }

  /** Target false insights per API key per day on normal traffic (the sensitivity). */
  public double falseInsightsPerKeyPerDay() {
    return falseInsightsPerKeyPerDay;
  }

  /** Fewest calls (or errors) in one minute that can start an insight. */
  public int minCount() {
    return minCount;
  }

  /** Least ratio of a minute's count to its expected count that can start an insight. */
  public double minRatio() {
    return minRatio;
  }

  /**
   * Share of the start evidence (in log tail probability, and in the ratio above 1) a minute needs
   * to keep an open insight going; lower means stickier insights.
   */
  public double hysteresis() {
    return hysteresis;
  }

  /** Closed normal minutes after the last unusual one before an insight ends. */
  public int quietMinutes() {
    return quietMinutes;
  }

  /** How much history the baseline averages over (AWS: about 7 days). */
  public Duration baselineWindow() {
    return baselineWindow;
  }

  /** Least history of the key's account and region before any insight (warm-up). */
  public Duration minBaseline() {
    return minBaseline;
  }

  /** How late an event may arrive, in event time, and still be counted. */
  public Duration lateness() {
    return lateness;
  }

  /** Longest stretch an open insight keeps its minutes out of the baseline. */
  public Duration maxFrozen() {
    return maxFrozen;
  }

  /** Whether daily and weekly rhythm is modelled once the history allows it. */
  public boolean seasonality() {
    return seasonality;
  }

  /** Whether repeated {@code eventID}s within the lateness horizon are counted once. */
  public boolean dedupe() {
    return dedupe;
  }

  /** How many error codes per API get their own error-rate series. */
  public int maxErrorCodesPerKey() {
    return maxErrorCodesPerKey;
  }

  public Set<EventClass> callRateClasses() {
    return callRateClasses;
  }

  public Set<EventClass> errorRateClasses() {
    return errorRateClasses;
  }

  /** When not empty, only matching APIs are analysed. */
  public List<ApiPattern> allow() {
    return allow;
  }

  /** Matching APIs are never analysed (applied after {@link #allow()}). */
  public List<ApiPattern> deny() {
    return deny;
  }

  public List<ApiOverride> overrides() {
    return overrides;
  }

  /** Largest single CloudTrail record accepted; larger ones are reported as bad input. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** {@code input.max-file-mib} in bytes: most read from one input file after decompression. */
  public long maxFileBytes() {
    return (long) maxFileMib << 20;
  }

  /**
   * Memory, in MiB, for decoded per-key states kept in front of the state store by each live
   * detector task; the rest stay encoded in the store ({@code detection.state-cache-mib}).
   */
  public int stateCacheMib() {
    return stateCacheMib;
  }

  /**
   * Most API keys one detector tracks ({@code detection.max-keys}): {@code replay} in all, each
   * live detector task in its state store. Events of further keys are counted as untracked.
   */
  public int maxKeys() {
    return maxKeys;
  }

  /** Whether Insights events carry the {@code insightDetails.trailInsights} explanation. */
  public boolean details() {
    return details;
  }

  /**
   * Since when the trail is known to be complete: every account and region's history starts there
   * at the latest, so an account first seen later is judged against silence instead of warming up.
   */
  public TrailStart trailStart() {
    return trailStart;
  }

  /** Mutable builder with production defaults. */
  public static final class Builder {
    private double falseInsightsPerKeyPerDay = Sensitivity.MEDIUM.falseInsightsPerKeyPerDay();
    private int minCount = 5;
    private double minRatio = 2.0;
    private double hysteresis = 0.5;
    private int quietMinutes = 5;
    private Duration baselineWindow = Duration.ofDays(7);
    private Duration minBaseline = Duration.ofDays(1);
    private Duration lateness = Duration.ofMinutes(15);
    private Duration maxFrozen = Duration.ofHours(6);
    private boolean seasonality = true;
    private boolean dedupe = true;
    private int maxErrorCodesPerKey = 4;
    private Set<EventClass> callRateClasses = EnumSet.of(EventClass.WRITE_MANAGEMENT);
    private Set<EventClass> errorRateClasses =
        EnumSet.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT);
    private List<ApiPattern> allow = List.of();
    private List<ApiPattern> deny = List.of();
    private List<ApiOverride> overrides = List.of();
    private int maxRecordBytes = 1 << 20;
    private int maxFileMib = 256;
    private int stateCacheMib = 64;
    private int maxKeys = 1_000_000;
    private boolean details = true;
    private TrailStart trailStart = TrailStart.NONE;

    private Builder() {}

    /** {@code detection.trail-start} (default none: history starts per account and region). */
    public Builder trailStart(TrailStart v) {
      this.trailStart = java.util.Objects.requireNonNull(v);
      return this;
    }

    /** {@code detection.sensitivity}: low, medium (default) or high. */
    public Builder sensitivity(Sensitivity s) {
      this.falseInsightsPerKeyPerDay = s.falseInsightsPerKeyPerDay();
      return this;
    }

    /** {@code detection.false-insights-per-key-per-day}: the sensitivity as a number. */
    public Builder falseInsightsPerKeyPerDay(double v) {
      this.falseInsightsPerKeyPerDay = v;
      return this;
    }

    /** {@code detection.min-count} (default 5). */
    public Builder minCount(int v) {
      this.minCount = v;
      return this;
    }

    /** {@code detection.min-ratio} (default 2.0). */
    public Builder minRatio(double v) {
      this.minRatio = v;
      return this;
    }

    /** {@code detection.hysteresis} (default 0.5). */
    public Builder hysteresis(double v) {
      this.hysteresis = v;
      return this;
    }

    /** {@code detection.quiet-minutes} (default 5). */
    public Builder quietMinutes(int v) {
      this.quietMinutes = v;
      return this;
    }

    /** {@code detection.baseline-window} (default 7d). */
    public Builder baselineWindow(Duration v) {
      this.baselineWindow = v;
      return this;
    }

    /** {@code detection.min-baseline} (default 1d). */
    public Builder minBaseline(Duration v) {
      this.minBaseline = v;
      return this;
    }

    /** {@code detection.lateness} (default 15m). */
    public Builder lateness(Duration v) {
      this.lateness = v;
      return this;
    }

    /** {@code detection.max-frozen} (default 6h). */
    public Builder maxFrozen(Duration v) {
      this.maxFrozen = v;
      return this;
    }

    /** {@code detection.seasonality} (default true). */
    public Builder seasonality(boolean v) {
      this.seasonality = v;
      return this;
    }

    /** {@code detection.dedupe} (default true). */
    public Builder dedupe(boolean v) {
      this.dedupe = v;
      return this;
    }

    /** {@code detection.max-error-codes-per-key} (default 4). */
    public Builder maxErrorCodesPerKey(int v) {
      this.maxErrorCodesPerKey = v;
      return this;
    }

    /** {@code selection.call-rate} (default write-management). */
    public Builder callRateClasses(Set<EventClass> v) {
      this.callRateClasses = v.isEmpty() ? EnumSet.noneOf(EventClass.class) : EnumSet.copyOf(v);
      return this;
    }

    /** {@code selection.error-rate} (default read-management, write-management). */
    public Builder errorRateClasses(Set<EventClass> v) {
      this.errorRateClasses = v.isEmpty() ? EnumSet.noneOf(EventClass.class) : EnumSet.copyOf(v);
      return this;
    }

    /** {@code selection.allow}. */
    public Builder allow(List<ApiPattern> v) {
      this.allow = List.copyOf(v);
      return this;
    }

    /** {@code selection.deny}. */
    public Builder deny(List<ApiPattern> v) {
      this.deny = List.copyOf(v);
      return this;
    }

    /** {@code overrides}. */
    public Builder overrides(List<ApiOverride> v) {
      this.overrides = List.copyOf(v);
      return this;
    }

    /** {@code input.max-file-mib} (default 256). */
    public Builder maxFileMib(int v) {
      this.maxFileMib = v;
      return this;
    }

    /** {@code input.max-record-bytes} (default 1 MiB). */
    public Builder maxRecordBytes(int v) {
      this.maxRecordBytes = v;
      return this;
    }

    /** {@code output.details} (default true). */
    public Builder details(boolean v) {
      this.details = v;
      return this;
    }

    /** {@code detection.state-cache-mib}. */
    public Builder stateCacheMib(int v) {
      this.stateCacheMib = v;
      return this;
    }

    /** {@code detection.max-keys} (default 1,000,000). */
    public Builder maxKeys(int v) {
      this.maxKeys = v;
      return this;
    }

    public DetectorConfig build() {
      return new DetectorConfig(this);
    }
  }
}
