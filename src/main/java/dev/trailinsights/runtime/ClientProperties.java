package dev.trailinsights.runtime;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.Settings.Source;
import dev.trailinsights.config.Settings.Source.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka client properties passed through to the producer, consumers, admin client and Kafka
 * Streams: TLS, SASL and any tuning. Immutable.
 *
 * <h2>Sources, lowest precedence first</h2>
 *
 * <ol>
 *   <li>the configuration file's {@code kafka:} map: every key in it other than the settings {@code
 *       kafka.bootstrap-servers}, {@code kafka.application-id} and {@code kafka.startup-timeout} is
 *       a client property ({@code kafka: {security.protocol: SASL_SSL}} or nested, {@code kafka:
 *       {security: {protocol: SASL_SSL}}});
 *   <li>environment variables {@code KAFKA_<NAME>}: the rest of the name lower-cased with {@code _}
 *       as {@code .} ({@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}, {@code
 *       KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}, {@code KAFKA_PRODUCER_LINGER_MS} is
 *       {@code producer.linger.ms});
 *   <li>flags {@code --kafka name=value} (and {@code --set kafka.name=value}).
 * </ol>
 *
 * <p><b>Secrets from files.</b> {@code KAFKA_<NAME>_FILE=/path} sets {@code <name>} to the content
 * of the file, without its trailing line breaks, for secrets mounted as files (Docker and
 * Kubernetes secrets): {@code KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/jaas}. It applies when
 * {@code <name>} is a client property and {@code <name>.file} is not (so {@code
 * KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE} stays the property {@code
 * sasl.oauthbearer.assertion.file}). Setting both {@code KAFKA_<NAME>} and {@code
 * KAFKA_<NAME>_FILE} is an error.
 *
 * <p><b>Variables that are not client properties</b> and are never read: those of Kafka's own
 * scripts and the JVM ({@code KAFKA_OPTS}, {@code KAFKA_HEAP_OPTS}, {@code
 * KAFKA_JVM_PERFORMANCE_OPTS}, {@code KAFKA_GC_LOG_OPTS}, {@code KAFKA_JMX_OPTS}, {@code
 * KAFKA_LOG4J_OPTS}, {@code KAFKA_DEBUG}, {@code KAFKA_HOME}, {@code KAFKA_VERSION}), and the
 * service links Kubernetes injects for a Service named {@code kafka} ({@code KAFKA_PORT}, {@code
 * KAFKA_PORT_*}, {@code KAFKA_SERVICE_*}).
 *
 * <p><b>Validation.</b> A name must be a configuration of the Kafka producer, consumer, admin
 * client or Kafka Streams, optionally behind one of Kafka Streams' prefixes ({@code producer.},
 * {@code consumer.}, {@code main.consumer.}, {@code restore.consumer.}, {@code global.consumer.},
 * {@code admin.}, {@code topic.}, {@code client.tag.}) or a {@code config.providers.} entry;
 * anything else stops start-up with one line naming the variable, flag or file line and the closest
 * known name.
 *
 * <p><b>Secrets.</b> {@code sasl.jaas.config}, every name containing {@code password}, {@code
 * secret}, {@code token} or {@code credential}, and every property Kafka itself declares as a
 * password (private keys, certificates given inline) are secret: their values never appear in logs
 * or error messages ({@link #redacted()}, {@link #sanitize(String)}).
 */
public final class ClientProperties {
  /** Prefix of the environment variables read as client properties. */
  public static final String ENV_PREFIX = "KAFKA_";

  /** Suffix of a variable that names a file holding the value. */
  public static final String FILE_SUFFIX = "_FILE";

  /** {@code KAFKA_*} variables used by Kafka's scripts, the JVM or Kubernetes; never read. */
  public static final Set<String> IGNORED_ENV =
      Set.of(
          "KAFKA_OPTS",
          "KAFKA_HEAP_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_GC_LOG_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_DEBUG",
          "KAFKA_HOME",
          "KAFKA_VERSION",
          "KAFKA_PORT");

  /** Prefixes of Kubernetes service-link variables for a Service named {@code kafka}. */
  public static final List<String> IGNORED_ENV_PREFIXES = List.of("KAFKA_PORT_", "KAFKA_SERVICE_");

  /** What logs and messages show instead of a secret value. */
  public static final String HIDDEN = "[hidden]";

  /** Fragments of a secret this long or longer are hidden where a message quotes them. */
  private static final int MIN_FRAGMENT = 4;

  private static final String[] SECRET_WORDS = {"password", "secret", "token", "credential"};

  /** Kafka Streams' prefixes for properties of one client or of its internal topics. */
  private static final List<String> PREFIXES =
      List.of(
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX);

  private static final String CONFIG_PROVIDERS = "config.providers";
  private static final Set<String> KNOWN;
  private static final Map<String, ConfigDef.ConfigKey> KEYS;
  private static final Set<String> PASSWORDS;

  static {
    Set<String> known = new TreeSet<>();
    Set<String> passwords = new HashSet<>();
    Map<String, ConfigDef.ConfigKey> keys = new TreeMap<>();
    for (ConfigDef def :
        List.of(
            StreamsConfig.configDef(),
            ProducerConfig.configDef(),
            ConsumerConfig.configDef(),
            AdminClientConfig.configDef())) {
      for (ConfigDef.ConfigKey key : def.configKeys().values()) {
        known.add(key.name);
        keys.putIfAbsent(key.name, key);
        if (key.type == ConfigDef.Type.PASSWORD) {
          passwords.add(key.name);
        }
      }
    }
    KNOWN = Collections.unmodifiableSet(known);
    KEYS = Collections.unmodifiableMap(keys);
    PASSWORDS = Set.copyOf(passwords);
  }

  /**
   * One property's value and where it came from.
   *
   * @param text the value as given
   * @param source where it was given; {@link Source#kind()} orders the sources
   */
  public record Value(String text, Source source) {
    public Value {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(source, "source");
    }
  }

  private static final ClientProperties EMPTY = new ClientProperties(Map.of());

  private final Map<String, Value> values;

  private ClientProperties(Map<String, Value> values) {
    for (Map.Entry<String, Value> e : values.entrySet()) {
      if (e.getKey().endsWith(SaslConfigs.SASL_JAAS_CONFIG)) {
        checkJaas(e.getKey(), e.getValue());
      }
    }
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /**
   * Checks every value against the type and validator of the Kafka client configuration that
   * declares it; see {@link #checkValue}.
   *
   * @return these properties
   * @throws ConfigException one line naming the property and where it was given
   */
  public ClientProperties checkValues() {
    values.forEach(ClientProperties::checkValue);
    return this;
  }

  /**
   * Parses and validates a value as the Kafka client that declares it will, so that {@code
   * acks=maybe} stops start-up before any connection (Kafka Streams would otherwise override some
   * values silently, and the clients only check them when created).
   */
  private static void checkValue(String name, Value value) {
    ConfigDef.ConfigKey key = KEYS.get(unprefixed(name));
    if (key == null) {
      return;
    }
    try {
      Object parsed = ConfigDef.parseType(key.name, value.text(), key.type);
      if (key.validator != null && parsed != null) {
        key.validator.ensureValid(key.name, parsed);
      }
    } catch (org.apache.kafka.common.config.ConfigException e) {
      String reason = e.getMessage() == null ? "" : e.getMessage();
      String after = "for configuration " + key.name + ": ";
      int at = reason.indexOf(after);
      String expected = ": " + (at < 0 ? reason : reason.substring(at + after.length()));
      throw new ConfigException(
          "invalid value "
              + (isSecret(name) ? HIDDEN : "'" + value.text() + "'")
              + " for Kafka client property "
              + name
              + " ("
              + value.source().where()
              + ")"
              + (isSecret(name) ? "" : expected));
    }
  }

  /**
   * Parses a JAAS configuration as the Kafka clients will, so that a malformed one stops start-up
   * with one line that quotes nothing of it: Kafka's own parse errors quote a token of the value,
   * which may be part of the password.
   */
  private static void checkJaas(String name, Value value) {
    try {
      JaasContext.loadClientContext(
          Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(value.text())));
    } catch (RuntimeException e) {
      throw new ConfigException(
          "invalid "
              + name
              + " ("
              + value.source().where()
              + "): not a JAAS configuration of the form '<login module class>"
              + " required|requisite|sufficient|optional key=\"value\" ...;' (value hidden)");
    }
  }

  /** No properties. */
  public static ClientProperties empty() {
    return EMPTY;
  }

  /**
   * Whether {@code name} is a client property this application passes on: a configuration of the
   * Kafka producer, consumer, admin client or Kafka Streams, bare or behind a Kafka Streams prefix.
   */
  public static boolean isKnown(String name) {
    if (KNOWN.contains(name)) {
      return true;
    }
    if (name.startsWith(CONFIG_PROVIDERS + ".") && name.length() > CONFIG_PROVIDERS.length() + 1) {
      return true;
    }
    if (name.startsWith(StreamsConfig.TOPIC_PREFIX)
        || name.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
      String rest =
          name.substring(
              name.startsWith(StreamsConfig.TOPIC_PREFIX)
                  ? StreamsConfig.TOPIC_PREFIX.length()
                  : StreamsConfig.CLIENT_TAG_PREFIX.length());
      return rest.matches("[a-z0-9]+([.-][a-z0-9]+)*");
    }
    String bare = unprefixed(name);
    return !bare.equals(name) && KNOWN.contains(bare);
  }

  /** Whether the value of {@code name} must never be shown. */
  public static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith("sasl.jaas.config") || PASSWORDS.contains(unprefixed(lower))) {
      return true;
    }
    for (String w : SECRET_WORDS) {
      if (lower.contains(w)) {
        return true;
      }
    }
    return false;
  }

  private static String unprefixed(String name) {
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  /**
   * The property an environment variable sets: {@code KAFKA_SASL_JAAS_CONFIG} to {@code
   * sasl.jaas.config}.
   */
  public static String propertyName(String envName) {
    if (!envName.startsWith(ENV_PREFIX) || envName.length() == ENV_PREFIX.length()) {
      throw new IllegalArgumentException("not a " + ENV_PREFIX + "* variable: " + envName);
    }
    return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Whether {@code envName} is one of {@link #IGNORED_ENV} or {@link #IGNORED_ENV_PREFIXES}. */
  public static boolean isIgnoredEnv(String envName) {
    if (IGNORED_ENV.contains(envName)) {
      return true;
    }
    for (String prefix : IGNORED_ENV_PREFIXES) {
      if (envName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The one-line message for a name that is not a client property, with the closest known name.
   *
   * @param name the property name
   * @param where where it was given, e.g. {@code env KAFKA_SECURITY_PROTOCL}
   */
  static String unknown(String name, String where) {
    String closest = closest(name);
    return "unknown Kafka client property '"
        + name
        + "' ("
        + where
        + ")"
        + (closest == null ? "" : ": did you mean " + closest + "?");
  }

  private static String closest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : KNOWN) {
      int d = distance(name, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(3, name.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    return dev.trailinsights.config.Settings.distance(a, b);
  }

  /**
   * Reads the {@code KAFKA_*} variables of {@code env}, resolving {@code _FILE} indirection.
   *
   * @throws ConfigException naming the variable when it is not a client property, when both a
   *     variable and its {@code _FILE} form are set, or when the file cannot be read
   */
  public static ClientProperties fromEnvironment(Map<String, String> env) {
    Map<String, Value> out = new LinkedHashMap<>();
    if (env == null) {
      return EMPTY;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String var = e.getKey();
      if (!var.startsWith(ENV_PREFIX) || var.length() == ENV_PREFIX.length() || isIgnoredEnv(var)) {
        continue;
      }
      String name = propertyName(var);
      Source source = new Source(Kind.ENVIRONMENT, "env " + var);
      if (var.endsWith(FILE_SUFFIX) && !isKnown(name)) {
        String plain = var.substring(0, var.length() - FILE_SUFFIX.length());
        String target = plain.length() > ENV_PREFIX.length() ? propertyName(plain) : "";
        if (isKnown(target)) {
          if (env.containsKey(plain)) {
            throw new ConfigException(
                "both " + plain + " and " + var + " are set: give " + target + " only once");
          }
          out.put(target, new Value(readSecretFile(var, e.getValue()), source));
          continue;
        }
      }
      if (!isKnown(name)) {
        throw new ConfigException(unknown(name, source.where()) + suffixHint(var));
      }
      out.put(name, new Value(e.getValue(), source));
    }
    return new ClientProperties(out);
  }

  private static String suffixHint(String var) {
    return var.endsWith(FILE_SUFFIX)
        ? " (a " + FILE_SUFFIX + " variable names a file holding a client property's value)"
        : "";
  }

  private static String readSecretFile(String var, String pathText) {
    if (pathText == null || pathText.isBlank()) {
      throw new ConfigException(var + " is empty: it must name a file");
    }
    Path path = Path.of(pathText.trim());
    try {
      String s = Files.readString(path, StandardCharsets.UTF_8);
      int end = s.length();
      while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
        end--;
      }
      return s.substring(0, end);
    } catch (NoSuchFileException e) {
      throw new ConfigException("cannot read " + var + ": " + path + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException("cannot read " + var + ": " + path + ": permission denied");
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "cannot read " + var + ": " + path + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * Properties given as {@code name=value} flags.
   *
   * @param flags property name to value, e.g. from {@code --kafka security.protocol=SSL}
   * @param where how the flag is named in messages, e.g. {@code --kafka}
   * @throws ConfigException naming the flag when a name is not a client property
   */
  public static ClientProperties fromFlags(Map<String, String> flags, String where) {
    Map<String, Value> out = new LinkedHashMap<>();
    if (flags == null) {
      return EMPTY;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(flags).entrySet()) {
      String name = e.getKey().trim();
      Source source = new Source(Kind.FLAG, "flag " + where + " " + name);
      if (!isKnown(name)) {
        throw new ConfigException(unknown(name, source.where()));
      }
      out.put(name, new Value(e.getValue() == null ? "" : e.getValue(), source));
    }
    return new ClientProperties(out);
  }

  /** Properties from the given values, validated by the caller. */
  static ClientProperties of(Map<String, Value> values) {
    return new ClientProperties(values);
  }

  /**
   * These properties with {@code higher}'s added; a property in both takes {@code higher}'s value.
   */
  public ClientProperties overriddenBy(ClientProperties higher) {
    Map<String, Value> merged = new LinkedHashMap<>(values);
    merged.putAll(higher.values);
    return new ClientProperties(merged);
  }

  /** These properties without {@code name}. */
  public ClientProperties without(String name) {
    if (!values.containsKey(name)) {
      return this;
    }
    Map<String, Value> rest = new LinkedHashMap<>(values);
    rest.remove(name);
    return new ClientProperties(rest);
  }

  /** The value of {@code name} and where it came from, or null. */
  public Value get(String name) {
    return values.get(name);
  }

  /** Whether there are no properties. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Name to value, sorted by name, secrets included: only for the Kafka clients. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(k, v.text()));
    return m;
  }

  /** The property names, sorted. */
  public Set<String> names() {
    return values.keySet();
  }

  /**
   * {@code name=value} pairs joined with {@code ", "}, sorted by name, secret values replaced by
   * {@value #HIDDEN}: safe for logs.
   */
  public String redacted() {
    List<String> parts = new ArrayList<>(values.size());
    values.forEach((k, v) -> parts.add(k + "=" + (isSecret(k) ? HIDDEN : v.text())));
    return String.join(", ", parts);
  }

  /**
   * {@code message} with every secret value in it, and every fragment of one of at least four
   * characters between spaces, quotes, {@code =} and {@code ;}, replaced by {@value #HIDDEN} and
   * line breaks removed, for errors that quote client configuration (Kafka's own exceptions do).
   */
  public String sanitize(String message) {
    if (message == null) {
      return "";
    }
    String m = message;
    for (Map.Entry<String, Value> e : values.entrySet()) {
      String secret = e.getValue().text();
      if (isSecret(e.getKey()) && !secret.isEmpty()) {
        m = m.replace(secret, HIDDEN);
        String trimmed = secret.strip();
        if (!trimmed.isEmpty() && !trimmed.equals(secret)) {
          m = m.replace(trimmed, HIDDEN);
        }
        // parsers quote a token of the value (JAAS: a key, a flag, an option value)
        for (String token : secret.split("[\\s\"'=;]+")) {
          if (token.length() >= MIN_FRAGMENT) {
            m = m.replace(token, HIDDEN);
          }
        }
      }
    }
    return m.replace("\r", " ").replace("\n", " ");
  }

  @Override
  public String toString() {
    return redacted();
  }
}
