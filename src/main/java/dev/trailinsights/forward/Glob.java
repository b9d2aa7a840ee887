package dev.trailinsights.forward;

import java.util.regex.Pattern;

/**
 * A shell-style pattern: {@code *} any run of characters, {@code ?} one character, everything else
 * literal, matched against the whole value and case-sensitively (AWS names are case-sensitive).
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /** Compiles {@code text}. */
  public static Glob of(String text) {
    StringBuilder re = new StringBuilder(text.length() + 8);
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      re.append(Pattern.quote(literal.toString()));
    }
    return new Glob(text, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  /** Whether {@code value} matches; null never does. */
  public boolean matches(String value) {
    return value != null && pattern.matcher(value).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
