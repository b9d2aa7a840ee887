package dev.trailinsights.forward;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.ValueAverage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One alert for the Alertmanager v2 API ({@code POST /api/v2/alerts}).
 *
 * <p>Labels identify the insight's series, so a Start and its End address the same alert: {@code
 * alertname=CloudTrailInsight}, {@code insight_type}, {@code event_source}, {@code event_name},
 * {@code account}, {@code region} and, for error-rate insights, {@code error_code}. A Start fires
 * the alert ({@code startsAt} = eventTime, {@code endsAt} = now + {@code resolve-after-minutes}, so
 * an alert whose End never arrives still resolves); an End sends the same labels with {@code
 * startsAt} = eventTime − insightDuration and {@code endsAt} = eventTime, which resolves it.
 * Annotations carry the figures, the top attribution of each kind and the event ids. Sending the
 * same alert twice is harmless: Alertmanager merges alerts by their labels.
 */
public final class AlertmanagerFormat implements MessageFormat {
  /** The {@code alertname} label of every alert. */
  public static final String ALERT_NAME = "CloudTrailInsight";

  private final URI uri;
  private final String linkTemplate;
  private final Duration resolveAfter;

  AlertmanagerFormat(DestinationSpec spec) {
    String base = spec.url().reveal();
    this.uri = URI.create(base.replaceAll("/+$", "") + "/api/v2/alerts");
    this.linkTemplate = spec.linkTemplate();
    this.resolveAfter = Duration.ofMinutes(spec.resolveAfterMinutes());
  }

  @Override
  public OutboundRequest format(InsightEvent e, byte[] raw, Instant now) {
    return new OutboundRequest(uri, Map.of("Content-Type", "application/json"), body(e, now));
  }

  byte[] body(InsightEvent e, Instant now) {
    Instant eventTime = Instant.ofEpochMilli(e.eventTimeMillis());
    Instant startsAt;
    Instant endsAt;
    if (Texts.started(e)) {
      startsAt = eventTime;
      endsAt = now.plus(resolveAfter);
    } else {
      startsAt = eventTime.minus(Duration.ofMinutes(e.insightDuration()));
      endsAt = eventTime;
    }
    byte[] json =
        MessageFormat.json(
            g -> {
              g.writeStartArray();
              g.writeStartObject();
              g.writeObjectFieldStart("labels");
              g.writeStringField("alertname", ALERT_NAME);
              g.writeStringField("insight_type", e.insightType().awsName());
              label(g, "event_source", e.eventSource());
              label(g, "event_name", e.eventName());
              label(g, "account", e.recipientAccountId());
              label(g, "region", e.awsRegion());
              if (e.insightType() == dev.trailinsights.insight.InsightType.API_ERROR_RATE) {
                label(g, "error_code", e.errorCode());
              }
              g.writeEndObject();
              g.writeObjectFieldStart("annotations");
              g.writeStringField(
                  "summary",
                  "Unusual API "
                      + Texts.kind(e)
                      + " of "
                      + Texts.oneLine(Texts.api(e))
                      + ": "
                      + Texts.rates(e));
              g.writeStringField("state", e.state().awsName());
              g.writeStringField("baseline_average", Texts.number(e.baselineAverage()));
              g.writeStringField("insight_average", Texts.number(e.insightAverage()));
              g.writeStringField("insight_duration_minutes", Long.toString(e.insightDuration()));
              g.writeStringField("baseline_duration_minutes", Long.toString(e.baselineDuration()));
              for (Attribution a : e.attributions()) {
                if (!a.insight().isEmpty()) {
                  ValueAverage top = a.insight().get(0);
                  g.writeStringField(
                      "top_" + snake(a.attribute()),
                      Texts.oneLine(top.value()) + " (" + Texts.rate(top.average()) + ")");
                }
              }
              label(g, "event_id", e.eventId());
              label(g, "shared_event_id", e.sharedEventId());
              g.writeEndObject();
              g.writeStringField("startsAt", Texts.iso(startsAt));
              g.writeStringField("endsAt", Texts.iso(endsAt));
              String link = Texts.link(linkTemplate, e);
              if (link != null) {
                g.writeStringField("generatorURL", link);
              }
              g.writeEndObject();
              g.writeEndArray();
            });
    return json;
  }

  private static void label(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }

  /** {@code userIdentityArn} → {@code user_identity_arn}; other characters than letters dropped. */
  private static String snake(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else if (Character.isLetterOrDigit(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
