package dev.trailinsights.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.DetectorSettings;
import dev.trailinsights.config.IngestSettings;
import dev.trailinsights.config.InvalidValueException;
import dev.trailinsights.config.Setting;
import dev.trailinsights.config.SettingType;
import dev.trailinsights.config.Settings;
import dev.trailinsights.config.YamlInput;
import dev.trailinsights.topology.TopologyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings of the commands that talk to a Kafka cluster ({@code run}, {@code load}): the
 * cluster, the topics, Kafka Streams and the output form. {@link #load} reads them together with
 * {@link DetectorSettings} and the Kafka client properties ({@link ClientProperties}).
 *
 * <h2>Precedence</h2>
 *
 * Defaults in code &lt; the {@code --config} YAML file &lt; environment variables ({@code
 * TRAIL_INSIGHTS_*} for settings, {@code KAFKA_*} for client properties) &lt; flags. Unknown keys
 * and invalid values stop start-up with one line naming the key and where it was given.
 *
 * <p>Some settings are also Kafka client properties: {@code kafka.bootstrap-servers} is {@code
 * bootstrap.servers} (so {@code KAFKA_BOOTSTRAP_SERVERS} sets it), {@code kafka.application-id} is
 * {@code application.id}, {@code streams.threads} is {@code num.stream.threads}, {@code
 * streams.standby-replicas} is {@code num.standby.replicas}, {@code streams.state-dir} is {@code
 * state.dir} and {@code topics.replication-factor} is {@code replication.factor}. The value from
 * the source of higher precedence wins; at the same level the setting wins over the client
 * property.
 */
public final class RunSettings {
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[a-zA-Z0-9._-]+):(\\d{1,5})");
  private static final String BOOTSTRAP_ALLOWED =
      "a comma-separated list of host:port, e.g. kafka-0:9092,kafka-1:9092";
  private static final String APP_ID_ALLOWED =
      "1 to 200 characters of a-z A-Z 0-9 . _ - (it prefixes consumer group and internal topics)";

  /** Type of a Kafka topic name. */
  public static final SettingType<String> TOPIC_NAME = SettingType.topicName();

  /** Type of {@code bootstrap.servers}: empty (not given) or a list of host:port. */
  public static final SettingType<String> BOOTSTRAP =
      SettingType.of(
          SettingType.Shape.LIST,
          BOOTSTRAP_ALLOWED,
          raw -> {
            if (raw.isBlank()) {
              return "";
            }
            List<String> parts = new ArrayList<>();
            for (String part : raw.split(",", -1)) {
              String p = part.trim();
              var m = HOST_PORT.matcher(p);
              if (!m.matches()
                  || Integer.parseInt(m.group(2)) < 1
                  || Integer.parseInt(m.group(2)) > 65535) {
                throw InvalidValueException.item(p, "host:port with a port from 1 to 65535");
              }
              parts.add(p);
            }
            return String.join(",", parts);
          });

  /** Type of {@code application.id}. */
  static final SettingType<String> APPLICATION_ID =
      SettingType.of(
          SettingType.Shape.SCALAR,
          APP_ID_ALLOWED,
          raw -> {
            String s = raw.trim();
            if (!s.matches("[a-zA-Z0-9._-]{1,200}")) {
              throw InvalidValueException.value(raw, APP_ID_ALLOWED);
            }
            return s;
          });

  /** Type of the replication factor: -1 for the broker default, or 1 to 32767. */
  static final SettingType<Integer> REPLICATION =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "-1 (the broker's default.replication.factor) or an integer from 1 to 32767",
          raw -> {
            String s = raw.trim();
            try {
              int v = Integer.parseInt(s);
              if (v == -1 || (v >= 1 && v <= Short.MAX_VALUE)) {
                return v;
              }
            } catch (NumberFormatException e) {
              // reported below
            }
            throw InvalidValueException.value(
                raw, "-1 (the broker's default.replication.factor) or an integer from 1 to 32767");
          });

  /** Type of a listen address: an IPv4 or IPv6 literal or a host name. */
  public static final SettingType<String> BIND_ADDRESS =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "an IP address or host name to listen on, e.g. 0.0.0.0 or 127.0.0.1",
          raw -> {
            String s = raw.trim();
            if (!s.matches("[a-zA-Z0-9._:-]{1,253}") || (s.matches("[0-9.]+") && !ipv4(s))) {
              throw InvalidValueException.value(
                  raw, "an IP address or host name to listen on, e.g. 0.0.0.0 or 127.0.0.1");
            }
            return s;
          });

  /** Type of {@code host:port}, or empty. */
  static final SettingType<String> ADVERTISED_ADDRESS =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "host:port (e.g. 10.0.0.5:8080) or empty",
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !s.matches("[a-zA-Z0-9._-]{1,253}:[0-9]{1,5}")) {
              throw InvalidValueException.value(raw, "host:port (e.g. 10.0.0.5:8080) or empty");
            }
            if (!s.isEmpty()) {
              int port = Integer.parseInt(s.substring(s.lastIndexOf(':') + 1));
              String host = s.substring(0, s.lastIndexOf(':'));
              if (port < 1 || port > 65535) {
                throw InvalidValueException.value(raw, "host:port with a port from 1 to 65535");
              }
              if (host.matches("[0-9.]+") && !ipv4(host)) {
                throw InvalidValueException.value(raw, "host:port with a valid IPv4 address");
              }
            }
            return s;
          });

  /** Whether {@code s} is a dotted-quad IPv4 address with every part from 0 to 255. */
  private static boolean ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Type of a directory path. */
  static final SettingType<Path> DIRECTORY =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "a directory path",
          raw -> {
            String s = raw.trim();
            if (s.isEmpty()) {
              throw InvalidValueException.value(raw, "a directory path");
            }
            Path path;
            try {
              path = Path.of(s);
            } catch (RuntimeException e) {
              throw InvalidValueException.value(raw, "a directory path");
            }
            // an existing file where the directory (or one of its parents) should be
            for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
              if (java.nio.file.Files.exists(p)) {
                if (!java.nio.file.Files.isDirectory(p)) {
                  throw InvalidValueException.value(
                      raw, "a directory path (" + p + " exists and is not a directory)");
                }
                break;
              }
            }
            return path;
          });

  /** {@code kafka.bootstrap-servers}. */
  public static final Setting<String> BOOTSTRAP_SERVERS =
      Setting.of(
          "kafka.bootstrap-servers",
          BOOTSTRAP,
          "",
          "Kafka brokers to connect to first, host:port,host:port. Required unless"
              + " KAFKA_BOOTSTRAP_SERVERS is set.");

  /** {@code kafka.application-id}. */
  public static final Setting<String> APPLICATION =
      Setting.of(
          "kafka.application-id",
          APPLICATION_ID,
          "trail-insights",
          "Kafka Streams application id: the consumer group, and the prefix of the internal"
              + " (repartition and changelog) topics. Instances with the same id share the work.");

  /** {@code kafka.startup-timeout}. */
  public static final Setting<Duration> STARTUP_TIMEOUT =
      Setting.of(
          "kafka.startup-timeout",
          SettingType.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
          "30s",
          "How long start-up waits for the cluster to answer when connecting and checking"
              + " topics.");

  /** {@code topics.input}. */
  public static final Setting<String> INPUT =
      Setting.of(
          "topics.input",
          TOPIC_NAME,
          TopologyOptions.DEFAULT_INPUT,
          "Topic of CloudTrail records (any key, any partition count).");

  /** {@code topics.output}. */
  public static final Setting<String> OUTPUT =
      Setting.of(
          "topics.output",
          TOPIC_NAME,
          TopologyOptions.DEFAULT_OUTPUT,
          "Topic of Insights events, keyed by sharedEventID.");

  /** {@code topics.dead-letter}. */
  public static final Setting<String> DEAD_LETTER =
      Setting.of(
          "topics.dead-letter",
          TOPIC_NAME,
          TopologyOptions.DEFAULT_DEAD_LETTER,
          "Topic of unreadable input and records that failed in processing, with reason headers.");

  /** {@code topics.history}. */
  public static final Setting<String> HISTORY =
      Setting.of(
          "topics.history",
          TOPIC_NAME,
          TopologyOptions.DEFAULT_HISTORY,
          "Compacted topic of the insight history behind the console (Start and End records,"
              + " per-minute series); every instance reads all of it.");

  /** {@code history.retention}. */
  public static final Setting<Duration> HISTORY_RETENTION =
      Setting.of(
          "history.retention",
          SettingType.duration(Duration.ofHours(1), Duration.ofDays(3650)),
          "90d",
          "How long insights stay in the history the console shows (the history topic's"
              + " retention.ms when this application creates it).");

  /** {@code input.idle-timeout}. */
  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.of(
          "input.idle-timeout",
          SettingType.duration(Duration.ofSeconds(1), Duration.ofHours(1)),
          "10s",
          "How long an input partition may go without records before it stops holding back"
              + " event-time progress. Minutes close, and insights are judged, at the slowest input"
              + " partition's event time; an idle partition is left out until it has records again.");

  /** Retention meaning "keep forever", Kafka's {@code retention.ms=-1}. */
  public static final Duration FOREVER = Duration.ofMillis(-1);

  private static final SettingType<Duration> DURATION_1H_10Y =
      SettingType.duration(Duration.ofHours(1), Duration.ofDays(3650));

  /** Type of a topic retention: {@code forever} (or {@code -1}), or a duration. */
  static final SettingType<Duration> RETENTION =
      SettingType.of(
          SettingType.Shape.SCALAR,
          "forever (or -1), or " + DURATION_1H_10Y.allowed(),
          raw -> {
            String s = raw.trim();
            if (s.equalsIgnoreCase("forever") || s.equals("-1")) {
              return FOREVER;
            }
            try {
              return DURATION_1H_10Y.parse(s);
            } catch (InvalidValueException e) {
              throw InvalidValueException.value(
                  raw, "forever (or -1), or " + DURATION_1H_10Y.allowed());
            }
          });

  /** {@code topics.output-retention}. */
  public static final Setting<Duration> OUTPUT_RETENTION =
      Setting.of(
          "topics.output-retention",
          RETENTION,
          "forever",
          "retention.ms of the output and dead-letter topics when this application creates them."
              + " Kafka measures retention against each record's timestamp, which for Insights"
              + " events is their event time: a finite value deletes the insights of any backlog"
              + " older than it as soon as their segment rolls. Start-up warns when an existing"
              + " topic keeps records for less.");

  /** {@code readiness.broker-timeout}. */
  public static final Setting<Duration> BROKER_TIMEOUT =
      Setting.of(
          "readiness.broker-timeout",
          SettingType.duration(Duration.ofSeconds(5), Duration.ofHours(1)),
          "60s",
          "How long the Kafka cluster may go without answering this instance (checked every few"
              + " seconds) before /readyz answers 503 and trail_insights_ready drops to 0: nothing"
              + " can be committed meanwhile.");

  /** {@code topics.create}. */
  public static final Setting<Boolean> CREATE =
      Setting.of(
          "topics.create",
          SettingType.bool(),
          "true",
          "Create the input, output, dead-letter and history topics when missing. When false, missing"
              + " topics stop start-up.");

  /** {@code topics.partitions}. */
  public static final Setting<Integer> PARTITIONS =
      Setting.of(
          "topics.partitions",
          SettingType.integer(1, 10_000),
          "6",
          "Partitions of the topics this application creates. Existing topics keep theirs; the"
              + " input's count bounds how many stream threads do work across all instances.");

  /** {@code topics.replication-factor}. */
  public static final Setting<Integer> REPLICATION_FACTOR =
      Setting.of(
          "topics.replication-factor",
          REPLICATION,
          "-1",
          "Replicas of the topics this application creates, its internal topics included; -1"
              + " uses the broker's default.replication.factor.");

  /** {@code streams.threads}. */
  public static final Setting<Integer> THREADS =
      Setting.of(
          "streams.threads",
          SettingType.integer(1, 256),
          "1",
          "Kafka Streams threads in this instance (num.stream.threads).");

  /** {@code streams.standby-replicas}. */
  public static final Setting<Integer> STANDBY_REPLICAS =
      Setting.of(
          "streams.standby-replicas",
          SettingType.integer(0, 16),
          "0",
          "Warm copies of each task's state kept on other instances for fast fail-over"
              + " (num.standby.replicas).");

  /** {@code streams.state-dir}. */
  public static final Setting<Path> STATE_DIR =
      Setting.of(
          "streams.state-dir",
          DIRECTORY,
          // not in the system temporary directory, which the OS may clean under a running
          // instance (Kafka Streams warns about it at every start); relative, so the default is
          // the same on every machine
          "trail-insights-state",
          "Directory of the local state stores (RocksDB), relative to the working directory"
              + " unless absolute; use a persistent volume to avoid restoring state from"
              + " changelogs after a restart. Not the system temporary directory: the OS may"
              + " clean it under a running instance.");

  /** {@code streams.close-timeout}. */
  public static final Setting<Duration> CLOSE_TIMEOUT =
      Setting.of(
          "streams.close-timeout",
          SettingType.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
          "20s",
          "How long shutdown waits for Kafka Streams to commit and leave the group; keep it below"
              + " the orchestrator's grace period (Kubernetes: 30s).");

  /** {@code output.eventbridge}. */
  public static final Setting<Boolean> EVENTBRIDGE =
      Setting.of(
          "output.eventbridge",
          SettingType.bool(),
          "false",
          "Write each Insights event wrapped as an EventBridge 'AWS Insight via CloudTrail'"
              + " event.");

  /** {@code http.port}. */
  public static final Setting<Integer> HTTP_PORT =
      Setting.of(
          "http.port",
          SettingType.integer(0, 65535),
          "8080",
          "Port of the HTTP endpoints: the console (/) and its API (/api/v1), /metrics"
              + " (Prometheus), /healthz and /readyz; 0 picks any free port.");

  /** {@code http.bind-address}. */
  public static final Setting<String> HTTP_BIND_ADDRESS =
      Setting.of(
          "http.bind-address",
          BIND_ADDRESS,
          "0.0.0.0",
          "Address the HTTP endpoints listen on: 0.0.0.0 for every interface, 127.0.0.1 for"
              + " this host only.");

  /** {@code http.advertised-address}. */
  public static final Setting<String> HTTP_ADVERTISED_ADDRESS =
      Setting.of(
          "http.advertised-address",
          ADVERTISED_ADDRESS,
          "",
          "host:port at which the other instances reach this one's HTTP endpoints, to forward"
              + " console queries for keys this instance does not own (application.server)."
              + " Empty: this host's address and http.port; in Kubernetes the pod IP.");

  /** {@code http.auth-token-file}. */
  public static final Setting<String> HTTP_AUTH_TOKEN_FILE =
      Setting.of(
          "http.auth-token-file",
          SettingType.of(SettingType.Shape.SCALAR, "a file path, or empty", String::trim),
          "",
          "File holding the bearer token of the console and its API (16 to 1024 printable ASCII"
              + " characters; or give the token itself in TRAIL_INSIGHTS_CONSOLE_TOKEN, not"
              + " both). Empty: the console is open to whoever reaches the port. /healthz,"
              + " /readyz and /metrics stay open either way.");

  private static final List<Setting<?>> ALL =
      List.of(
          BOOTSTRAP_SERVERS,
          APPLICATION,
          STARTUP_TIMEOUT,
          INPUT,
          OUTPUT,
          DEAD_LETTER,
          HISTORY,
          HISTORY_RETENTION,
          IDLE_TIMEOUT,
          OUTPUT_RETENTION,
          CREATE,
          PARTITIONS,
          REPLICATION_FACTOR,
          THREADS,
          STANDBY_REPLICAS,
          STATE_DIR,
          CLOSE_TIMEOUT,
          EVENTBRIDGE,
          HTTP_PORT,
          HTTP_BIND_ADDRESS,
          HTTP_ADVERTISED_ADDRESS,
          HTTP_AUTH_TOKEN_FILE,
          BROKER_TIMEOUT);

  /** Settings that are also Kafka client properties: setting to property. */
  static final Map<Setting<?>, String> CLIENT_EQUIVALENTS;

  static {
    Map<Setting<?>, String> m = new LinkedHashMap<>();
    m.put(BOOTSTRAP_SERVERS, "bootstrap.servers");
    m.put(APPLICATION, "application.id");
    m.put(THREADS, "num.stream.threads");
    m.put(STANDBY_REPLICAS, "num.standby.replicas");
    m.put(STATE_DIR, "state.dir");
    m.put(REPLICATION_FACTOR, "replication.factor");
    CLIENT_EQUIVALENTS = java.util.Collections.unmodifiableMap(m);
  }

  private static final String KAFKA_PREFIX = "kafka.";
  private static final SettingType<String> CLIENT_PROPERTY =
      SettingType.of(
          SettingType.Shape.LIST, "text, or a YAML list (joined with commas)", raw -> raw);
  private static final YAMLFactory YAML = new YAMLFactory();

  private RunSettings() {}

  /** The cluster, topic, Kafka Streams and output settings, in documentation order. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /**
   * Every setting the Kafka commands read: {@link DetectorSettings#all()} and {@link #all()}. The
   * commands load them together so that a file or environment shared by {@code run} and {@code
   * load} is valid for both.
   */
  public static List<Setting<?>> registry() {
    List<Setting<?>> r = new ArrayList<>(DetectorSettings.all());
    r.addAll(ALL);
    r.addAll(IntegritySettings.all());
    r.addAll(IngestSettings.all());
    return List.copyOf(r);
  }

  /**
   * Settings and client properties as loaded.
   *
   * @param settings the settings of {@link #registry()} as the file, the environment and flags give
   *     them
   * @param client the Kafka client properties from the file, the environment and flags, without
   *     those that are settings too (see the class comment)
   * @param equivalents the effective values of the settings that are client properties too
   * @param equivalentSources where those values came from
   */
  public record Loaded(
      Settings settings,
      ClientProperties client,
      Map<Setting<?>, Object> equivalents,
      Map<Setting<?>, Settings.Source> equivalentSources) {

    public Loaded {
      equivalents = Map.copyOf(equivalents);
      equivalentSources = Map.copyOf(equivalentSources);
    }

    /**
     * The effective value of {@code s}: for a setting that is also a client property, the value of
     * the higher source (see {@link RunSettings}).
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
      Object v = equivalents.get(s);
      return v != null ? (T) v : settings.get(s);
    }

    /** Where the effective value of {@code s} came from. */
    public Settings.Source source(Setting<?> s) {
      Settings.Source src = equivalentSources.get(s);
      return src != null ? src : settings.source(s);
    }

    /**
     * The bootstrap servers, required.
     *
     * @throws ConfigException when no source gave them
     */
    public String requireBootstrap() {
      String b = get(BOOTSTRAP_SERVERS);
      if (b.isEmpty()) {
        throw new ConfigException(
            "no Kafka bootstrap servers: set KAFKA_BOOTSTRAP_SERVERS, "
                + BOOTSTRAP_SERVERS.envName()
                + ", kafka.bootstrap-servers in the configuration file or --bootstrap-servers");
      }
      return b;
    }
  }

  /**
   * Reads the settings of {@link #registry()} and the Kafka client properties.
   *
   * @param file the YAML configuration file, or null
   * @param env the environment: {@code TRAIL_INSIGHTS_*} settings and {@code KAFKA_*} client
   *     properties
   * @param flags setting key to text; keys {@code kafka.<property>} that are not settings are
   *     client properties, as with {@code clientFlags}
   * @param clientFlags client property to value ({@code --kafka name=value})
   * @throws ConfigException with one line naming the first unknown key or invalid value and where
   *     it was given
   */
  public static Loaded load(
      Path file,
      Map<String, String> env,
      Map<String, String> flags,
      Map<String, String> clientFlags) {
    List<Setting<?>> registry = registry();
    Map<String, Setting<?>> byKey = new HashMap<>();
    Map<String, Setting<?>> byEnv = new HashMap<>();
    for (Setting<?> s : registry) {
      byKey.put(s.key(), s);
      byEnv.put(s.envName(), s);
    }
    if (env != null) {
      for (String var : env.keySet()) {
        String kafkaVars = Settings.ENV_PREFIX + "KAFKA_";
        if (var.startsWith(kafkaVars) && !byEnv.containsKey(var)) {
          throw new ConfigException(
              "unknown environment variable "
                  + var
                  + ": Kafka client properties are read from KAFKA_<NAME> variables, e.g. "
                  + ClientProperties.ENV_PREFIX
                  + var.substring(kafkaVars.length()));
        }
      }
    }

    // Client properties in the file's kafka: map become settings of their own for the load, so
    // that the file is validated (and located in messages) in one pass.
    Map<String, Setting<?>> fileProperties = new LinkedHashMap<>();
    if (file != null) {
      for (FileKey k : kafkaKeys(file)) {
        if (byKey.containsKey(k.key()) || fileProperties.containsKey(k.key())) {
          continue;
        }
        String name = k.key().substring(KAFKA_PREFIX.length());
        String where = "file " + file + ", line " + k.line();
        if (!ClientProperties.isKnown(name)) {
          throw new ConfigException(ClientProperties.unknown(name, where));
        }
        Setting<String> s;
        try {
          s = Setting.of(k.key(), CLIENT_PROPERTY, "", "Kafka client property " + name + ".");
        } catch (IllegalArgumentException e) {
          throw new ConfigException(ClientProperties.unknown(name, where));
        }
        if (byEnv.containsKey(s.envName())) {
          throw new ConfigException(
              k.key()
                  + " ("
                  + where
                  + ") is the setting "
                  + byEnv.get(s.envName()).key()
                  + ": write it that way");
        }
        fileProperties.put(k.key(), ClientProperties.isSecret(name) ? s.asSecret() : s);
      }
    }

    Map<String, String> settingFlags = new LinkedHashMap<>();
    Map<String, String> setClientFlags = new LinkedHashMap<>();
    if (flags != null) {
      for (Map.Entry<String, String> e : flags.entrySet()) {
        String key = e.getKey().trim();
        if (key.startsWith(KAFKA_PREFIX) && !byKey.containsKey(key)) {
          setClientFlags.put(key.substring(KAFKA_PREFIX.length()), e.getValue());
        } else {
          settingFlags.put(key, e.getValue());
        }
      }
    }

    List<Setting<?>> full = new ArrayList<>(registry);
    full.addAll(fileProperties.values());
    Settings settings = Settings.load(file, env, settingFlags, full);

    Map<String, ClientProperties.Value> fromFile = new LinkedHashMap<>();
    for (Setting<?> s : fileProperties.values()) {
      Settings.Source source = settings.source(s);
      if (source.kind() != Settings.Source.Kind.DEFAULT) {
        fromFile.put(
            s.key().substring(KAFKA_PREFIX.length()),
            new ClientProperties.Value(settings.raw(s), source));
      }
    }
    ClientProperties client =
        ClientProperties.of(fromFile)
            .overriddenBy(ClientProperties.fromEnvironment(env))
            .overriddenBy(ClientProperties.fromFlags(setClientFlags, "--set kafka."))
            .overriddenBy(ClientProperties.fromFlags(clientFlags, "--kafka"));

    // Settings that are client properties too: the higher source wins, the setting on a tie.
    Map<Setting<?>, Object> equivalents = new HashMap<>();
    Map<Setting<?>, Settings.Source> sources = new HashMap<>();
    for (Map.Entry<Setting<?>, String> e : CLIENT_EQUIVALENTS.entrySet()) {
      Setting<?> s = e.getKey();
      ClientProperties.Value v = client.get(e.getValue());
      if (v != null && v.source().kind().compareTo(settings.source(s).kind()) > 0) {
        try {
          equivalents.put(s, s.parse(v.text()));
        } catch (InvalidValueException ex) {
          throw new ConfigException(
              "invalid value for "
                  + e.getValue()
                  + " ("
                  + v.source()
                  + "), which is the setting "
                  + s.key()
                  + ": expected "
                  + ex.expected());
        }
        sources.put(s, v.source());
      }
      client = client.without(e.getValue());
    }
    return new Loaded(settings, client.checkValues(), equivalents, sources);
  }

  /** A key under {@code kafka:} in the configuration file and its line. */
  private record FileKey(String key, int line) {}

  /**
   * The dotted keys of the values under the file's top-level {@code kafka:} map. Problems with the
   * file are left for {@link Settings#load} to report.
   */
  private static List<FileKey> kafkaKeys(Path file) {
    List<FileKey> keys = new ArrayList<>();
    try (JsonParser p = YamlInput.parser(YAML, YamlInput.read(file, "configuration file"))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return keys;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("kafka".equals(name) && v == JsonToken.START_OBJECT) {
          collect(p, "kafka", keys);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Settings.load reads the file again and reports what is wrong with it
    }
    return keys;
  }

  private static void collect(JsonParser p, String prefix, List<FileKey> keys) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = prefix + "." + p.currentName();
      int line = p.currentTokenLocation().getLineNr();
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_OBJECT) {
        collect(p, key, keys);
      } else {
        p.skipChildren();
        keys.add(new FileKey(key, line));
      }
    }
  }
}
