package dev.trailinsights.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.detect.ApiState;
import dev.trailinsights.detect.ApiStateCodec;
import dev.trailinsights.detect.KeyDescriber;
import dev.trailinsights.metrics.HttpResponses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's JSON API under {@code /api/v1} (GET and HEAD):
 *
 * <ul>
 *   <li>{@code /api/v1/insights?state=&type=&eventSource=&eventName=&account=&region=&since=
 *       &until=&limit=}: insights newest first, with their Start and End records;
 *   <li>{@code /api/v1/insights/{sharedEventID}}: one insight with its per-minute series;
 *   <li>{@code /api/v1/baselines/{account}/{region}/{eventSource}/{eventName}}: the key's baseline
 *       now, answered by the instance that owns the key: another instance forwards the request to
 *       it (once; a forwarded request is never forwarded again).
 * </ul>
 *
 * Errors are JSON {@code {"error": ..., "parameter": ...}} with 400 (bad parameter, named), 404,
 * 405 or 503 (with {@code Retry-After}) while a store is loading or moving.
 */
public final class ConsoleApi implements HttpHandler {
  /** Marks a request forwarded by another instance. */
  static final String FORWARDED = "X-Trail-Insights-Forwarded";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String PREFIX = "/api/v1/";
  private static final Pattern SEGMENT = Pattern.compile("[\\x21-\\x7e]{1,256}");
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

  private final ConsoleStores stores;
  private final ApiStateCodec codec;
  private final KeyDescriber describer;
  private final long retentionDays;
  private final String self;
  private final Clock clock;
  private final ConsoleMetrics metrics;
  private final HttpClient http;
  private final String authorization;
  private final DigestStatus digests;

  /**
   * @param stores where to read
   * @param detection the detector's configuration, to decode and describe key states
   * @param retention the history's retention
   * @param self this instance's advertised {@code host:port}, reported as {@code servedBy}
   * @param metrics counts the requests and forwards
   * @param authorization the {@code Authorization} header sent with requests forwarded to another
   *     instance (the console's bearer token), or null for none
   */
  ConsoleApi(
      ConsoleStores stores,
      DetectorConfig detection,
      Duration retention,
      String self,
      Clock clock,
      ConsoleMetrics metrics,
      String authorization) {
    this(stores, detection, retention, self, clock, metrics, authorization, DigestStatus.OFF);
  }

  /**
   * @param digests which insights valid digests prove
   */
  ConsoleApi(
      ConsoleStores stores,
      DetectorConfig detection,
      Duration retention,
      String self,
      Clock clock,
      ConsoleMetrics metrics,
      String authorization,
      DigestStatus digests) {
    this.authorization = authorization;
    this.digests = digests;
    this.stores = stores;
    this.codec = new ApiStateCodec(detection);
    this.describer = new KeyDescriber(detection);
    this.retentionDays = retention.toDays();
    this.self = self;
    this.clock = clock;
    this.metrics = metrics;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    long t0 = System.nanoTime();
    ConsoleMetrics.Endpoint endpoint = endpoint(ex.getRequestURI().getRawPath());
    try (ex) {
      if (!HttpResponses.readOnly(ex)) {
        error(ex, 405, "method not allowed", null, 0);
        return;
      }
      try {
        route(ex);
      } catch (ApiException e) {
        error(ex, e.status, e.getMessage(), e.parameter, e.retryAfterSeconds);
      } catch (RuntimeException e) {
        LOG.warn("console API request failed: {}", e.toString());
        error(ex, 500, "internal error", null, 0);
      }
    } finally {
      metrics.request(endpoint, ex.getResponseCode(), System.nanoTime() - t0);
    }
  }

  private static ConsoleMetrics.Endpoint endpoint(String rawPath) {
    String[] parts =
        rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()).split("/", -1) : null;
    if (parts == null) {
      return ConsoleMetrics.Endpoint.OTHER;
    }
    if (parts[0].equals("insights")) {
      return parts.length == 1
          ? ConsoleMetrics.Endpoint.INSIGHTS
          : parts.length == 2 ? ConsoleMetrics.Endpoint.INSIGHT : ConsoleMetrics.Endpoint.OTHER;
    }
    return parts[0].equals("baselines") && parts.length == 5
        ? ConsoleMetrics.Endpoint.BASELINES
        : ConsoleMetrics.Endpoint.OTHER;
  }

  private void route(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    if (!raw.startsWith(PREFIX)) {
      throw ApiException.notFound("no such endpoint");
    }
    String[] parts = raw.substring(PREFIX.length()).split("/", -1);
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    if (parts.length == 1 && parts[0].equals("insights")) {
      InsightQuery q = InsightQuery.parse(query, clock.instant());
      HistoryReader reader = new HistoryReader(stores.history(), retentionDays, digests);
      send(ex, 200, g -> reader.list(q, g));
    } else if (parts.length == 2 && parts[0].equals("insights")) {
      noParameters(query);
      String id = decode(parts[1], "sharedEventID");
      HistoryReader reader = new HistoryReader(stores.history(), retentionDays, digests);
      send(ex, 200, g -> reader.one(id, g));
    } else if (parts.length == 5 && parts[0].equals("baselines")) {
      noParameters(query);
      ApiKey key =
          new ApiKey(
              decode(parts[1], "account"),
              decode(parts[2], "region"),
              decode(parts[3], "eventSource"),
              decode(parts[4], "eventName"));
      baseline(ex, key, raw);
    } else {
      throw ApiException.notFound("no such endpoint");
    }
  }

  private void baseline(HttpExchange ex, ApiKey key, String rawPath) throws IOException {
    ConsoleStores.Owner owner = stores.owner(key);
    if (!owner.local()) {
      if (ex.getRequestHeaders().getFirst(FORWARDED) != null) {
        throw ApiException.unavailable("the owner of this API is moving between instances");
      }
      forward(ex, owner.hostPort(), rawPath);
      return;
    }
    byte[] state = stores.localState(key, owner);
    if (state == null) {
      throw ApiException.notFound("no state for this API: no selected event of it was seen");
    }
    // both thread-safe: one of each serves every request
    ApiState st = codec.decode(key, state);
    send(ex, 200, g -> BaselineJson.write(describer.describe(st), self, g));
  }

  private void forward(HttpExchange ex, String hostPort, String rawPath) throws IOException {
    HttpResponse<byte[]> r;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://" + hostPort + rawPath))
              .timeout(FORWARD_TIMEOUT)
              .header(FORWARDED, "1")
              .GET();
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      HttpRequest req = b.build();
      r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      metrics.forwarded(true);
    } catch (IOException | IllegalArgumentException e) {
      metrics.forwarded(false);
      throw ApiException.unavailable(
          "the instance that owns this API (" + hostPort + ") did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted");
    }
    r.headers()
        .firstValue("Retry-After")
        .ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
    body(ex, r.statusCode(), r.body());
  }

  private static void noParameters(Map<String, String> query) {
    if (!query.isEmpty()) {
      String name = query.keySet().iterator().next();
      throw ApiException.badParameter(name, "this endpoint takes no parameters");
    }
  }

  private static String decode(String segment, String name) {
    String v;
    try {
      v = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(name, name + " is not correctly percent-encoded");
    }
    if (!SEGMENT.matcher(v).matches() || v.indexOf('|') >= 0) {
      throw ApiException.badParameter(
          name, name + " must be 1 to 256 printable characters without '|'");
    }
    return v;
  }

  /** The query parameters; a parameter given twice or badly encoded is a 400. */
  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    if (raw.length() > 4096) {
      throw ApiException.badParameter("query", "the query string is longer than 4096 characters");
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badParameter("query", "a parameter is not correctly percent-encoded");
      }
      if (!name.matches("[A-Za-z]{1,32}")) {
        throw ApiException.badParameter("query", "a parameter name is not a plain word");
      }
      if (out.put(name, value) != null) {
        throw ApiException.badParameter(name, name + " is given more than once");
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static void send(HttpExchange ex, int status, Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    }
    body(ex, status, out.toByteArray());
  }

  private static void error(
      HttpExchange ex, int status, String message, String parameter, int retryAfter)
      throws IOException {
    if (retryAfter > 0) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfter));
    }
    send(
        ex,
        status,
        g -> {
          g.writeStartObject();
          g.writeStringField("error", message);
          if (parameter != null) {
            g.writeStringField("parameter", parameter);
          }
          if (retryAfter > 0) {
            g.writeNumberField("retryAfterSeconds", retryAfter);
          }
          g.writeEndObject();
        });
  }

  private static void body(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    HttpResponses.send(ex, status, body);
  }
}
