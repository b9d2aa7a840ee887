package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.TrailStart;
import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.it.TrailScenario;
import dev.trailinsights.topology.InsightsTopology;
import dev.trailinsights.topology.LiveDetectors;
import dev.trailinsights.topology.Names;
import dev.trailinsights.topology.ParseCounters;
import dev.trailinsights.topology.TopologyOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console API over a topology run by the test driver: the history the detector wrote, the
 * detector state of a key, parameter errors, and forwarding to the instance that owns a key.
 */
class ConsoleApiTest {
  private static final Instant BASE = Instant.parse("2026-03-02T00:00:00Z");
  private static final String ACCOUNT = "111122223333";
  private static final String REGION = "eu-west-1";
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String MALLORY = "arn:aws:iam::111122223333:user/<b>mallory</b>";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DetectorConfig DETECTION =
      DetectorConfig.builder()
          .trailStart(new TrailStart(TrailStart.Mode.AT, BASE))
          .lateness(Duration.ofMinutes(2))
          .minBaseline(Duration.ofMinutes(10))
          .build();

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private final List<HttpServer> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean unavailable = new AtomicBoolean();
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final ConsoleMetrics metrics = new ConsoleMetrics();
  private long ids;

  @BeforeEach
  void setUp() {
    metrics.bindTo(registry);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "console-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            InsightsTopology.build(
                TopologyOptions.defaults(), DETECTION, new ParseCounters(), new LiveDetectors()),
            p,
            BASE.plus(Duration.ofDays(1)));
    TestInputTopic<byte[], byte[]> input =
        driver.createInputTopic(
            TopologyOptions.DEFAULT_INPUT, new ByteArraySerializer(), new ByteArraySerializer());
    // two calls a minute for 40 minutes, 20 more by another caller in minutes 20 to 22
    for (int m = 0; m < 40; m++) {
      calls(input, m, 2, "ec2.amazonaws.com", "RunInstances", ALICE, null);
      if (m >= 20 && m < 23) {
        calls(input, m, 20, "ec2.amazonaws.com", "RunInstances", MALLORY, null);
      }
      calls(input, m, 1, "s3.amazonaws.com", "GetObject", ALICE, null);
    }
  }

  private void calls(
      TestInputTopic<byte[], byte[]> input,
      int minute,
      int n,
      String source,
      String name,
      String arn,
      String code) {
    for (int i = 0; i < n; i++) {
      long ms = BASE.toEpochMilli() + minute * 60_000L + i * 1000L;
      String r =
          TrailScenario.cloudTrailRecord(
              ms,
              ACCOUNT,
              REGION,
              source + ":" + name,
              arn,
              "aws-cli/2.15.0",
              code,
              false,
              "id-" + (ids++));
      input.pipeInput(null, r.getBytes(StandardCharsets.UTF_8), ms);
    }
  }

  @AfterEach
  void tearDown() {
    servers.forEach(s -> s.stop(0));
    driver.close();
  }

  /** Stores of the driver; every key is owned by {@code owner} (null: this instance). */
  private ConsoleStores stores(String owner) {
    return new ConsoleStores() {
      @Override
      public ReadOnlyKeyValueStore<String, byte[]> history() {
        if (unavailable.get()) {
          throw ApiException.unavailable("the insight history is loading");
        }
        return driver.<String, byte[]>getKeyValueStore(Names.INSIGHT_HISTORY_STORE);
      }

      @Override
      public Owner owner(ApiKey key) {
        return owner == null ? new Owner(true, "self", 0) : new Owner(false, owner, 0);
      }

      @Override
      public byte[] localState(ApiKey key, Owner o) {
        @SuppressWarnings("unchecked")
        ReadOnlyKeyValueStore<String, byte[]> s =
            (ReadOnlyKeyValueStore<String, byte[]>)
                driver.getAllStateStores().get(Names.API_STATE_STORE);
        return s.get(key.encoded());
      }
    };
  }

  private String serve(ConsoleStores stores, String self) throws Exception {
    return serve(stores, self, DigestStatus.OFF);
  }

  private String serve(ConsoleStores stores, String self, DigestStatus digests) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/",
        new ConsoleApi(
            stores,
            DETECTION,
            Duration.ofDays(90),
            self,
            Clock.fixed(BASE.plus(Duration.ofHours(1)), ZoneOffset.UTC),
            metrics,
            null,
            digests));
    server.start();
    servers.add(server);
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private HttpResponse<String> get(String hostPort, String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    return JSON.readTree(r.body());
  }

  @Test
  void shouldListTheInsightWithItsStartAndEndRecords() throws Exception {
    String host = serve(stores(null), "self");

    JsonNode body = json(get(host, "/api/v1/insights"));

    assertThat(body.get("count").asInt()).isEqualTo(1);
    assertThat(body.get("truncated").asBoolean()).isFalse();
    assertThat(body.get("retentionDays").asInt()).isEqualTo(90);
    JsonNode i = body.get("insights").get(0);
    assertThat(i.get("state").asText()).isEqualTo("closed");
    assertThat(i.get("insightType").asText()).isEqualTo("ApiCallRateInsight");
    assertThat(i.get("eventName").asText()).isEqualTo("RunInstances");
    assertThat(i.get("startTime").asText()).isEqualTo("2026-03-02T00:20:00Z");
    assertThat(i.get("endTime").asText()).isEqualTo("2026-03-02T00:23:00Z");
    assertThat(i.at("/start/insightDetails/state").asText()).isEqualTo("Start");
    assertThat(i.at("/end/insightDetails/state").asText()).isEqualTo("End");
    assertThat(i.at("/start/sharedEventID").asText()).isEqualTo(i.get("sharedEventID").asText());
  }

  @Test
  void shouldSayWhetherAValidDigestProvesEachInsight() throws Exception {
    java.security.KeyPair key = dev.trailinsights.integrity.TestKeys.generate("Ed25519");
    DigestStatus digests = new DigestStatus(key.getPublic(), false);
    String host = serve(stores(null), "self", digests);
    JsonNode before = json(get(host, "/api/v1/insights")).get("insights").get(0);
    assertThat(before.get("integrity").asText()).isEqualTo("pending");
    assertThat(
            json(get(serve(stores(null), "self"), "/api/v1/insights"))
                .at("/insights/0/integrity")
                .asText())
        .isEqualTo("off");

    var chain =
        new dev.trailinsights.integrity.RunningDigest(
            "console-test/1_0",
            Duration.ofHours(1),
            dev.trailinsights.integrity.DigestSigner.fromPem(
                dev.trailinsights.integrity.TestKeys.privatePem(key), "key"),
            dev.trailinsights.integrity.ChainStore.inMemory());
    long now = BASE.toEpochMilli();
    chain.open(now);
    ReadOnlyKeyValueStore<String, byte[]> history = stores(null).history();
    String id = before.get("sharedEventID").asText();
    byte[] start = history.get(dev.trailinsights.history.HistoryKeys.start(id));
    chain.add(before.at("/start/eventID").asText(), start, now);
    digests.accept(chain.tick(now + 3_600_000L).orElseThrow().toBytes());
    // the End is not listed yet
    assertThat(json(get(host, "/api/v1/insights/" + id)).get("integrity").asText())
        .isEqualTo("pending");

    byte[] end = history.get(dev.trailinsights.history.HistoryKeys.end(id));
    chain.add(before.at("/end/eventID").asText(), end, now + 3_600_000L);
    digests.accept(chain.tick(now + 7_200_000L).orElseThrow().toBytes());
    assertThat(json(get(host, "/api/v1/insights/" + id)).get("integrity").asText())
        .isEqualTo("proven");
    assertThat(json(get(host, "/api/v1/insights")).at("/insights/0/integrity").asText())
        .isEqualTo("proven");
  }

  @Test
  void shouldFilterByEveryField() throws Exception {
    String host = serve(stores(null), "self");

    assertThat(count(host, "?eventName=RunInstances&eventSource=ec2.amazonaws.com")).isOne();
    assertThat(count(host, "?eventName=GetObject")).isZero();
    assertThat(count(host, "?account=" + ACCOUNT + "&region=" + REGION)).isOne();
    assertThat(count(host, "?region=us-east-1")).isZero();
    assertThat(count(host, "?type=ApiErrorRateInsight")).isZero();
    assertThat(count(host, "?state=open")).isZero();
    assertThat(count(host, "?since=2026-03-02T00:20:00Z&until=2026-03-02T00:20:00Z")).isOne();
    assertThat(count(host, "?since=2026-03-02T00:21:00Z")).isZero();
    assertThat(count(host, "?until=2026-03-02T00:19:00Z")).isZero();
    // relative to the clock, an hour after BASE
    assertThat(count(host, "?since=2h")).isOne();
    assertThat(count(host, "?since=30m")).isZero();
  }

  private int count(String host, String query) throws Exception {
    return json(get(host, "/api/v1/insights" + query)).get("count").asInt();
  }

  @Test
  void shouldAnswerABadParameterWith400NamingIt() throws Exception {
    String host = serve(stores(null), "self");

    for (String[] c :
        new String[][] {
          {"?limit=0", "limit"},
          {"?limit=1001", "limit"},
          {"?limit=ten", "limit"},
          {"?state=closed", "state"},
          {"?type=Foo", "type"},
          {"?since=yesterday", "since"},
          {"?since=2026-03-03T00:00:00Z&until=2026-03-02T00:00:00Z", "since"},
          {"?colour=red", "colour"},
          {"?limit=1&limit=2", "limit"},
        }) {
      HttpResponse<String> r = get(host, "/api/v1/insights" + c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(json(r).get("parameter").asText()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(
            registry
                .get("trail.insights.console.requests")
                .tags("endpoint", "insights", "outcome", "bad-request")
                .counter()
                .count())
        .isEqualTo(9);
    HttpResponse<String> bad = get(host, "/api/v1/insights/not-a-uuid");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("parameter").asText()).isEqualTo("sharedEventID");
  }

  @Test
  void shouldDrawOneInsightFromBeforeItsStartToAfterItsEnd() throws Exception {
    String host = serve(stores(null), "self");
    String id = json(get(host, "/api/v1/insights")).at("/insights/0/sharedEventID").asText();

    JsonNode one = json(get(host, "/api/v1/insights/" + id));

    assertThat(one.get("sharedEventID").asText()).isEqualTo(id);
    assertThat(one.at("/start/insightDetails/state").asText()).isEqualTo("Start");
    JsonNode points = one.at("/series/points");
    List<String> phases = new ArrayList<>();
    points.forEach(pt -> phases.add(pt.get("phase").asText()));
    assertThat(phases).contains("before", "insight", "after");
    assertThat(phases.indexOf("insight")).isGreaterThan(phases.lastIndexOf("before"));
    JsonNode first = null;
    for (JsonNode pt : points) {
      if (pt.get("time").asText().equals("2026-03-02T00:20:00Z")) {
        first = pt;
      }
    }
    assertThat(first).isNotNull();
    assertThat(first.get("count").asInt()).isEqualTo(22);
    assertThat(first.get("expected").asDouble()).isBetween(1.0, 3.0);
    assertThat(first.get("threshold").asInt()).isBetween(3, 22);
    // insight minutes are above the threshold, minutes before are not
    for (JsonNode pt : points) {
      if (pt.get("phase").asText().equals("before")) {
        assertThat(pt.get("count").asInt()).isLessThan(pt.get("threshold").asInt());
      }
    }
  }

  @Test
  void shouldAnswer404ForAnUnknownInsightOrApi() throws Exception {
    String host = serve(stores(null), "self");

    assertThat(get(host, "/api/v1/insights/00000000-0000-5000-8000-000000000000").statusCode())
        .isEqualTo(404);
    assertThat(
            get(host, "/api/v1/baselines/" + ACCOUNT + "/" + REGION + "/iam.amazonaws.com/X")
                .statusCode())
        .isEqualTo(404);
    assertThat(get(host, "/api/v1/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldDescribeTheBaselineOfAKey() throws Exception {
    String host = serve(stores(null), "10.0.0.5:8080");

    JsonNode b =
        json(
            get(
                host,
                "/api/v1/baselines/" + ACCOUNT + "/" + REGION + "/ec2.amazonaws.com/RunInstances"));

    assertThat(b.get("servedBy").asText()).isEqualTo("10.0.0.5:8080");
    assertThat(b.get("newestMinute").asText()).isEqualTo("2026-03-02T00:39:00Z");
    JsonNode calls = b.get("series").get(0);
    assertThat(calls.get("errorCode").isNull()).isTrue();
    assertThat(calls.at("/baseline/expected").asDouble()).isBetween(1.5, 2.5);
    assertThat(calls.at("/baseline/threshold").asInt()).isGreaterThan(2);
    assertThat(calls.get("recent").size()).isGreaterThan(3);
    assertThat(calls.get("recent").get(calls.get("recent").size() - 1).get("count").asInt())
        .isEqualTo(2);
    assertThat(calls.at("/topValues/0/attribute").asText()).isEqualTo("userIdentityArn");
    assertThat(calls.at("/topValues/0/values/0/value").asText()).isEqualTo(ALICE);
    assertThat(calls.get("openInsight").isNull()).isTrue();
  }

  private double requestsOk() {
    return registry
        .get("trail.insights.console.requests")
        .tags("endpoint", "baselines", "outcome", "ok")
        .counter()
        .count();
  }

  @Test
  void shouldForwardABaselineQueryToTheInstanceThatOwnsTheKey() throws Exception {
    String owner = serve(stores(null), "owner");
    String other = serve(stores(owner), "other");
    String path = "/api/v1/baselines/" + ACCOUNT + "/" + REGION + "/ec2.amazonaws.com/RunInstances";

    HttpResponse<String> r = get(other, path);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("servedBy").asText()).isEqualTo("owner");
    assertThat(r.body()).isEqualTo(get(owner, path).body());
    assertThat(
            registry.get("trail.insights.console.forwarded").tag("outcome", "ok").counter().count())
        .isEqualTo(1);
    // the forwarded request and the direct one at the owner, the first at the other; a request is
    // counted once its answer is written, so the client may see the answer a moment before
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (requestsOk() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(requestsOk()).isEqualTo(3);
  }

  @Test
  void shouldAnswer503WhenTheOwnerIsUnreachableOrTheStoreIsLoading() throws Exception {
    String orphan = serve(stores("127.0.0.1:1"), "orphan");
    HttpResponse<String> r =
        get(
            orphan,
            "/api/v1/baselines/" + ACCOUNT + "/" + REGION + "/ec2.amazonaws.com/RunInstances");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("5");

    unavailable.set(true);
    HttpResponse<String> loading = get(orphan, "/api/v1/insights");
    assertThat(loading.statusCode()).isEqualTo(503);
    assertThat(json(loading).get("retryAfterSeconds").asInt()).isEqualTo(5);
  }

  @Test
  void shouldRefuseOtherMethods() throws Exception {
    String host = serve(stores(null), "self");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + host + "/api/v1/insights"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void shouldAdvertiseTheConfiguredAddressOrTheBoundOne() {
    assertThat(Console.advertised("10.1.2.3:8080", "0.0.0.0", 9000)).isEqualTo("10.1.2.3:8080");
    assertThat(Console.advertised("", "127.0.0.1", 9000)).isEqualTo("127.0.0.1:9000");
    assertThat(Console.advertised(null, "0.0.0.0", 9000)).endsWith(":9000").doesNotStartWith("0.0");
  }
}
