package dev.trailinsights.config;

/**
 * A {@link Glob} over {@code eventSource:eventName}, e.g. {@code iam.amazonaws.com:Create*} or
 * {@code *:Describe*}: the same dialect as every other pattern ({@code *} any run of characters,
 * {@code ?} one character, everything else literal).
 */
public final class ApiPattern {
  private final String glob;
  private final Glob compiled;

  private ApiPattern(String glob) {
    this.glob = glob;
    this.compiled = Glob.of(glob);
  }

  /**
   * @throws IllegalArgumentException when the glob lacks the {@code source:name} form
   */
  public static ApiPattern of(String glob) {
    if (glob == null || glob.indexOf(':') <= 0 || glob.endsWith(":")) {
      throw new IllegalArgumentException(
          "'" + glob + "' is not an API pattern (eventSource:eventName, * and ? as wildcards)");
    }
    return new ApiPattern(glob);
  }

  /** Whether the API {@code eventSource:eventName} matches. */
  public boolean matches(String eventSource, String eventName) {
    return compiled.matches(eventSource + ':' + eventName);
  }

  public String glob() {
    return glob;
  }

  @Override
  public String toString() {
    return glob;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiPattern p && p.glob.equals(glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }
}
