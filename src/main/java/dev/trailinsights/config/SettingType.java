package dev.trailinsights.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a setting's raw text becomes a typed value, and how the allowed values are described to
 * users. Parsers trim surrounding white space and throw {@link InvalidValueException}.
 *
 * @param <T> the typed value
 */
public final class SettingType<T> {

  /** Interface of the parse function. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * @throws InvalidValueException when {@code raw} is not allowed
     */
    T parse(String raw);
  }

  /** What a configuration file may give for the setting. */
  public enum Shape {
    /** One scalar. */
    SCALAR,
    /** A YAML list of scalars or one comma-separated string. */
    LIST,
    /**
     * Any YAML structure (lists of maps); given as JSON text in environment variables and flags.
     */
    STRUCTURED
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})([smhd])");

  private final Shape shape;
  private final String allowed;
  private final Parser<T> parser;
  private final Predicate<T> accepts;

  private SettingType(Shape shape, String allowed, Parser<T> parser, Predicate<T> accepts) {
    this.shape = Objects.requireNonNull(shape);
    this.allowed = Objects.requireNonNull(allowed);
    this.parser = Objects.requireNonNull(parser);
    this.accepts = Objects.requireNonNull(accepts);
  }

  /** A type of the given shape, described by {@code allowed} ("one of a, b"), parsed by parser. */
  public static <T> SettingType<T> of(Shape shape, String allowed, Parser<T> parser) {
    return new SettingType<>(shape, allowed, parser, v -> true);
  }

  /**
   * The same type, also checking typed values given in code (a {@link DetectorConfig.Builder}
   * setter) against the bounds the parser checks in text: one definition of what is allowed.
   */
  SettingType<T> accepting(Predicate<T> check) {
    return new SettingType<>(shape, allowed, parser, check);
  }

  /** Whether a typed value given in code is allowed (null never is). */
  public boolean accepts(T value) {
    return value != null && accepts.test(value);
  }

  public Shape shape() {
    return shape;
  }

  /** The allowed values in words, completing "expected ...". */
  public String allowed() {
    return allowed;
  }

  /**
   * @throws InvalidValueException when {@code raw} is not allowed
   */
  public T parse(String raw) {
    return parser.parse(raw == null ? "" : raw);
  }

  /** {@code true} or {@code false}, in any case. */
  public static SettingType<Boolean> bool() {
    return of(
        Shape.SCALAR,
        "true or false",
        raw -> {
          String s = raw.trim();
          if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
          }
          if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
          }
          throw InvalidValueException.value(raw, "true or false");
        });
  }

  /** A decimal integer from {@code min} to {@code max}. */
  public static SettingType<Integer> integer(int min, int max) {
    String allowed =
        max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
    return of(
            Shape.SCALAR,
            allowed,
            raw -> {
              BigInteger v;
              try {
                v = new BigInteger(raw.trim());
              } catch (NumberFormatException e) {
                throw InvalidValueException.value(raw, allowed);
              }
              if (v.compareTo(BigInteger.valueOf(min)) < 0
                  || v.compareTo(BigInteger.valueOf(max)) > 0) {
                throw InvalidValueException.value(raw, allowed);
              }
              return v.intValue();
            })
        .accepting(v -> v >= min && v <= max);
  }

  /** A Kafka topic name, by Kafka's rule: 1 to 249 characters of a-z A-Z 0-9 . _ -. */
  public static SettingType<String> topicName() {
    String allowed = "a topic name: 1 to 249 characters of a-z A-Z 0-9 . _ -";
    return of(
        Shape.SCALAR,
        allowed,
        raw -> {
          String s = raw.trim();
          if (!s.matches("[a-zA-Z0-9._-]{1,249}") || s.equals(".") || s.equals("..")) {
            throw InvalidValueException.value(raw, allowed);
          }
          return s;
        });
  }

  /**
   * A decimal number (plain or with an exponent, {@code 1e-3}) between the bounds; an infinite
   * {@code max} leaves it unbounded above.
   */
  public static SettingType<Double> decimal(
      double min, boolean minInclusive, double max, boolean maxInclusive) {
    String allowed;
    if (Double.isInfinite(max)) {
      allowed = "a number " + (minInclusive ? ">= " : "> ") + bound(min);
    } else {
      allowed =
          "a number in "
              + (minInclusive ? "[" : "(")
              + bound(min)
              + ", "
              + bound(max)
              + (maxInclusive ? "]" : ")");
    }
    return of(
            Shape.SCALAR,
            allowed,
            raw -> {
              double v;
              try {
                v = new BigDecimal(raw.trim()).doubleValue();
              } catch (NumberFormatException e) {
                throw InvalidValueException.value(raw, allowed);
              }
              boolean aboveMin = minInclusive ? v >= min : v > min;
              boolean belowMax = maxInclusive ? v <= max : v < max;
              if (!Double.isFinite(v) || !aboveMin || !belowMax) {
                throw InvalidValueException.value(raw, allowed);
              }
              return v;
            })
        .accepting(
            v ->
                Double.isFinite(v)
                    && (minInclusive ? v >= min : v > min)
                    && (maxInclusive ? v <= max : v < max));
  }

  /**
   * A duration from {@code min} to {@code max}: {@code 90s}, {@code 15m}, {@code 6h}, {@code 7d},
   * {@code 0}, or ISO-8601 such as {@code PT15M} or {@code P7D}.
   */
  public static SettingType<Duration> duration(Duration min, Duration max) {
    String allowed =
        "a duration from "
            + format(min)
            + " to "
            + format(max)
            + " (like 90s, 15m, 6h, 7d or ISO-8601 PT15M)";
    return of(
            Shape.SCALAR,
            allowed,
            raw -> {
              Duration d = parseDuration(raw.trim());
              if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw InvalidValueException.value(raw, allowed);
              }
              return d;
            })
        .accepting(d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0);
  }

  private static Duration parseDuration(String s) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT_DURATION.matcher(s);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "s":
            return Duration.ofSeconds(n);
          case "m":
            return Duration.ofMinutes(n);
          case "h":
            return Duration.ofHours(n);
          default:
            return Duration.ofDays(n);
        }
      }
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
    return null;
  }

  /** One of the labels, in any case; each label maps to its value by {@code label}. */
  public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type, Function<E, String> label) {
    List<E> values = List.of(type.getEnumConstants());
    String allowed = "one of " + values.stream().map(label).collect(Collectors.joining(", "));
    return of(
        Shape.SCALAR,
        allowed,
        raw -> {
          String s = raw.trim();
          for (E e : values) {
            if (label.apply(e).equalsIgnoreCase(s)) {
              return e;
            }
          }
          throw InvalidValueException.value(raw, allowed);
        });
  }

  /**
   * A list of items of {@code item}'s type: a YAML list in files, comma-separated text anywhere;
   * empty text is the empty list. {@code allowed} describes the list as a whole.
   */
  public static <E> SettingType<List<E>> listOf(SettingType<E> item, String allowed) {
    if (item.shape != Shape.SCALAR) {
      throw new IllegalArgumentException("list items must be scalars");
    }
    return of(
        Shape.LIST,
        allowed,
        raw -> {
          if (raw.isBlank()) {
            return List.of();
          }
          List<E> out = new ArrayList<>();
          for (String part : raw.split(",", -1)) {
            if (part.isBlank()) {
              throw InvalidValueException.item(part, item.allowed() + " (empty item)");
            }
            try {
              out.add(item.parse(part.trim()));
            } catch (InvalidValueException e) {
              throw InvalidValueException.item(part.trim(), item.allowed());
            }
          }
          return Collections.unmodifiableList(out);
        });
  }

  /** An {@link ApiPattern}: an {@code eventSource:eventName} {@link Glob}. */
  public static SettingType<ApiPattern> apiPattern() {
    String allowed = "an eventSource:eventName glob (* any characters, ? one character)";
    return of(
        Shape.SCALAR,
        allowed,
        raw -> {
          try {
            return ApiPattern.of(raw.trim());
          } catch (IllegalArgumentException e) {
            throw InvalidValueException.value(raw, allowed);
          }
        });
  }

  /**
   * A duration in the shortest form {@link #duration} reads: {@code 0}, {@code 7d}, {@code 6h},
   * {@code 15m}, {@code 90s}, else ISO-8601.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.isNegative() || d.getNano() != 0) {
      return d.toString();
    }
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /**
   * A number as plain decimal text, with {@code .0} on whole numbers: {@code 2.0}, {@code 0.001}.
   */
  public static String plain(double v) {
    String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s.indexOf('.') < 0 ? s + ".0" : s;
  }

  private static String bound(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return shape.name().toLowerCase(Locale.ROOT) + ": " + allowed;
  }
}
