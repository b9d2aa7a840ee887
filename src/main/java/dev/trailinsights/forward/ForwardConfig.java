package dev.trailinsights.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.Glob;
import dev.trailinsights.config.InvalidValueException;
import dev.trailinsights.config.Setting;
import dev.trailinsights.config.Settings;
import dev.trailinsights.config.YamlInput;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code forward} configuration file: delivery policy, named destinations, routes and the
 * default route. Validated once; unknown keys are rejected; every problem is one {@link
 * ConfigException} line naming the key. Secrets come only from environment variables ({@code
 * url-env}, {@code hmac-key-env}) or files ({@code url-file}, {@code hmac-key-file}) and never
 * appear in messages.
 *
 * <pre>{@code
 * delivery: {max-attempts: 5, initial-backoff-ms: 1000, max-backoff-ms: 60000, timeout-ms: 10000}
 * destinations:
 *   security-slack:
 *     type: slack
 *     url-env: SLACK_WEBHOOK_URL
 *     link-template: https://console.aws.amazon.com/cloudtrailv2/home?region={region}#/insights
 *   alertmanager: {type: alertmanager, url: http://alertmanager:9093}
 *   security-bot: {type: slack-bot, token-env: SLACK_BOT_TOKEN, channel: C0123456789}
 * routes:
 *   - name: iam
 *     match: {event-source: "iam.*", state: Start}
 *     destinations: [security-slack]
 * default-route: {destinations: [alertmanager]}
 * }</pre>
 *
 * @param policy retry and timeout policy shared by all destinations
 * @param destinations by name, in file order
 * @param routes in file order
 * @param defaultDestinations destinations of events no route matches; may be empty
 */
public record ForwardConfig(
    DeliveryPolicy policy,
    Map<String, DestinationSpec> destinations,
    List<Route> routes,
    List<String> defaultDestinations) {

  /** Base URL of the Slack Web API. */
  public static final String SLACK_API = "https://slack.com/api";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final List<String> TOP =
      List.of("delivery", "destinations", "routes", "default-route");

  public ForwardConfig {
    destinations = Map.copyOf(destinations);
    routes = List.copyOf(routes);
    defaultDestinations = List.copyOf(defaultDestinations);
  }

  /** A router over this configuration's routes. */
  public Router router() {
    return new Router(routes, defaultDestinations);
  }

  /**
   * Reads and validates {@code file}, resolving secrets with {@code env}.
   *
   * @throws ConfigException one line naming the file and key at fault
   */
  public static ForwardConfig load(Path file, Function<String, String> env) {
    String text;
    try {
      text = YamlInput.read(file, "forward configuration");
    } catch (IOException ex) {
      throw new ConfigException(
          "cannot read forward configuration " + file + " (" + ex.getClass().getSimpleName() + ")");
    }
    try {
      return parse(text, env, file.getParent());
    } catch (ConfigException ex) {
      throw new ConfigException(file + ": " + ex.getMessage());
    }
  }

  /**
   * Parses YAML {@code text}; relative secret files are resolved against {@code baseDir} (may be
   * null for the working directory).
   *
   * @throws ConfigException one line naming the key at fault
   */
  public static ForwardConfig parse(String text, Function<String, String> env, Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(YamlInput.parser((YAMLFactory) YAML.getFactory(), text));
    } catch (IOException ex) {
      String m =
          ex instanceof JsonProcessingException j && j.getOriginalMessage() != null
              ? j.getOriginalMessage()
              : String.valueOf(ex.getMessage());
      String at =
          ex instanceof JsonProcessingException j && j.getLocation() != null
              ? " at line " + j.getLocation().getLineNr()
              : "";
      throw new ConfigException("not valid YAML" + at + ": " + m.lines().findFirst().orElse(""));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException("destinations: required, the file is empty");
    }
    object(root, "(top level)", TOP);
    DeliveryPolicy policy = delivery(root.get("delivery"));
    JsonNode dests = root.get("destinations");
    if (dests == null || !dests.isObject() || dests.isEmpty()) {
      throw new ConfigException("destinations: required, a map of destination names");
    }
    Map<String, DestinationSpec> destinations = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = dests.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(
            "destinations." + name + ": a name is letters, digits, '.', '_' or '-' (max 63)");
      }
      destinations.put(name, destination(name, e.getValue(), env, baseDir));
    }
    List<Route> routes = new ArrayList<>();
    JsonNode routesNode = root.get("routes");
    if (routesNode != null && !routesNode.isNull()) {
      if (!routesNode.isArray()) {
        throw new ConfigException("routes: must be a list");
      }
      for (int i = 0; i < routesNode.size(); i++) {
        routes.add(route(i, routesNode.get(i), destinations));
      }
    }
    List<String> defaults = List.of();
    JsonNode def = root.get("default-route");
    if (def != null && !def.isNull()) {
      object(def, "default-route", List.of("destinations"));
      defaults =
          destinationNames(def.get("destinations"), "default-route.destinations", destinations);
    }
    if (routes.isEmpty() && defaults.isEmpty()) {
      throw new ConfigException("routes: give at least one route or a default-route");
    }
    return new ForwardConfig(policy, destinations, routes, defaults);
  }

  private static DeliveryPolicy delivery(JsonNode node) {
    if (node == null || node.isNull()) {
      return DeliveryPolicy.DEFAULT;
    }
    String at = "delivery";
    object(node, at, keys(ForwardSettings.DELIVERY));
    int initial = value(node, ForwardSettings.INITIAL_BACKOFF_MS, at);
    int max = value(node, ForwardSettings.MAX_BACKOFF_MS, at);
    if (max < initial) {
      throw new ConfigException(
          "delivery.max-backoff-ms: must be at least initial-backoff-ms (" + initial + ")");
    }
    return new DeliveryPolicy(
        value(node, ForwardSettings.MAX_ATTEMPTS, at),
        Duration.ofMillis(initial),
        Duration.ofMillis(max),
        Duration.ofMillis(value(node, ForwardSettings.TIMEOUT_MS, at)),
        Duration.ofMillis(value(node, ForwardSettings.MAX_RETRY_AFTER_MS, at)),
        Duration.ofMillis(value(node, ForwardSettings.RETRY_BUDGET_MS, at)),
        value(node, ForwardSettings.QUEUE_CAPACITY, at));
  }

  private static DestinationSpec destination(
      String name, JsonNode node, Function<String, String> env, Path baseDir) {
    String path = "destinations." + name;
    object(node, path, keys(ForwardSettings.DESTINATION));
    String typeText = value(node, ForwardSettings.TYPE, path);
    if (typeText == null) {
      throw new ConfigException(path + ".type: required; allowed: " + DestinationType.allowed());
    }
    DestinationType type;
    try {
      type = DestinationType.of(typeText);
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(path + ".type: " + ex.getMessage());
    }
    Secret url =
        type == DestinationType.SLACK_BOT && !hasUrl(node)
            ? new Secret(SLACK_API, "default")
            : url(node, path, type, env, baseDir);
    Secret token = null;
    String channel = null;
    if (type == DestinationType.SLACK_BOT) {
      token = secret(node, path, "token", env, baseDir);
      channel = value(node, ForwardSettings.CHANNEL, path);
      if (token == null) {
        throw new ConfigException(path + ": token-env or token-file required for slack-bot");
      }
      if (channel == null) {
        throw new ConfigException(path + ".channel: required for slack-bot, a channel ID");
      }
    } else if (node.has("token-env") || node.has("token-file") || node.has("channel")) {
      throw new ConfigException(path + ": token-* and channel are only for slack-bot destinations");
    }
    Secret hmac = null;
    if (type == DestinationType.WEBHOOK) {
      hmac = secret(node, path, "hmac-key", env, baseDir);
      if (hmac == null) {
        throw new ConfigException(
            path + ": hmac-key-env or hmac-key-file required for a webhook (the signing key)");
      }
    } else if (node.has("hmac-key-env") || node.has("hmac-key-file")) {
      throw new ConfigException(path + ".hmac-key-*: only webhook destinations are signed");
    }
    String link = value(node, ForwardSettings.LINK_TEMPLATE, path);
    if (link != null) {
      checkUrl(link.replaceAll("\\{[A-Za-z]+}", "x"), path + ".link-template");
    }
    double rate = value(node, ForwardSettings.RATE_PER_MINUTE, path);
    int burst = value(node, ForwardSettings.BURST, path);
    long resolveAfter = value(node, ForwardSettings.RESOLVE_AFTER_MINUTES, path);
    if (type != DestinationType.ALERTMANAGER && node.has("resolve-after-minutes")) {
      throw new ConfigException(
          path + ".resolve-after-minutes: only for alertmanager destinations");
    }
    return new DestinationSpec(
        name, type, url, hmac, link, rate, burst, resolveAfter, token, channel);
  }

  private static boolean hasUrl(JsonNode node) {
    return node.has("url") || node.has("url-env") || node.has("url-file");
  }

  private static Secret url(
      JsonNode node, String path, DestinationType type, Function<String, String> env, Path base) {
    String inline = value(node, ForwardSettings.URL, path);
    Secret fromSecret = secret(node, path, "url", env, base);
    if (inline != null && fromSecret != null) {
      throw new ConfigException(path + ": give one of url, url-env, url-file");
    }
    if (inline != null) {
      if (type.secretUrl()) {
        throw new ConfigException(
            path
                + ".url: a "
                + type.configName()
                + " URL is a credential; give url-env or url-file instead");
      }
      checkUrl(inline, path + ".url");
      return new Secret(inline, "configuration");
    }
    if (fromSecret == null) {
      throw new ConfigException(
          path + ": url-env or url-file required" + (type.secretUrl() ? "" : " (or url)"));
    }
    checkUrl(fromSecret.reveal(), path + ".url (from " + fromSecret.source() + ")");
    return fromSecret;
  }

  private static Secret secret(
      JsonNode node, String path, String key, Function<String, String> env, Path base) {
    String var = value(node, setting(ForwardSettings.DESTINATION, key + "-env"), path);
    String file = value(node, setting(ForwardSettings.DESTINATION, key + "-file"), path);
    if (var != null && file != null) {
      throw new ConfigException(path + ": give one of " + key + "-env, " + key + "-file");
    }
    if (var != null) {
      String value = env.apply(var);
      if (value == null || value.isBlank()) {
        throw new ConfigException(path + "." + key + "-env: variable " + var + " is not set");
      }
      return new Secret(value.strip(), "env " + var);
    }
    if (file != null) {
      Path p = base == null ? Path.of(file) : base.resolve(file);
      String value;
      try {
        value = Files.readString(p).strip();
      } catch (IOException ex) {
        throw new ConfigException(
            path
                + "."
                + key
                + "-file: cannot read "
                + p
                + " ("
                + ex.getClass().getSimpleName()
                + ")");
      }
      if (value.isEmpty()) {
        throw new ConfigException(path + "." + key + "-file: " + p + " is empty");
      }
      return new Secret(value, "file " + p);
    }
    return null;
  }

  private static void checkUrl(String url, String where) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new ConfigException(where + ": not an http(s) URL with a host");
      }
    } catch (java.net.URISyntaxException ex) {
      throw new ConfigException(where + ": not a valid URL");
    }
  }

  private static Route route(int i, JsonNode node, Map<String, DestinationSpec> destinations) {
    String path = "routes[" + i + "]";
    object(node, path, ForwardSettings.ROUTE);
    String name = value(node, ForwardSettings.ROUTE_NAME, path);
    if (name == null) {
      name = "route-" + (i + 1);
    }
    path = "routes[" + i + "] (" + name + ")";
    JsonNode match = node.get("match");
    List<Glob> types = List.of();
    List<Glob> states = List.of();
    List<Glob> sources = List.of();
    List<Glob> names = List.of();
    List<Glob> accounts = List.of();
    List<Glob> regions = List.of();
    List<Glob> codes = List.of();
    if (match != null && !match.isNull()) {
      String m = path + ".match";
      object(match, m, keys(ForwardSettings.MATCH));
      types = values(match, ForwardSettings.INSIGHT_TYPE, m);
      checkKnown(
          types,
          m + ".insight-type",
          InsightType.API_CALL_RATE.awsName(),
          InsightType.API_ERROR_RATE.awsName());
      states = values(match, ForwardSettings.STATE, m);
      checkKnown(states, m + ".state", InsightState.START.awsName(), InsightState.END.awsName());
      sources = values(match, ForwardSettings.EVENT_SOURCE, m);
      names = values(match, ForwardSettings.EVENT_NAME, m);
      accounts = values(match, ForwardSettings.ACCOUNT, m);
      regions = values(match, ForwardSettings.REGION, m);
      codes = values(match, ForwardSettings.ERROR_CODE, m);
    }
    List<String> dests =
        destinationNames(node.get("destinations"), path + ".destinations", destinations);
    return new Route(name, types, states, sources, names, accounts, regions, codes, dests);
  }

  private static void checkKnown(List<Glob> globs, String where, String... allowed) {
    for (Glob g : globs) {
      boolean any = false;
      for (String a : allowed) {
        any |= g.matches(a);
      }
      if (!any) {
        throw new ConfigException(
            where + ": '" + g + "' matches nothing; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private static List<String> destinationNames(
      JsonNode node, String where, Map<String, DestinationSpec> destinations) {
    List<String> names = strings(node, where);
    if (names.isEmpty()) {
      throw new ConfigException(where + ": required, a list of destination names");
    }
    for (String n : names) {
      if (!destinations.containsKey(n)) {
        throw new ConfigException(
            where
                + ": '"
                + n
                + "' is not defined; defined: "
                + String.join(", ", destinations.keySet()));
      }
    }
    return names;
  }

  private static List<String> strings(JsonNode node, String where) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isValueNode()) {
      out.add(node.asText());
      return out;
    }
    if (!node.isArray()) {
      throw new ConfigException(where + ": must be a string or a list of strings");
    }
    for (JsonNode n : node) {
      if (!n.isValueNode() || n.isNull()) {
        throw new ConfigException(where + ": must be a string or a list of strings");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static void object(JsonNode node, String path, List<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(path + ": must be a map");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new ConfigException(
            (path.equals("(top level)") ? "" : path + ".")
                + k
                + ": unknown key; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static List<String> keys(List<Setting<?>> settings) {
    return settings.stream().map(Setting::key).toList();
  }

  private static Setting<String> setting(List<Setting<?>> settings, String key) {
    for (Setting<?> s : settings) {
      if (s.key().equals(key)) {
        @SuppressWarnings("unchecked")
        Setting<String> text = (Setting<String>) s;
        return text;
      }
    }
    throw new IllegalArgumentException("no forward setting " + key);
  }

  /**
   * The value of {@code s} in {@code node}, parsed and checked by its type; its default when absent
   * (null for an optional key).
   *
   * @throws ConfigException one line naming {@code path.key}, the value and what is allowed
   */
  private static <T> T value(JsonNode node, Setting<T> s, String path) {
    JsonNode v = node.get(s.key());
    String at = path + "." + s.key();
    if (v == null || v.isNull()) {
      return s.defaultValue();
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw new ConfigException(at + ": must be one non-empty value; expected " + s.allowed());
    }
    return parse(s, v.asText(), at);
  }

  /** The values of a list key ({@code key: x} or {@code key: [x, y]}), each parsed by its type. */
  private static <T> List<T> values(JsonNode node, Setting<T> s, String path) {
    String at = path + "." + s.key();
    List<T> out = new ArrayList<>();
    for (String item : strings(node.get(s.key()), at)) {
      out.add(parse(s, item, at));
    }
    return out;
  }

  private static <T> T parse(Setting<T> s, String raw, String at) {
    try {
      return s.parse(raw);
    } catch (InvalidValueException e) {
      throw new ConfigException(Settings.invalidAt(at, s, e));
    }
  }
}
