package dev.trailinsights.forward;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.IOException;

/**
 * A Microsoft Teams workflow-webhook message: one Adaptive Card (version 1.4) with a coloured title
 * (Start in red, End in green), the figures as a fact set, the top attributions and a button to the
 * link.
 *
 * <p>Adaptive Card text is a Markdown subset: text from events has {@code \ * _ ~ ` [ ] ( ) < >}
 * backslash-escaped and a leading {@code #}, {@code -}, {@code +} or {@code 1.} neutralised, so an
 * ARN cannot turn into a link, emphasis or a list.
 */
public final class TeamsFormat extends ChatWebhookFormat {
  private static final int TEXT_MAX = 3000;

  TeamsFormat(DestinationSpec spec) {
    super(spec);
  }

  @Override
  byte[] body(InsightEvent e) {
    byte[] json =
        MessageFormat.json(
            g -> {
              g.writeStartObject();
              g.writeStringField("type", "message");
              g.writeArrayFieldStart("attachments");
              g.writeStartObject();
              g.writeStringField("contentType", "application/vnd.microsoft.card.adaptive");
              g.writeNullField("contentUrl");
              g.writeObjectFieldStart("content");
              g.writeStringField("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
              g.writeStringField("type", "AdaptiveCard");
              g.writeStringField("version", "1.4");
              g.writeArrayFieldStart("body");
              g.writeStartObject();
              g.writeStringField("type", "TextBlock");
              g.writeStringField("size", "Large");
              g.writeStringField("weight", "Bolder");
              g.writeStringField("color", Texts.started(e) ? "Attention" : "Good");
              g.writeBooleanField("wrap", true);
              g.writeStringField("text", Texts.headline(e) + ": " + escape(Texts.api(e)));
              g.writeEndObject();
              g.writeStartObject();
              g.writeStringField("type", "FactSet");
              g.writeArrayFieldStart("facts");
              fact(g, "State", e.state().awsName());
              fact(g, "Type", escape(e.insightType().awsName()));
              fact(g, "Account", escape(e.recipientAccountId()));
              fact(g, "Region", escape(e.awsRegion()));
              fact(g, "Rate (baseline → insight)", Texts.rates(e));
              fact(
                  g,
                  Texts.started(e) ? "Started" : "Ended",
                  Texts.time(e.eventTimeMillis())
                      + (Texts.started(e) ? "" : ", lasted " + Texts.minutes(e.insightDuration())));
              fact(g, "Baseline", Texts.minutes(e.baselineDuration()));
              if (e.insightType() == InsightType.API_ERROR_RATE && e.errorCode() != null) {
                fact(g, "Error code", escape(e.errorCode()));
              }
              fact(g, "eventID", escape(e.eventId()));
              g.writeEndArray();
              g.writeEndObject();
              String attributions = attributions(e);
              if (!attributions.isEmpty()) {
                g.writeStartObject();
                g.writeStringField("type", "TextBlock");
                g.writeBooleanField("wrap", true);
                g.writeStringField("text", attributions);
                g.writeEndObject();
              }
              g.writeEndArray();
              String link = Texts.link(linkTemplate, e);
              if (link != null) {
                g.writeArrayFieldStart("actions");
                g.writeStartObject();
                g.writeStringField("type", "Action.OpenUrl");
                g.writeStringField("title", "Open in CloudTrail");
                g.writeStringField("url", link);
                g.writeEndObject();
                g.writeEndArray();
              }
              g.writeEndObject();
              g.writeEndObject();
              g.writeEndArray();
              g.writeEndObject();
            });
    return json;
  }

  private static String attributions(InsightEvent e) {
    StringBuilder b = new StringBuilder();
    for (Attribution a : e.attributions()) {
      if (a.insight().isEmpty()) {
        continue;
      }
      StringBuilder line = new StringBuilder();
      line.append("**").append(escape(Texts.attributeLabel(a))).append("**: ");
      int n = Math.min(Texts.TOP_VALUES, a.insight().size());
      for (int i = 0; i < n; i++) {
        ValueAverage v = a.insight().get(i);
        line.append(i > 0 ? ", " : "")
            .append(escape(v.value()))
            .append(" (")
            .append(Texts.rate(v.average()))
            .append(')');
      }
      if (b.length() + line.length() + 2 > TEXT_MAX) {
        b.append("\n\n…");
        break;
      }
      b.append(b.isEmpty() ? "" : "\n\n").append(line);
    }
    return b.toString();
  }

  private static void fact(JsonGenerator g, String title, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("title", title);
    g.writeStringField("value", value.isEmpty() ? "-" : value);
    g.writeEndObject();
  }

  /** Event text safe in Adaptive Card Markdown, on one line. */
  static String escape(String s) {
    String v = Texts.oneLine(Texts.nz(s));
    StringBuilder b = new StringBuilder(v.length() + 8);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if ("\\*_~`[]()<>".indexOf(c) >= 0 || (i == 0 && "#-+".indexOf(c) >= 0)) {
        b.append('\\');
      }
      b.append(c);
    }
    int digits = 0;
    while (digits < b.length() && Character.isDigit(b.charAt(digits))) {
      digits++;
    }
    if (digits > 0 && digits < b.length() && b.charAt(digits) == '.') {
      b.insert(digits, '\\');
    }
    return b.toString();
  }
}
