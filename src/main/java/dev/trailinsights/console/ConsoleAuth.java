package dev.trailinsights.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.trailinsights.metrics.HttpResponses;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Lets a request through to the console (page, assets, {@code /api/v1}) only with the {@link
 * ConsoleToken}: an {@code Authorization: Bearer <token>} header (API clients, and requests one
 * instance forwards to another), or the session cookie a browser gets by opening {@code
 * /?token=<token>} once. That address answers {@code 303 See Other} to {@code /} with the cookie
 * ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} behind an HTTPS proxy that says so), so
 * the token leaves the address bar at once; the query is never logged. Anything else gets {@code
 * 401} with {@code WWW-Authenticate: Bearer} and one line. {@code /healthz}, {@code /readyz} and
 * {@code /metrics} are not behind it (they are not routed through the console).
 */
final class ConsoleAuth implements HttpHandler {
  /** Name of the browser's session cookie. */
  static final String COOKIE = "trail_insights_console";

  private final ConsoleToken token;
  private final HttpHandler inner;

  ConsoleAuth(ConsoleToken token, HttpHandler inner) {
    this.token = token;
    this.inner = inner;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    if (bearer(ex) || cookie(ex)) {
      inner.handle(ex);
      return;
    }
    String path = ex.getRequestURI().getRawPath();
    String offered = "/".equals(path) ? tokenParameter(ex.getRequestURI().getRawQuery()) : null;
    try (ex) {
      if (offered != null && token.matches(offered)) {
        boolean https =
            "https".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-Forwarded-Proto"));
        ex.getResponseHeaders()
            .set(
                "Set-Cookie",
                COOKIE
                    + "="
                    + token.session()
                    + "; Path=/; HttpOnly; SameSite=Lax"
                    + (https ? "; Secure" : ""));
        ex.getResponseHeaders().set("Location", "/");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.sendResponseHeaders(303, -1);
        return;
      }
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"trail-insights\"");
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      HttpResponses.send(
          ex,
          401,
          ("unauthorized: send Authorization: Bearer <token>, or open /?token=<token> once in a"
                  + " browser\n")
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  private boolean bearer(HttpExchange ex) {
    for (String h : ex.getRequestHeaders().getOrDefault("Authorization", java.util.List.of())) {
      if (h.regionMatches(true, 0, "Bearer ", 0, 7) && token.matches(h.substring(7).strip())) {
        return true;
      }
    }
    return false;
  }

  private boolean cookie(HttpExchange ex) {
    for (String h : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String c : h.split(";")) {
        String s = c.strip();
        if (s.startsWith(COOKIE + "=") && token.matchesSession(s.substring(COOKIE.length() + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The {@code token} query parameter, or null. */
  private static String tokenParameter(String rawQuery) {
    if (rawQuery == null || rawQuery.length() > 4096) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("token=")) {
        try {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}
