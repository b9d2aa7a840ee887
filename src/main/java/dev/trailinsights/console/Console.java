package dev.trailinsights.console;

import com.sun.net.httpserver.HttpHandler;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.metrics.Observability;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The insights console of one instance: the JSON API at {@code /api/v1/} and the page at {@code /},
 * on the instance's HTTP port. Registered when the port is open; answers 503 until {@link #attach}
 * gives it the running Kafka Streams client.
 *
 * <pre>{@code
 * int port = obs.serve(bind, 8080);
 * String self = Console.advertised(configured, bind, port);
 * Console console = Console.register(obs, detection, retention, self);
 * ... new InsightsRunner(config.withApplicationServer(self), latency, app -> {
 *       obs.attach(app);
 *       console.attach(app.streams());
 *     });
 * }</pre>
 */
public final class Console {
  private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();

  private Console() {}

  /**
   * Adds the console's endpoints to the HTTP server of {@code obs}.
   *
   * @param detection the detector's configuration (to read key states)
   * @param retention the insight history's retention
   * @param self this instance's advertised {@code host:port} ({@code application.server})
   */
  public static Console register(
      Observability obs, DetectorConfig detection, Duration retention, String self) {
    return register(obs, detection, retention, self, null, DigestStatus.OFF);
  }

  /**
   * Adds the console's endpoints to the HTTP server of {@code obs}, behind {@code token} when it is
   * not null ({@link ConsoleAuth}: the page, its assets and the API; {@code /healthz}, {@code
   * /readyz} and {@code /metrics} stay open), with {@code digests} telling which insights valid
   * digests prove (fed by a {@link DigestWatcher}).
   *
   * @param token the console's bearer token, or null for an open console
   */
  public static Console register(
      Observability obs,
      DetectorConfig detection,
      Duration retention,
      String self,
      ConsoleToken token,
      DigestStatus digests) {
    Console c = new Console();
    HostInfo host = HostInfo.buildFromEndpoint(self);
    ConsoleStores stores = new StreamsStores(c.streams::get, host);
    ConsoleMetrics metrics = new ConsoleMetrics();
    obs.bind(metrics);
    HttpHandler api =
        new ConsoleApi(
            stores,
            detection,
            retention,
            self,
            Clock.systemUTC(),
            metrics,
            token == null ? null : token.authorization(),
            digests);
    HttpHandler page = new ConsoleAssets();
    obs.route("/api/v1/", token == null ? api : new ConsoleAuth(token, api));
    obs.route("/", token == null ? page : new ConsoleAuth(token, page));
    return c;
  }

  /** Answers from {@code kafkaStreams} from now on. */
  public void attach(KafkaStreams kafkaStreams) {
    streams.set(kafkaStreams);
  }

  /**
   * The address other instances reach this one at: {@code configured} when set; else the bind
   * address with {@code port}, or this host's address when bound to every interface.
   */
  public static String advertised(String configured, String bindAddress, int port) {
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    String host = bindAddress;
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      try {
        host = InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        host = "127.0.0.1";
      }
    }
    if (host.contains(":")) {
      host = "[" + host + "]"; // IPv6
    }
    return host + ":" + port;
  }
}
