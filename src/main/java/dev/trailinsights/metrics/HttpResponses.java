package dev.trailinsights.metrics;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** The two steps every read-only endpoint on the instance's HTTP port shares. */
public final class HttpResponses {
  private HttpResponses() {}

  /**
   * Whether the request is a GET or HEAD; otherwise sets {@code Allow: GET, HEAD} and the caller
   * answers 405 in its own format.
   */
  public static boolean readOnly(HttpExchange ex) {
    String m = ex.getRequestMethod();
    if (m.equals("GET") || m.equals("HEAD")) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", "GET, HEAD");
    return false;
  }

  /** Sends the status and the body, or the headers only for a HEAD request. */
  public static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
