package dev.trailinsights.config;

import java.util.regex.Pattern;

/**
 * The one pattern dialect of every pattern a user writes (detection's {@code selection.allow},
 * {@code selection.deny} and {@code overrides[].api}, {@code forward}'s route matches): {@code *}
 * matches any run of characters (none included), {@code ?} exactly one character, everything else
 * is literal (regex and shell classes such as {@code [a-z]} included); the whole value must match,
 * case-sensitively (AWS names are case-sensitive). The README's "Patterns" section says the same
 * for users.
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
