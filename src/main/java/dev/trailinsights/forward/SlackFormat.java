package dev.trailinsights.forward;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Slack incoming-webhook message in Block Kit: a header saying Start or End at a glance, the
 * figures as fields, the top attributions and a link.
 *
 * <p>All text taken from the event is escaped for mrkdwn ({@code &}, {@code <}, {@code >} as
 * entities, so an ARN or user agent cannot form a link or a mention) and attribution values are
 * shown as code. Slack's limits hold by construction: at most five blocks (of 50), a header of at
 * most {@value #HEADER_MAX} characters, at most ten fields of at most {@value #FIELD_MAX}
 * characters, section text of at most {@value #TEXT_MAX} characters; longer text is cut at a whole
 * line or entity and ends with {@code …}.
 */
public final class SlackFormat extends ChatWebhookFormat {
  static final int HEADER_MAX = 150;
  static final int FIELD_MAX = 2000;
  static final int TEXT_MAX = 3000;

  SlackFormat(DestinationSpec spec) {
    super(spec);
  }

  @Override
  byte[] body(InsightEvent e) {
    byte[] json =
        MessageFormat.json(
            g -> {
              g.writeStartObject();
              writeMessage(g, e);
              g.writeEndObject();
            });
    return json;
  }

  /** Writes the {@code text} and {@code blocks} fields of the message into an open object. */
  void writeMessage(JsonGenerator g, InsightEvent e) throws IOException {
    {
      g.writeStringField(
          "text",
          cut(
              escape(
                  Texts.headline(e)
                      + ": "
                      + Texts.kind(e)
                      + " of "
                      + Texts.oneLine(Texts.api(e))
                      + " in "
                      + Texts.oneLine(Texts.nz(e.recipientAccountId()))
                      + " "
                      + Texts.oneLine(Texts.nz(e.awsRegion()))),
              TEXT_MAX));
      g.writeArrayFieldStart("blocks");
      header(g, e);
      fields(g, e);
      attributions(g, e);
      context(g, e);
      g.writeEndArray();
    }
  }

  private static void header(JsonGenerator g, InsightEvent e) throws IOException {
    String icon = Texts.started(e) ? "\uD83D\uDD34 " : "\u2705 ";
    String text = icon + Texts.headline(e) + ": " + Texts.oneLine(Texts.api(e));
    g.writeStartObject();
    g.writeStringField("type", "header");
    g.writeObjectFieldStart("text");
    g.writeStringField("type", "plain_text");
    g.writeStringField("text", cutPlain(text, HEADER_MAX));
    g.writeBooleanField("emoji", true);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void fields(JsonGenerator g, InsightEvent e) throws IOException {
    List<String> f = new ArrayList<>();
    f.add(field("State", Texts.started(e) ? "*Start*" : "*End*"));
    f.add(field("Type", escape(e.insightType().awsName())));
    f.add(field("API", code(e.eventSource()) + " " + code(e.eventName())));
    f.add(field("Account / region", code(e.recipientAccountId()) + " " + code(e.awsRegion())));
    f.add(field("Rate (baseline → insight)", escape(Texts.rates(e))));
    f.add(
        field(
            Texts.started(e) ? "Started" : "Ended",
            escape(Texts.time(e.eventTimeMillis()))
                + (Texts.started(e) ? "" : ", lasted " + Texts.minutes(e.insightDuration()))));
    f.add(field("Baseline", Texts.minutes(e.baselineDuration())));
    if (e.insightType() == InsightType.API_ERROR_RATE && e.errorCode() != null) {
      f.add(field("Error code", code(e.errorCode())));
    }
    g.writeStartObject();
    g.writeStringField("type", "section");
    g.writeArrayFieldStart("fields");
    for (String text : f) {
      g.writeStartObject();
      g.writeStringField("type", "mrkdwn");
      g.writeStringField("text", cut(text, FIELD_MAX));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void attributions(JsonGenerator g, InsightEvent e) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Attribution a : e.attributions()) {
      if (a.insight().isEmpty()) {
        continue;
      }
      StringBuilder line = new StringBuilder();
      line.append('*').append(escape(Texts.attributeLabel(a))).append("*: ");
      int n = Math.min(Texts.TOP_VALUES, a.insight().size());
      for (int i = 0; i < n; i++) {
        ValueAverage v = a.insight().get(i);
        if (i > 0) {
          line.append(", ");
        }
        line.append(code(v.value())).append(' ').append(Texts.rate(v.average()));
      }
      lines.add(line.toString());
    }
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder("*Top attributions*");
    for (String l : lines) {
      if (text.length() + 1 + l.length() > TEXT_MAX - 1) {
        text.append('…');
        break;
      }
      text.append('\n').append(l);
    }
    g.writeStartObject();
    g.writeStringField("type", "section");
    g.writeObjectFieldStart("text");
    g.writeStringField("type", "mrkdwn");
    g.writeStringField("text", cut(text.toString(), TEXT_MAX));
    g.writeEndObject();
    g.writeEndObject();
  }

  private void context(JsonGenerator g, InsightEvent e) throws IOException {
    String link = Texts.link(linkTemplate, e);
    String text =
        (link == null ? "" : "<" + escape(link) + "|Open in CloudTrail> · ")
            + "eventID "
            + code(e.eventId());
    g.writeStartObject();
    g.writeStringField("type", "context");
    g.writeArrayFieldStart("elements");
    g.writeStartObject();
    g.writeStringField("type", "mrkdwn");
    g.writeStringField("text", cut(text, TEXT_MAX));
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static String field(String label, String mrkdwnValue) {
    return "*" + label + "*\n" + mrkdwnValue;
  }

  /** Event text as inline code: escaped, on one line, without backticks that would end the span. */
  static String code(String s) {
    String v = Texts.oneLine(Texts.nz(s)).replace('`', '\'');
    return v.isEmpty() ? "-" : "`" + escape(v) + "`";
  }

  /** Slack's three control characters as entities. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Cuts escaped text to {@code max} characters without splitting an entity or a surrogate. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    int amp = s.lastIndexOf('&', end - 1);
    if (amp >= 0 && s.indexOf(';', amp) >= end) {
      end = amp;
    }
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }

  private static String cutPlain(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
