package dev.trailinsights.forward;

import dev.trailinsights.config.Glob;
import dev.trailinsights.config.Setting;
import dev.trailinsights.config.SettingType;
import java.time.Duration;
import java.util.List;

/**
 * Every key of the {@code forward} configuration file, declared once with the settings registry's
 * {@link Setting}: name, type (which validates and says what is allowed), default and description.
 * {@link ForwardConfig} reads the file through these definitions, so a new key is one declaration
 * here, one entry in its section's list and the line that uses it.
 *
 * <p>A key with an empty default is optional and has no value when absent. Keys of shape {@link
 * SettingType.Shape#LIST} take one value or a list of values, each parsed by the type.
 */
final class ForwardSettings {
  private ForwardSettings() {}

  private static final SettingType<String> TEXT =
      SettingType.of(
          SettingType.Shape.SCALAR, "a non-empty string", raw -> raw.isBlank() ? null : raw);
  private static final SettingType<String> ENV_NAME =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "the name of an environment variable",
          raw -> raw.isBlank() ? null : raw);
  private static final SettingType<String> FILE =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "a file path, relative to the configuration file",
          raw -> raw.isBlank() ? null : raw);

  private static SettingType<Glob> globs(String allowed) {
    return SettingType.of(SettingType.Shape.LIST, allowed, Glob::of);
  }

  // delivery:

  /** {@code delivery.max-attempts}. */
  static final Setting<Integer> MAX_ATTEMPTS =
      Setting.of(
          "max-attempts",
          SettingType.integer(1, 100),
          "100",
          "Attempts per event and destination, the first included, before the event is parked.");

  /** {@code delivery.initial-backoff-ms}. */
  static final Setting<Integer> INITIAL_BACKOFF_MS =
      Setting.of(
          "initial-backoff-ms",
          SettingType.integer(0, 3_600_000),
          "1000",
          "Wait before the second attempt, doubled for each further one, with jitter. Unit: ms.");

  /** {@code delivery.max-backoff-ms}. */
  static final Setting<Integer> MAX_BACKOFF_MS =
      Setting.of(
          "max-backoff-ms",
          SettingType.integer(0, 3_600_000),
          "60000",
          "Cap of the wait between attempts; at least initial-backoff-ms. Unit: ms.");

  /** {@code delivery.timeout-ms}. */
  static final Setting<Integer> TIMEOUT_MS =
      Setting.of(
          "timeout-ms",
          SettingType.integer(1, 600_000),
          "10000",
          "Connect and response timeout of one attempt. Unit: ms.");

  /** {@code delivery.max-retry-after-ms}. */
  static final Setting<Integer> MAX_RETRY_AFTER_MS =
      Setting.of(
          "max-retry-after-ms",
          SettingType.integer(0, 3_600_000),
          "300000",
          "Longest Retry-After honoured; a longer one is waited for this long. Unit: ms.");

  /** {@code delivery.retry-budget-ms}. */
  static final Setting<Integer> RETRY_BUDGET_MS =
      Setting.of(
          "retry-budget-ms",
          SettingType.integer(0, 172_800_000),
          "3600000",
          "How long after the first attempt retries go on; then the event is parked. Unit: ms.");

  /** {@code delivery.queue-capacity}. */
  static final Setting<Integer> QUEUE_CAPACITY =
      Setting.of(
          "queue-capacity",
          SettingType.integer(1, 100_000),
          "1000",
          "Events waiting per destination; a full queue stops the forwarder reading.");

  /** The keys of {@code delivery:}. */
  static final List<Setting<?>> DELIVERY =
      List.of(
          MAX_ATTEMPTS,
          INITIAL_BACKOFF_MS,
          MAX_BACKOFF_MS,
          TIMEOUT_MS,
          MAX_RETRY_AFTER_MS,
          RETRY_BUDGET_MS,
          QUEUE_CAPACITY);

  // destinations.<name>:

  /** {@code type}, read by {@link DestinationType#of} (its own error names every type). */
  static final Setting<String> TYPE =
      Setting.of(
          "type", TEXT, "", "Destination type: webhook, slack, alertmanager, teams, slack-bot.");

  /** {@code url}: only for types whose URL is not a credential. */
  static final Setting<String> URL =
      Setting.of("url", TEXT, "", "Where to send, written in the file (not for chat webhooks).");

  /** {@code url-env}. */
  static final Setting<String> URL_ENV =
      Setting.of("url-env", ENV_NAME, "", "Environment variable holding the URL.");

  /** {@code url-file}. */
  static final Setting<String> URL_FILE =
      Setting.of("url-file", FILE, "", "File holding the URL (trailing line breaks removed).");

  /** {@code hmac-key-env}. */
  static final Setting<String> HMAC_KEY_ENV =
      Setting.of("hmac-key-env", ENV_NAME, "", "Environment variable holding a webhook's key.");

  /** {@code hmac-key-file}. */
  static final Setting<String> HMAC_KEY_FILE =
      Setting.of("hmac-key-file", FILE, "", "File holding a webhook's signing key.");

  /** {@code link-template}. */
  static final Setting<String> LINK_TEMPLATE =
      Setting.of(
          "link-template",
          TEXT,
          "",
          "http(s) URL of the link in chat messages; {region}, {account}, ... are filled in.");

  /** {@code rate-per-minute}. */
  static final Setting<Double> RATE_PER_MINUTE =
      Setting.of(
          "rate-per-minute",
          SettingType.decimal(0.01, true, 100_000, true),
          "30",
          "Most requests per minute to the destination, on average.");

  /** {@code burst}. */
  static final Setting<Integer> BURST =
      Setting.of(
          "burst",
          SettingType.integer(1, 10_000),
          "5",
          "Requests the destination may get at once above rate-per-minute.");

  /** {@code resolve-after-minutes}: alertmanager only. */
  static final Setting<Integer> RESOLVE_AFTER_MINUTES =
      Setting.of(
          "resolve-after-minutes",
          SettingType.integer(1, 525_600),
          "1440",
          "Alertmanager: when a Start's alert resolves if no End came. Unit: minutes.");

  /** {@code token-env}: slack-bot only. */
  static final Setting<String> TOKEN_ENV =
      Setting.of("token-env", ENV_NAME, "", "Environment variable holding a Slack bot token.");

  /** {@code token-file}: slack-bot only. */
  static final Setting<String> TOKEN_FILE =
      Setting.of("token-file", FILE, "", "File holding a Slack bot token.");

  /** {@code channel}: slack-bot only. */
  static final Setting<String> CHANNEL =
      Setting.of("channel", TEXT, "", "Slack channel ID the bot posts in.");

  /** The keys of a destination. */
  static final List<Setting<?>> DESTINATION =
      List.of(
          TYPE,
          URL,
          URL_ENV,
          URL_FILE,
          HMAC_KEY_ENV,
          HMAC_KEY_FILE,
          LINK_TEMPLATE,
          RATE_PER_MINUTE,
          BURST,
          RESOLVE_AFTER_MINUTES,
          TOKEN_ENV,
          TOKEN_FILE,
          CHANNEL);

  // routes[i]:

  /** {@code name} of a route. */
  static final Setting<String> ROUTE_NAME =
      Setting.of("name", TEXT, "", "Name of the route in logs and errors; route-<n> if absent.");

  /** The keys of a route besides its name: {@code match} and {@code destinations}. */
  static final List<String> ROUTE = List.of("name", "match", "destinations");

  // routes[i].match:

  /** {@code insight-type}. */
  static final Setting<Glob> INSIGHT_TYPE =
      Setting.of(
          "insight-type",
          globs("a glob or a list of globs over ApiCallRateInsight, ApiErrorRateInsight"),
          "",
          "Insight types the route takes.");

  /** {@code state}. */
  static final Setting<Glob> STATE =
      Setting.of(
          "state",
          globs("a glob or a list of globs over Start, End"),
          "",
          "States the route takes.");

  /** {@code event-source}. */
  static final Setting<Glob> EVENT_SOURCE =
      Setting.of("event-source", globs("a glob or a list of globs"), "", "Event sources.");

  /** {@code event-name}. */
  static final Setting<Glob> EVENT_NAME =
      Setting.of("event-name", globs("a glob or a list of globs"), "", "Event names.");

  /** {@code account}. */
  static final Setting<Glob> ACCOUNT =
      Setting.of("account", globs("a glob or a list of globs"), "", "Account IDs.");

  /** {@code region}. */
  static final Setting<Glob> REGION =
      Setting.of("region", globs("a glob or a list of globs"), "", "Regions.");

  /** {@code error-code}: error-rate insights only. */
  static final Setting<Glob> ERROR_CODE =
      Setting.of("error-code", globs("a glob or a list of globs"), "", "Error codes.");

  /** The keys of a route's {@code match}. */
  static final List<Setting<?>> MATCH =
      List.of(INSIGHT_TYPE, STATE, EVENT_SOURCE, EVENT_NAME, ACCOUNT, REGION, ERROR_CODE);

  /** The delivery policy of the defaults above. */
  static DeliveryPolicy defaultPolicy() {
    return new DeliveryPolicy(
        MAX_ATTEMPTS.defaultValue(),
        Duration.ofMillis(INITIAL_BACKOFF_MS.defaultValue()),
        Duration.ofMillis(MAX_BACKOFF_MS.defaultValue()),
        Duration.ofMillis(TIMEOUT_MS.defaultValue()),
        Duration.ofMillis(MAX_RETRY_AFTER_MS.defaultValue()),
        Duration.ofMillis(RETRY_BUDGET_MS.defaultValue()),
        QUEUE_CAPACITY.defaultValue());
  }
}
