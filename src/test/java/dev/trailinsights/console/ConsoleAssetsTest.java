package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", new ConsoleAssets());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<byte[]> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldServeThePageAtTheRootAndAsIndexHtml() throws Exception {
    HttpResponse<byte[]> root = send("GET", "/");
    HttpResponse<byte[]> index = send("GET", "/index.html");

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(text(root))
        .contains("<script src=\"/console/console.js\"")
        .contains("/console/vendor/chart.umd.min.js");
    assertThat(index.body()).isEqualTo(root.body());
  }

  @Test
  void shouldPutTheSecurityHeadersOnEveryAnswer() throws Exception {
    for (HttpResponse<byte[]> r :
        List.of(
            send("GET", "/"),
            send("GET", "/console/console.css"),
            send("GET", "/nowhere"),
            send("POST", "/"))) {
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as("%s", r.uri())
          .hasValue(
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                  + " connect-src 'self'; base-uri 'none'; form-action 'none';"
                  + " frame-ancestors 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(r.headers().firstValue("Content-Type")).get().asString().contains("charset=");
    }
  }

  @Test
  void shouldServeConsoleAssetsWithTheirTypes() throws Exception {
    HttpResponse<byte[]> js = send("GET", "/console/console.js");
    HttpResponse<byte[]> css = send("GET", "/console/console.css");
    HttpResponse<byte[]> svg = send("GET", "/console/favicon.svg");

    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(text(js)).contains("textContent");
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
    assertThat(text(svg)).startsWith("<svg");
  }

  @Test
  void shouldServeChartJsFromTheWebJar() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/console/vendor/chart.umd.min.js");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(r.body().length).isGreaterThan(100_000);
    assertThat(text(r)).contains("Chart.js v4.");
  }

  @Test
  void shouldAnswerNotFoundForUnknownPathsAndUnsafeNames() throws Exception {
    for (String path :
        List.of(
            "/nowhere",
            "/console/",
            "/console/missing.js",
            "/console/index.html",
            "/console/Console.js",
            "/console/../console/console.js",
            "/console/%2e%2e/index.html",
            "/console/..%2fconsole.js",
            "/console/vendor/other.js",
            "/console/vendor/../console.js",
            "/index.htm",
            "/console/console.js/")) {
      HttpResponse<byte[]> r = send("GET", path);

      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
      assertThat(text(r)).as(path).isEqualTo("not found\n");
    }
  }

  @Test
  void shouldRefuseMethodsOtherThanGetAndHead() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
      HttpResponse<byte[]> r = send(method, "/console/console.js");

      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void shouldAnswerHeadWithHeadersOnly() throws Exception {
    HttpResponse<byte[]> get = send("GET", "/console/console.css");
    HttpResponse<byte[]> head = send("HEAD", "/console/console.css");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void shouldAnswerNotModifiedWhenTheEtagMatches() throws Exception {
    HttpResponse<byte[]> first = send("GET", "/console/console.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> again = send("GET", "/console/console.js", "If-None-Match", etag);
    HttpResponse<byte[]> weak =
        send("GET", "/console/console.js", "If-None-Match", "\"other\", W/" + etag);
    HttpResponse<byte[]> other = send("GET", "/console/console.js", "If-None-Match", "\"other\"");

    assertThat(etag).matches("\"[0-9a-f]{32}\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(weak.statusCode()).isEqualTo(304);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());
  }

  @Test
  void shouldGiveDifferentContentDifferentEtags() throws Exception {
    String js = send("GET", "/console/console.js").headers().firstValue("ETag").orElseThrow();
    String css = send("GET", "/console/console.css").headers().firstValue("ETag").orElseThrow();
    String page = send("GET", "/").headers().firstValue("ETag").orElseThrow();

    assertThat(List.of(js, css, page)).doesNotHaveDuplicates();
  }
}
