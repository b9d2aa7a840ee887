package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.metrics.Observability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's bearer token, over real HTTP on the instance's port. */
class ConsoleAuthTest {
  private static final String TOKEN = "s3cr3t-console-token-0123456789";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private Observability obs;
  private String base;

  @BeforeEach
  void start() {
    obs = new Observability();
    int port = obs.serve("127.0.0.1", 0);
    base = "http://127.0.0.1:" + port;
    Console.register(
        obs,
        DetectorConfig.builder().build(),
        Duration.ofDays(90),
        "127.0.0.1:" + port,
        ConsoleToken.of(TOKEN, "test"),
        DigestStatus.OFF);
  }

  @AfterEach
  void stop() {
    obs.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldRefuseThePageItsAssetsAndTheApiWithoutTheToken() throws Exception {
    for (String path :
        new String[] {"/", "/index.html", "/console/console.js", "/api/v1/insights", "/nope"}) {
      HttpResponse<String> r = get(path);

      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"trail-insights\"");
      assertThat(r.body().lines()).as(path).hasSize(1);
    }
    assertThat(
            get("/api/v1/insights", "Authorization", "Bearer wrong-token-0123456789").statusCode())
        .isEqualTo(401);
    assertThat(get("/api/v1/insights", "Authorization", "Basic " + TOKEN).statusCode())
        .isEqualTo(401);
    assertThat(get("/?token=wrong-token-0123456789").statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServeTheApiAndThePageWithTheBearerToken() throws Exception {
    HttpResponse<String> api = get("/api/v1/insights", "Authorization", "Bearer " + TOKEN);
    HttpResponse<String> page = get("/", "Authorization", "Bearer " + TOKEN);

    // no Kafka Streams attached: the API answers that it is loading, past the token
    assertThat(api.statusCode()).isEqualTo(503);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleAssets.CSP);
  }

  @Test
  void shouldKeepHealthReadinessAndMetricsOpen() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isIn(200, 503);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldTradeTheTokenInTheAddressForASessionCookieAndDropItFromTheAddress() throws Exception {
    HttpResponse<String> signIn = get("/?token=" + TOKEN);

    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location")).hasValue("/");
    String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain(TOKEN);
    String session = cookie.substring(0, cookie.indexOf(';'));
    assertThat(get("/", "Cookie", session).statusCode()).isEqualTo(200);
    assertThat(get("/console/console.js", "Cookie", "a=b; " + session).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/insights", "Cookie", session).statusCode()).isEqualTo(503);
    assertThat(get("/", "Cookie", ConsoleAuth.COOKIE + "=" + TOKEN).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldReadTheTokenFromAFileOrTheEnvironmentButNotBoth() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");

    assertThat(ConsoleToken.load(file.toString(), Map.of()).matches(TOKEN)).isTrue();
    assertThat(ConsoleToken.load("", Map.of(ConsoleToken.ENV, TOKEN)).matches(TOKEN)).isTrue();
    assertThat(ConsoleToken.load("", Map.of())).isNull();
    assertThatThrownBy(() -> ConsoleToken.load(file.toString(), Map.of(ConsoleToken.ENV, TOKEN)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("both set");
  }

  @Test
  void shouldNameTheSourceButNeverTheTokenWhenItIsRefused() throws Exception {
    Path shortToken = Files.writeString(dir.resolve("short"), "tooshort");
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> ConsoleToken.load(shortToken.toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.auth-token-file (" + shortToken + ")")
        .hasMessageNotContaining("tooshort");
    assertThatThrownBy(
            () -> ConsoleToken.load("", Map.of(ConsoleToken.ENV, "has a space 0123456789")))
        .hasMessage(
            "invalid console token in TRAIL_INSIGHTS_CONSOLE_TOKEN: expected 16 to 1024 printable"
                + " ASCII characters without spaces");
    assertThatThrownBy(() -> ConsoleToken.load(missing.toString(), Map.of()))
        .hasMessageStartingWith("cannot read http.auth-token-file (" + missing + ")");
    assertThat(ConsoleToken.of(TOKEN, "test").toString()).doesNotContain(TOKEN);
  }
}
