package dev.trailinsights.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that shapes detection, immutable and validated at construction. Build with {@link
 * #builder()}. Each value is held by its {@link Setting} in {@link DetectorSettings}, which
 * declares the knob once: key, type and bounds, default and description; the builder starts from
 * those defaults and checks every value against them, so this class repeats none of it.
 */
public final class DetectorConfig {
  private final Map<Setting<?>, Object> values;
  private final Set<EventClass> callRateClasses;
  private final Set<EventClass> errorRateClasses;

  private DetectorConfig(Builder b) {
    this.values = new IdentityHashMap<>(b.values);
    for (Setting<?> s : DetectorSettings.all()) {
      if (s != DetectorSettings.SENSITIVITY) {
        check(s);
      }
    }
    require(
        minBaseline().compareTo(baselineWindow()) <= 0,
        "detection.min-baseline",
        "a duration from 0 to detection.baseline-window");
    require(
        maxFrozen().compareTo(baselineWindow()) <= 0,
        "detection.max-frozen",
        "a duration from 1m to detection.baseline-window");
    this.callRateClasses = enumSet(get(DetectorSettings.CALL_RATE));
    this.errorRateClasses = enumSet(get(DetectorSettings.ERROR_RATE));
  }

  private <T> void check(Setting<T> s) {
    s.check(get(s));
  }

  private static void require(boolean ok, String key, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException("invalid value for " + key + ": expected " + allowed);
    }
  }

  private static Set<EventClass> enumSet(List<EventClass> classes) {
    return Set.copyOf(
        classes.isEmpty() ? EnumSet.noneOf(EventClass.class) : EnumSet.copyOf(classes));
  }

  /** The value of {@code s}, one of {@link DetectorSettings#all()}. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> s) {
    return (T) values.get(s);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  /** Target false insights per API key per day on normal traffic (the sensitivity). */
  public double falseInsightsPerKeyPerDay() {
    return get(DetectorSettings.FALSE_INSIGHTS_PER_KEY_PER_DAY);
  }

  /** Fewest calls (or errors) in one minute that can start an insight. */
  public int minCount() {
    return get(DetectorSettings.MIN_COUNT);
  }

  /** Least ratio of a minute's count to its expected count that can start an insight. */
  public double minRatio() {
    return get(DetectorSettings.MIN_RATIO);
  }

  /**
   * Share of the start evidence (in log tail probability, and in the ratio above 1) a minute needs
   * to keep an open insight going; lower means stickier insights.
   */
  public double hysteresis() {
    return get(DetectorSettings.HYSTERESIS);
  }

  /** Closed normal minutes after the last unusual one before an insight ends. */
  public int quietMinutes() {
    return get(DetectorSettings.QUIET_MINUTES);
  }

  /** How much history the baseline averages over (AWS: about 7 days). */
  public Duration baselineWindow() {
    return get(DetectorSettings.BASELINE_WINDOW);
  }

  /** Least history of the key's account and region before any insight (warm-up). */
  public Duration minBaseline() {
    return get(DetectorSettings.MIN_BASELINE);
  }

  /** How late an event may arrive, in event time, and still be counted. */
  public Duration lateness() {
    return get(DetectorSettings.LATENESS);
  }

  /**
   * How far behind the clock event time may be for a minute to be judged on arrival; older minutes
   * are judged when they close.
   */
  public Duration liveEdge() {
    return get(DetectorSettings.LIVE_EDGE);
  }

  /** Longest stretch an open insight keeps its minutes out of the baseline. */
  public Duration maxFrozen() {
    return get(DetectorSettings.MAX_FROZEN);
  }

  /** Whether daily and weekly rhythm is modelled once the history allows it. */
  public boolean seasonality() {
    return get(DetectorSettings.SEASONALITY);
  }

  /** Whether repeated {@code eventID}s within the lateness horizon are counted once. */
  public boolean dedupe() {
    return get(DetectorSettings.DEDUPE);
  }

  /** How many error codes per API get their own error-rate series. */
  public int maxErrorCodesPerKey() {
    return get(DetectorSettings.MAX_ERROR_CODES_PER_KEY);
  }

  public Set<EventClass> callRateClasses() {
    return callRateClasses;
  }

  public Set<EventClass> errorRateClasses() {
    return errorRateClasses;
  }

  /** When not empty, only matching APIs are analysed. */
  public List<ApiPattern> allow() {
    return get(DetectorSettings.ALLOW);
  }

  /** Matching APIs are never analysed (applied after {@link #allow()}). */
  public List<ApiPattern> deny() {
    return get(DetectorSettings.DENY);
  }

  public List<ApiOverride> overrides() {
    return get(DetectorSettings.OVERRIDES);
  }

  /** Largest single CloudTrail record accepted; larger ones are reported as bad input. */
  public int maxRecordBytes() {
    return get(DetectorSettings.MAX_RECORD_BYTES);
  }

  /** {@code input.max-file-mib} in bytes: most read from one input file after decompression. */
  public long maxFileBytes() {
    return (long) get(DetectorSettings.MAX_FILE_MIB) << 20;
  }

  /**
   * Memory, in MiB, for decoded per-key states kept in front of the state store by each live
   * detector task; the rest stay encoded in the store ({@code detection.state-cache-mib}).
   */
  public int stateCacheMib() {
    return get(DetectorSettings.STATE_CACHE_MIB);
  }

  /**
   * Most API keys one detector tracks ({@code detection.max-keys}): {@code replay} in all, each
   * live detector task in its state store. Events of further keys are counted as untracked.
   */
  public int maxKeys() {
    return get(DetectorSettings.MAX_KEYS);
  }

  /** Whether Insights events carry the {@code insightDetails.trailInsights} explanation. */
  public boolean details() {
    return get(DetectorSettings.DETAILS);
  }

  /**
   * Since when the trail is known to be complete: every account and region's history starts there
   * at the latest, so an account first seen later is judged against silence instead of warming up.
   */
  public TrailStart trailStart() {
    return get(DetectorSettings.TRAIL_START);
  }

  /** Mutable builder with production defaults. */
  /** Builds a {@link DetectorConfig}; starts from every setting's default. */
  public static final class Builder {
    private final Map<Setting<?>, Object> values = new IdentityHashMap<>();

    private Builder() {
      for (Setting<?> s : DetectorSettings.all()) {
        if (s != DetectorSettings.SENSITIVITY) {
          values.put(s, s.defaultValue());
        }
      }
    }

    /**
     * Sets {@code s}, one of {@link DetectorSettings#all()}; the value is checked against the
     * setting's type by {@link #build()}.
     */
    public <T> Builder set(Setting<T> s, T value) {
      if (!values.containsKey(s)) {
        throw new IllegalArgumentException(s.key() + " is not a detection setting");
      }
      values.put(s, value);
      return this;
    }

    /** {@code detection.trail-start} (default none: history starts per account and region). */
    public Builder trailStart(TrailStart v) {
      return set(DetectorSettings.TRAIL_START, java.util.Objects.requireNonNull(v));
    }

    /** {@code detection.sensitivity}: sets {@code detection.false-insights-per-key-per-day}. */
    public Builder sensitivity(Sensitivity s) {
      return falseInsightsPerKeyPerDay(s.falseInsightsPerKeyPerDay());
    }

    public Builder falseInsightsPerKeyPerDay(double v) {
      return set(DetectorSettings.FALSE_INSIGHTS_PER_KEY_PER_DAY, v);
    }

    public Builder minCount(int v) {
      return set(DetectorSettings.MIN_COUNT, v);
    }

    public Builder minRatio(double v) {
      return set(DetectorSettings.MIN_RATIO, v);
    }

    public Builder hysteresis(double v) {
      return set(DetectorSettings.HYSTERESIS, v);
    }

    public Builder quietMinutes(int v) {
      return set(DetectorSettings.QUIET_MINUTES, v);
    }

    public Builder baselineWindow(Duration v) {
      return set(DetectorSettings.BASELINE_WINDOW, v);
    }

    public Builder minBaseline(Duration v) {
      return set(DetectorSettings.MIN_BASELINE, v);
    }

    public Builder lateness(Duration v) {
      return set(DetectorSettings.LATENESS, v);
    }

    public Builder liveEdge(Duration v) {
      return set(DetectorSettings.LIVE_EDGE, v);
    }

    public Builder maxFrozen(Duration v) {
      return set(DetectorSettings.MAX_FROZEN, v);
    }

    public Builder seasonality(boolean v) {
      return set(DetectorSettings.SEASONALITY, v);
    }

    public Builder dedupe(boolean v) {
      return set(DetectorSettings.DEDUPE, v);
    }

    public Builder maxErrorCodesPerKey(int v) {
      return set(DetectorSettings.MAX_ERROR_CODES_PER_KEY, v);
    }

    public Builder callRateClasses(Set<EventClass> v) {
      return set(DetectorSettings.CALL_RATE, inOrder(v));
    }

    public Builder errorRateClasses(Set<EventClass> v) {
      return set(DetectorSettings.ERROR_RATE, inOrder(v));
    }

    private static List<EventClass> inOrder(Set<EventClass> v) {
      return Arrays.stream(EventClass.values()).filter(v::contains).toList();
    }

    public Builder allow(List<ApiPattern> v) {
      return set(DetectorSettings.ALLOW, List.copyOf(v));
    }

    public Builder deny(List<ApiPattern> v) {
      return set(DetectorSettings.DENY, List.copyOf(v));
    }

    public Builder overrides(List<ApiOverride> v) {
      return set(DetectorSettings.OVERRIDES, List.copyOf(v));
    }

    public Builder maxFileMib(int v) {
      return set(DetectorSettings.MAX_FILE_MIB, v);
    }

    public Builder maxRecordBytes(int v) {
      return set(DetectorSettings.MAX_RECORD_BYTES, v);
    }

    public Builder details(boolean v) {
      return set(DetectorSettings.DETAILS, v);
    }

    public Builder stateCacheMib(int v) {
      return set(DetectorSettings.STATE_CACHE_MIB, v);
    }

    /** {@code detection.max-keys} (default 1,000,000). */
    public Builder maxKeys(int v) {
      return set(DetectorSettings.MAX_KEYS, v);
    }

    /**
     * @throws IllegalArgumentException naming the key when a value is outside its setting's bounds
     */
    public DetectorConfig build() {
      return new DetectorConfig(this);
    }
  }
}
