package dev.trailinsights.config;

import java.util.regex.Pattern;

/**
 * A glob over {@code eventSource:eventName}, e.g. {@code iam.amazonaws.com:Create*} or {@code
 * *:Describe*}. {@code *} matches any run of characters; everything else is literal.
 */
public final class ApiPattern {
  private final String glob;
  private final Pattern regex;

  private ApiPattern(String glob, Pattern regex) {
    this.glob = glob;
    this.regex = regex;
  }

  /**
   * @throws IllegalArgumentException when the glob lacks the {@code source:name} form
   */
  public static ApiPattern of(String glob) {
    if (glob == null || glob.indexOf(':') <= 0 || glob.endsWith(":")) {
      throw new IllegalArgumentException(
          "'" + glob + "' is not an API pattern (eventSource:eventName, * as wildcard)");
    }
    StringBuilder re = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      if (!parts[i].isEmpty()) {
        re.append(Pattern.quote(parts[i]));
      }
    }
    return new ApiPattern(glob, Pattern.compile(re.toString()));
  }

  public boolean matches(String eventSource, String eventName) {
    return regex.matcher(eventSource + ':' + eventName).matches();
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
