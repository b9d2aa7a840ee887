package dev.trailinsights.forward;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback standing in for Slack, Teams or a webhook receiver: records every
 * request and answers with the scripted responses in turn, then with the {@link #always} status
 * (200 unless set).
 */
final class Receiver implements AutoCloseable {
  /** One request as received. */
  record Request(String path, Headers headers, byte[] body, int status) {}

  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final HttpServer server;
  private volatile int otherwise = 200;

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          Answer a = script.poll();
          int status = a == null ? otherwise : a.status();
          requests.add(
              new Request(ex.getRequestURI().getPath(), ex.getRequestHeaders(), body, status));
          if (a != null) {
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
          }
          String text = a != null && a.body() != null ? a.body() : status == 200 ? "ok" : "error";
          byte[] out = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, out.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
          }
        });
    server.start();
  }

  /** Answers the next request with {@code status} and {@code headers}. */
  Receiver then(int status, Map<String, String> headers) {
    script.add(new Answer(status, headers, null));
    return this;
  }

  /** Answers the next request with {@code status} and {@code body}. */
  Receiver then(int status, String body) {
    script.add(new Answer(status, Map.of(), body));
    return this;
  }

  /** Answers every unscripted request with {@code status}. */
  Receiver always(int status) {
    otherwise = status;
    return this;
  }

  Receiver then(int status) {
    return then(status, Map.of());
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
