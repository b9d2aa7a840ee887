package dev.trailinsights.config;

/**
 * Thrown by a {@link SettingType} when a raw value does not parse. It says what was wrong and what
 * is expected, but not which key or source: {@link Settings} adds those to make the one-line error
 * the user sees.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What part of the value is at fault. */
  public enum Kind {
    /** The value (or a field of it) is not allowed. */
    VALUE,
    /** One item of a list is not allowed. */
    ITEM,
    /** A structured value has a field that does not exist. */
    FIELD,
    /** A required field of a structured value is absent. */
    MISSING
  }

  private final Kind kind;
  private final String value;
  private final String expected;
  private final String path;

  private InvalidValueException(Kind kind, String value, String expected, String path) {
    // The value itself stays out of the message: it may belong to a secret setting.
    super(
        "invalid "
            + kind.name().toLowerCase(java.util.Locale.ROOT)
            + path
            + ": expected "
            + expected);
    this.kind = kind;
    this.value = value;
    this.expected = expected;
    this.path = path;
  }

  /** The whole value {@code value} is not allowed; {@code expected} says what is. */
  public static InvalidValueException value(String value, String expected) {
    return new InvalidValueException(Kind.VALUE, value, expected, "");
  }

  /** The list item {@code item} is not allowed. */
  public static InvalidValueException item(String item, String expected) {
    return new InvalidValueException(Kind.ITEM, item, expected, "");
  }

  /**
   * A structured value has the unknown field {@code name}; {@code expected} names the valid ones.
   */
  public static InvalidValueException field(String name, String expected) {
    return new InvalidValueException(Kind.FIELD, name, expected, "");
  }

  /** A structured value lacks a required field (name it with {@link #at}). */
  public static InvalidValueException missing(String expected) {
    return new InvalidValueException(Kind.MISSING, null, expected, "");
  }

  /**
   * The same problem inside a structured value: {@code segment} ({@code "[0]"}, {@code
   * ".min-count"}) is prepended to the path below the key.
   */
  public InvalidValueException at(String segment) {
    InvalidValueException e = new InvalidValueException(kind, value, expected, segment + path);
    e.setStackTrace(getStackTrace());
    return e;
  }

  public Kind kind() {
    return kind;
  }

  /** The offending text (a value, a list item or a field name); null for {@link Kind#MISSING}. */
  public String value() {
    return value;
  }

  public String expected() {
    return expected;
  }

  /** Where below the key the problem is, e.g. {@code [0].sensitivity}; empty for the key itself. */
  public String path() {
    return path;
  }
}
