package dev.trailinsights.forward;

import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Wording shared by the chat formats: figures, titles and links, before any escaping. */
final class Texts {
  static final int TOP_VALUES = 3;
  private static final DateTimeFormatter UTC_MINUTE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Texts() {}

  static boolean started(InsightEvent e) {
    return e.state() == InsightState.START;
  }

  /** {@code Insight started} / {@code Insight ended}. */
  static String headline(InsightEvent e) {
    return started(e) ? "Insight started" : "Insight ended";
  }

  /** {@code call rate} / {@code error rate}. */
  static String kind(InsightEvent e) {
    return e.insightType() == InsightType.API_ERROR_RATE ? "error rate" : "call rate";
  }

  /** {@code ec2.amazonaws.com RunInstances}. */
  static String api(InsightEvent e) {
    return nz(e.eventSource()) + " " + nz(e.eventName());
  }

  /** {@code 0.5/min → 12.3/min (24.6×)}. */
  static String rates(InsightEvent e) {
    String s = rate(e.baselineAverage()) + " → " + rate(e.insightAverage());
    if (e.baselineAverage() > 0) {
      s += " (" + number(e.insightAverage() / e.baselineAverage()) + "×)";
    }
    return s;
  }

  static String rate(double perMinute) {
    return number(perMinute) + "/min";
  }

  /** Three significant digits, no exponent for everyday magnitudes. */
  static String number(double v) {
    if (v == 0) {
      return "0";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).toPlainString();
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** {@code 1 min}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
  static String minutes(long m) {
    if (m < 60) {
      return m + " min";
    }
    if (m < 1440) {
      return (m / 60) + " h" + (m % 60 == 0 ? "" : " " + (m % 60) + " min");
    }
    return (m / 1440) + " d" + ((m % 1440) / 60 == 0 ? "" : " " + ((m % 1440) / 60) + " h");
  }

  /** {@code 2026-11-20 14:03 UTC}. */
  static String time(long epochMillis) {
    return UTC_MINUTE.format(Instant.ofEpochMilli(epochMillis));
  }

  /** RFC 3339 in UTC, seconds precision. */
  static String iso(Instant t) {
    return ISO.format(t);
  }

  /** The link template with the event's fields filled in, URL-encoded; null without a template. */
  static String link(String template, InsightEvent e) {
    if (template == null) {
      return null;
    }
    return template
        .replace("{region}", enc(e.awsRegion()))
        .replace("{account}", enc(e.recipientAccountId()))
        .replace("{eventSource}", enc(e.eventSource()))
        .replace("{eventName}", enc(e.eventName()))
        .replace("{eventId}", enc(e.eventId()));
  }

  /** One-line form of text from an event: line breaks and other controls as spaces. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        if (b == null) {
          b = new StringBuilder(s);
        }
        b.setCharAt(i, ' ');
      }
    }
    return b == null ? s : b.toString();
  }

  /** The readable name of an attribution attribute. */
  static String attributeLabel(Attribution a) {
    return switch (a.attribute()) {
      case Attribution.USER_IDENTITY_ARN -> "Identities";
      case Attribution.USER_AGENT -> "User agents";
      case Attribution.ERROR_CODE -> "Error codes";
      default -> oneLine(a.attribute());
    };
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(nz(s), StandardCharsets.UTF_8);
  }
}
