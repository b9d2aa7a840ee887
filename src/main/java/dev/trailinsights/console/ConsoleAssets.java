package dev.trailinsights.console;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.trailinsights.metrics.HttpResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the insights console: the single page at {@code /} and its static assets, all from the
 * class path and all same-origin, so the page works without any outside network.
 *
 * <ul>
 *   <li>{@code /} and {@code /index.html}: class-path resource {@code console/index.html};
 *   <li>{@code /console/<file>}: class-path resource {@code console/<file>}, for names matching
 *       {@code [a-z0-9-]+\.(js|css|svg|png)} only (no path can leave that folder);
 *   <li>{@code /console/vendor/chart.umd.min.js}: Chart.js from its web jar, whose version is read
 *       once from the web jar's {@code pom.properties}.
 * </ul>
 *
 * Every other path answers 404, methods other than {@code GET} and {@code HEAD} answer 405. Each
 * resource is read once and kept in memory. Every answer carries a strict {@link #CSP content
 * security policy} (no inline script or style), {@code nosniff}, {@code no-referrer}, and {@code
 * Cache-Control: no-cache} with a content-hash {@code ETag}, so a browser revalidates every time
 * and gets a 304 when nothing changed.
 */
public final class ConsoleAssets implements HttpHandler {
  /** The {@code Content-Security-Policy} of every answer. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Path of the Chart.js bundle the page loads. */
  public static final String CHART_JS_PATH = "/console/vendor/chart.umd.min.js";

  private static final String CHART_JS_PROPERTIES =
      "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9-]+\\.(js|css|svg|png)");
  private static final String ASSET_PREFIX = "/console/";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml; charset=utf-8",
          "png", "image/png");

  private final ClassLoader loader;
  private final Asset index;
  private final Asset chartJs;
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();

  /**
   * Reads the page and the Chart.js bundle from the class path.
   *
   * @throws IllegalStateException when either is missing from the class path (a broken build)
   */
  public ConsoleAssets() {
    this.loader = ConsoleAssets.class.getClassLoader();
    this.index = require("console/index.html");
    this.chartJs =
        require(
            "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js");
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!HttpResponses.readOnly(ex)) {
        sendText(ex, 405, "method not allowed\n");
        return;
      }
      Asset asset = find(ex.getRequestURI().getRawPath());
      if (asset == null) {
        sendText(ex, 404, "not found\n");
        return;
      }
      Headers h = ex.getResponseHeaders();
      common(h, asset.contentType());
      h.set("ETag", asset.etag());
      if (matches(ex.getRequestHeaders().getFirst("If-None-Match"), asset.etag())) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      HttpResponses.send(ex, 200, asset.body());
    }
  }

  /** The asset served at {@code path} (raw, still percent-encoded), or null. */
  private Asset find(String path) {
    if (path == null) {
      return null;
    }
    if (path.equals("/") || path.equals("/index.html")) {
      return index;
    }
    if (path.equals(CHART_JS_PATH)) {
      return chartJs;
    }
    if (!path.startsWith(ASSET_PREFIX)) {
      return null;
    }
    String name = path.substring(ASSET_PREFIX.length());
    if (!ASSET_NAME.matcher(name).matches()) {
      return null;
    }
    Asset cached = assets.get(name);
    if (cached != null) {
      return cached;
    }
    // misses are not cached, so requests for names that do not exist cannot grow the map
    Asset loaded = load("console/" + name);
    if (loaded == null) {
      return null;
    }
    Asset raced = assets.putIfAbsent(name, loaded);
    return raced == null ? loaded : raced;
  }

  private Asset require(String resource) {
    Asset a = load(resource);
    if (a == null) {
      throw new IllegalStateException("console resource missing from the class path: " + resource);
    }
    return a;
  }

  private Asset load(String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      byte[] body = in.readAllBytes();
      String ext = resource.substring(resource.lastIndexOf('.') + 1);
      return new Asset(body, TYPES.getOrDefault(ext, "application/octet-stream"), etag(body));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console resource " + resource, e);
    }
  }

  private String chartJsVersion() {
    Properties p = new Properties();
    try (InputStream in = loader.getResourceAsStream(CHART_JS_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException(
            "Chart.js web jar missing from the class path: no " + CHART_JS_PROPERTIES);
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CHART_JS_PROPERTIES, e);
    }
    String version = p.getProperty("version");
    if (version == null || version.isBlank() || version.contains("/")) {
      throw new IllegalStateException("no usable version in " + CHART_JS_PROPERTIES);
    }
    return version.trim();
  }

  /**
   * Whether an {@code If-None-Match} header names {@code etag} (weak or strong) or is {@code *}.
   */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  private static void common(Headers h, String contentType) {
    h.set("Content-Type", contentType);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Content-Security-Policy", CSP);
    h.set("Cache-Control", "no-cache");
  }

  private static void sendText(HttpExchange ex, int status, String text) throws IOException {
    common(ex.getResponseHeaders(), TEXT);
    HttpResponses.send(ex, status, text.getBytes(StandardCharsets.UTF_8));
  }

  private record Asset(byte[] body, String contentType, String etag) {}
}
