package dev.trailinsights.forward;

import java.util.Objects;

/**
 * One named destination of the configuration ({@code destinations.<name>}).
 *
 * @param name the name routes use; also the metric tag and the dead-letter header
 * @param type its kind
 * @param url where to POST: for Alertmanager its base URL ({@code /api/v2/alerts} is appended), for
 *     slack-bot the Web API base URL ({@code https://slack.com/api} unless set)
 * @param hmacKey webhook only: the HMAC-SHA256 key of the signature header
 * @param linkTemplate link shown in Slack and Teams messages and as Alertmanager's generatorURL;
 *     {@code {region}}, {@code {account}}, {@code {eventSource}}, {@code {eventName}} and {@code
 *     {eventId}} are replaced, URL-encoded; null for none
 * @param ratePerMinute sustained requests per minute to this destination ({@code rate-per-minute},
 *     default 30)
 * @param burst requests that may go out at once before the rate applies ({@code burst}, default 5)
 * @param resolveAfterMinutes Alertmanager only: {@code endsAt} of a firing alert, minutes after it
 *     is sent, so that an alert whose End is lost still resolves ({@code resolve-after-minutes},
 *     default 1440)
 * @param token slack-bot only: the bot token ({@code xoxb-...}, scope {@code chat:write})
 * @param channel slack-bot only: the channel ID to post in
 */
public record DestinationSpec(
    String name,
    DestinationType type,
    Secret url,
    Secret hmacKey,
    String linkTemplate,
    double ratePerMinute,
    int burst,
    long resolveAfterMinutes,
    Secret token,
    String channel) {

  public DestinationSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
  }
}
