package dev.trailinsights.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The first contact with a cluster at start-up: an admin client whose calls are bounded, and a
 * one-line error naming the bootstrap servers when the cluster cannot be reached.
 */
public final class Startup {
  private Startup() {}

  /**
   * Waits, at most {@code timeout}, until the cluster of {@code config} answers, for drivers that
   * create their own clients ({@code forward}): one error naming the bootstrap servers instead of
   * the first client's retries.
   *
   * @throws IllegalStateException in one line when the cluster cannot be reached
   */
  public static void requireReachable(
      Map<String, Object> config, Duration timeout, ClientProperties client) {
    Map<String, Object> admin = boundTimeouts(config, timeout);
    admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, "trail-insights-startup");
    String bootstrap = String.valueOf(config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    connect(admin, bootstrap, timeout, client).close(Duration.ZERO);
  }

  /**
   * {@code config} with the admin client's request and API timeouts set to {@code timeout}, so no
   * start-up call waits longer.
   */
  static Map<String, Object> boundTimeouts(Map<String, Object> config, Duration timeout) {
    Map<String, Object> c = new HashMap<>(config);
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    return c;
  }

  /**
   * Creates an admin client and waits, at most {@code timeout}, until the cluster answers.
   *
   * @param config admin client configuration
   * @param bootstrapServers for the message
   * @param client client properties, to keep secrets out of the message
   * @return the connected admin client; the caller closes it
   * @throws IllegalStateException in one line naming the bootstrap servers when the cluster cannot
   *     be reached, refuses the credentials or the client cannot be created
   */
  public static Admin connect(
      Map<String, Object> config,
      String bootstrapServers,
      Duration timeout,
      ClientProperties client) {
    Admin admin;
    try {
      admin = Admin.create(config);
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "cannot connect to Kafka at " + bootstrapServers + ": " + reason(e, client), e);
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .clusterId()
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return admin;
    } catch (ExecutionException e) {
      admin.close(Duration.ZERO);
      Throwable cause = e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(bootstrapServers, timeout, e);
      }
      throw new IllegalStateException(
          "cannot connect to Kafka at " + bootstrapServers + ": " + reason(cause, client), cause);
    } catch (java.util.concurrent.TimeoutException e) {
      admin.close(Duration.ZERO);
      throw unreachable(bootstrapServers, timeout, e);
    } catch (InterruptedException e) {
      admin.close(Duration.ZERO);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to Kafka", e);
    }
  }

  private static IllegalStateException unreachable(
      String bootstrapServers, Duration timeout, Exception e) {
    return new IllegalStateException(
        "cannot reach Kafka at "
            + bootstrapServers
            + ": no broker answered within "
            + dev.trailinsights.config.SettingType.format(timeout)
            + " (check the address, the port, the network and security.protocol)",
        e);
  }

  /**
   * A short reason for a failure: the deepest message in the cause chain (Kafka wraps the useful
   * one), its kind for security failures, secrets hidden.
   */
  public static String reason(Throwable e, ClientProperties client) {
    Throwable found = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        found = t;
      }
    }
    String kind =
        found instanceof SslAuthenticationException
            ? "TLS handshake failed: "
            : found instanceof AuthenticationException
                ? "authentication failed: "
                : found instanceof AuthorizationException ? "not authorized: " : "";
    String m = found.getMessage();
    if (m == null || m.isBlank()) {
      m = found.getClass().getSimpleName();
    }
    return kind + client.sanitize(m);
  }
}
