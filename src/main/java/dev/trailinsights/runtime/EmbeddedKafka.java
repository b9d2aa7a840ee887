package dev.trailinsights.runtime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;

/**
 * A real single-node Apache Kafka cluster running inside this JVM: one KRaft node that is both
 * broker and controller, built with Kafka's own {@code KafkaClusterTestKit} from Maven Central
 * artifacts only (no Docker, nothing downloaded at run time). It backs the {@code demo} command and
 * the integration tests.
 *
 * <p>The node is configured for exactly one broker: every internal topic (consumer offsets,
 * transaction state, share-group state) has replication factor 1 and minimum in-sync replicas 1, so
 * transactional producers and {@code exactly_once_v2} Kafka Streams applications work; topics are
 * never created automatically; consumer groups rebalance without the initial delay. The cluster
 * runs the newest <em>production</em> metadata version with production feature levels, not the
 * unstable testing version the test kit defaults to.
 *
 * <p>Clients connect over PLAINTEXT to {@code 127.0.0.1}; the controller listener is bound to the
 * loopback interface as well. Broker logging is lowered to WARN unless the SLF4J simple logger was
 * configured for those loggers already (see {@link #quietBrokerLogs()}).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
 *   String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:41234"
 *   ...
 * }
 * }</pre>
 *
 * <p>The caller owns the lifecycle: {@link #close()} stops the node gracefully, releases its ports
 * and deletes a temporary data directory. A process that may be interrupted should close it from a
 * shutdown hook.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** Host clients connect to; the broker listener binds exactly this address. */
  public static final String HOST = "127.0.0.1";

  /** Name of the listener clients use. */
  static final String CLIENT_LISTENER = "PLAINTEXT";

  /** Name of the KRaft controller listener. */
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  /**
   * The test kit pre-binds a socket on a random port of every interface for each listener name it
   * owns, and hands that socket to the listener of the same name. Our listeners carry different
   * names so that they bind exactly where configured (loopback, and the caller's fixed port); the
   * kit's pre-bound sockets stay idle until {@link #close()} releases them.
   */
  private static final String KIT_BROKER_LISTENER = "TESTKIT_BROKER";

  private static final String KIT_CONTROLLER_LISTENER = "TESTKIT_CONTROLLER";

  /** Node id of the combined broker and controller in the test kit. */
  private static final int NODE_ID = 0;

  /**
   * Broker loggers and the level they get unless the user configured them or a parent. The
   * controller logs a WARN on every fresh start ("the metadata log appears to be empty"), which is
   * expected here.
   */
  private static final Map<String, String> QUIET_LOGGERS =
      Map.of(
          "kafka", "warn",
          "org.apache.kafka", "warn",
          "state.change.logger", "warn",
          "org.apache.kafka.controller.QuorumController", "error");

  private static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";

  /** Logger properties this class set, with their values, as opposed to the user's. */
  private static final Map<String, String> OWN_LOGGER_SETTINGS = new ConcurrentHashMap<>();

  /** Name prefix of the test kit's worker threads, which format the storage. */
  private static final String KIT_THREAD_PREFIX = "kafka-cluster-test-kit-";

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteDataDir;
  private boolean closed;

  private EmbeddedKafka(
      KafkaClusterTestKit cluster, String bootstrapServers, Path dataDir, boolean deleteDataDir) {
    this.cluster = cluster;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteDataDir = deleteDataDir;
  }

  /** Classes of the in-process broker that the run-only jar leaves out, one per excluded part. */
  static final List<String> BROKER_CLASSES =
      List.of(
          "org.apache.kafka.common.test.KafkaClusterTestKit",
          "kafka.server.KafkaConfig",
          "org.apache.kafka.server.common.MetadataVersion",
          "scala.Option");

  /**
   * Whether this jar holds the in-process broker: {@code trail-insights.jar} does; the run-only
   * {@code trail-insights-run.jar} (the container image's {@code run} target) leaves Kafka's server
   * and the Scala runtime out.
   */
  public static boolean available() {
    return available(EmbeddedKafka.class.getClassLoader());
  }

  static boolean available(ClassLoader loader) {
    for (String name : BROKER_CLASSES) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Formats and starts a fresh single-node cluster and waits until its broker serves clients.
   *
   * @param port port of the client listener on {@code 127.0.0.1}; 0 picks a free port
   * @param dataDir directory for the metadata and topic logs, created if absent, which must be
   *     empty and is kept after {@link #close()}; {@code null} uses a temporary directory that
   *     {@link #close()} deletes. A fresh cluster is formatted on every start, so a directory that
   *     holds an earlier run's data is rejected rather than reused.
   * @return the running cluster
   * @throws IllegalArgumentException if the port is out of range or the directory is not empty
   * @throws EmbeddedKafkaException if the port is taken or the node fails to start
   */
  public static EmbeddedKafka start(int port, Path dataDir) {
    return start(port, dataDir, Map.of());
  }

  /**
   * As {@link #start(int, Path)}, with broker settings applied over the single-node ones, e.g. a
   * short {@code log.retention.ms} or {@code advertised.listeners}.
   *
   * @param brokerSettings broker configuration that replaces the defaults of the same names
   */
  public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> brokerSettings) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Kafka port must be between 0 and 65535, got " + port);
    }
    quietBrokerLogs();
    InetAddress loopback = loopback();
    if (port != 0) {
      requireFreePort(loopback, port);
    }
    boolean temporary = dataDir == null;
    Path base = temporary ? createTempDataDir() : prepareDataDir(dataDir);
    KafkaClusterTestKit cluster = null;
    try {
      int controllerPort = freePort(loopback);
      cluster = build(base, port, controllerPort, brokerSettings);
      formatSilently(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      int boundPort =
          cluster.brokers().get(NODE_ID).boundPort(ListenerName.normalised(CLIENT_LISTENER));
      return new EmbeddedKafka(cluster, HOST + ":" + boundPort, base, temporary);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(cluster, e);
      if (temporary) {
        deleteQuietly(base, e);
      }
      throw new EmbeddedKafkaException(
          "embedded Kafka broker failed to start: " + rootMessage(e), e);
    }
  }

  /** {@code 127.0.0.1:port} of the client listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Directory holding the node's metadata and topic logs. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops the node gracefully (controlled broker shutdown, then the controller), releases its ports
   * and deletes the data directory if it was temporary. Calling it again does nothing.
   *
   * @throws EmbeddedKafkaException if the node reported a fault while running or stopping
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new EmbeddedKafkaException(
          "embedded Kafka broker did not stop cleanly: " + rootMessage(e), e);
    } finally {
      if (deleteDataDir) {
        try {
          Utils.delete(dataDir.toFile());
        } catch (IOException e) {
          throw new EmbeddedKafkaException(
              "could not delete Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * Lowers the broker's loggers ({@code kafka}, {@code org.apache.kafka}, {@code
   * state.change.logger}) to WARN in the SLF4J simple logger, leaving any level the user set with
   * {@code -Dorg.slf4j.simpleLogger.log.<name>=...} alone. Levels are read when a logger is
   * created, so this takes effect for loggers created afterwards; {@link #start} calls it first.
   */
  public static void quietBrokerLogs() {
    QUIET_LOGGERS.forEach(
        (logger, level) -> {
          if (!userConfigured(logger)) {
            String key = SIMPLE_LOGGER_PREFIX + logger;
            OWN_LOGGER_SETTINGS.put(key, level);
            System.setProperty(key, level);
          }
        });
  }

  /** Whether the user set a level for this logger or one of its parents. */
  private static boolean userConfigured(String logger) {
    String name = logger;
    while (true) {
      String key = SIMPLE_LOGGER_PREFIX + name;
      String value = System.getProperty(key);
      if (value != null && !value.equals(OWN_LOGGER_SETTINGS.get(key))) {
        return true;
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0) {
        return false;
      }
      name = name.substring(0, dot);
    }
  }

  /**
   * Formats the node's storage. Kafka's storage formatter prints its progress to {@code
   * System.out}, which is this product's data channel (Insights events as JSON lines), so output
   * from the test kit's threads is dropped while formatting; other threads print as usual.
   */
  private static void formatSilently(KafkaClusterTestKit cluster) throws Exception {
    PrintStream stdout = System.out;
    OutputStream filtered =
        new FilterOutputStream(stdout) {
          @Override
          public void write(int b) throws IOException {
            if (!fromKit()) {
              out.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (!fromKit()) {
              out.write(b, off, len);
            }
          }

          private boolean fromKit() {
            return Thread.currentThread().getName().startsWith(KIT_THREAD_PREFIX);
          }
        };
    System.setOut(new PrintStream(filtered, true));
    try {
      cluster.format();
    } finally {
      System.setOut(stdout);
    }
  }

  /** Broker settings for a cluster of exactly one node. */
  static Map<String, String> singleNodeSettings(int clientPort, int controllerPort) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(
        "listeners",
        CLIENT_LISTENER
            + "://"
            + HOST
            + ":"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    s.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    s.put("inter.broker.listener.name", CLIENT_LISTENER);
    s.put("controller.listener.names", CONTROLLER_LISTENER);
    // one broker: every replicated internal topic must fit on it
    s.put("offsets.topic.replication.factor", "1");
    s.put("offsets.topic.num.partitions", "1");
    s.put("transaction.state.log.replication.factor", "1");
    s.put("transaction.state.log.min.isr", "1");
    s.put("transaction.state.log.num.partitions", "1");
    s.put("share.coordinator.state.topic.replication.factor", "1");
    s.put("share.coordinator.state.topic.min.isr", "1");
    s.put("default.replication.factor", "1");
    s.put("min.insync.replicas", "1");
    s.put("num.partitions", "1");
    // topics are created explicitly, with their intended partition counts
    s.put("auto.create.topics.enable", "false");
    s.put("group.initial.rebalance.delay.ms", "0");
    // the test kit enables unstable APIs and features unless told otherwise
    s.put("unstable.api.versions.enable", "false");
    s.put("unstable.feature.versions.enable", "false");
    return s;
  }

  private static KafkaClusterTestKit build(
      Path base, int clientPort, int controllerPort, Map<String, String> brokerSettings)
      throws Exception {
    TestKitNodes nodes =
        ProductionMetadata.nodesBuilder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(base)
            .setBrokerListenerName(ListenerName.normalised(KIT_BROKER_LISTENER))
            .setControllerListenerName(ListenerName.normalised(KIT_CONTROLLER_LISTENER))
            // applied after the test kit's own settings: the voter must be our controller listener
            .setPerServerProperties(
                Map.of(
                    NODE_ID,
                    Map.of(
                        "controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort)))
            .build();
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
    singleNodeSettings(clientPort, controllerPort).forEach(builder::setConfigProp);
    brokerSettings.forEach(builder::setConfigProp);
    return builder.build();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByName(HOST);
    } catch (UnknownHostException e) {
      throw new EmbeddedKafkaException("cannot resolve " + HOST + ": " + e.getMessage(), e);
    }
  }

  private static void requireFreePort(InetAddress address, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(address, port));
    } catch (BindException e) {
      String reason = String.valueOf(e.getMessage());
      throw new EmbeddedKafkaException(
          reason.contains("in use")
              ? "port " + port + " on " + HOST + " is already in use; choose another Kafka port"
              : "cannot bind port " + port + " on " + HOST + ": " + reason,
          e);
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "cannot bind port " + port + " on " + HOST + ": " + e.getMessage(), e);
    }
  }

  private static int freePort(InetAddress address) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, address)) {
      return probe.getLocalPort();
    }
  }

  private static Path createTempDataDir() {
    try {
      return Files.createTempDirectory("trail-insights-kafka-");
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "cannot create a temporary Kafka data directory: " + e.getMessage(), e);
    }
  }

  private static Path prepareDataDir(Path dir) {
    Path absolute = dir.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
      try (Stream<Path> entries = Files.list(absolute)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "Kafka data directory "
                  + absolute
                  + " is not empty; the embedded broker formats a fresh cluster on every start,"
                  + " so give it an empty or new directory");
        }
      }
      return absolute;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot use Kafka data directory " + absolute + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(KafkaClusterTestKit cluster, Exception primary) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }

  private static void deleteQuietly(Path dir, Exception primary) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** The innermost cause's message: the test kit wraps failures in execution exceptions. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
