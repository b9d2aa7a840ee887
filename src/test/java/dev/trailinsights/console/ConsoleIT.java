package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.detect.ApiKey;
import dev.trailinsights.it.LiveRun;
import dev.trailinsights.it.OfflineReference;
import dev.trailinsights.it.TrailScenario;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.KafkaFixture;
import dev.trailinsights.topology.Names;
import dev.trailinsights.topology.RoutePartitioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the live topology on a real broker, each with its console on its own port: both
 * list every insight (the history is global), draw the same series, and answer the baseline of any
 * key, the one that does not own it by forwarding to the one that does (with the console's bearer
 * token, which both require).
 */
class ConsoleIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "console-it-token-0123456789";

  @TempDir Path stateA;
  @TempDir Path stateB;

  private final HttpClient http = HttpClient.newHttpClient();

  /** One instance: its HTTP endpoints, console and Kafka Streams application. */
  private record Instance(Observability obs, String self, InsightsApp app)
      implements AutoCloseable {
    static Instance start(LiveRun run, Path state, DetectorConfig detection) {
      Observability obs = new Observability();
      int port = obs.serve("127.0.0.1", 0);
      String self = "127.0.0.1:" + port;
      Console console =
          Console.register(
              obs,
              detection,
              run.topics().historyRetention(),
              self,
              ConsoleToken.of(TOKEN, "test"),
              DigestStatus.OFF);
      InsightsApp app = run.app(state, Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, self));
      obs.attach(app);
      console.attach(app.streams());
      app.start();
      return new Instance(obs, self, app);
    }

    @Override
    public void close() {
      app.close(Duration.ofSeconds(20));
      obs.close();
    }
  }

  private HttpResponse<String> get(String hostPort, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> anonymous(String hostPort, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(String hostPort, String path) throws Exception {
    HttpResponse<String> r = get(hostPort, path);
    assertThat(r.statusCode()).as(hostPort + path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void shouldAnswerEveryQueryFromEitherInstance() throws Exception {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 5);
    DetectorConfig detection = TrailScenario.detection(base);
    List<String> expected =
        OfflineReference.json(detection, OfflineReference.values(scenario.all()));
    LiveRun run = new LiveRun(kafka, 4, detection);

    try (Instance a = Instance.start(run, stateA, detection);
        Instance b = Instance.start(run, stateB, detection)) {
      LiveRun.awaitRunning(a.app(), Duration.ofSeconds(60));
      LiveRun.awaitRunning(b.app(), Duration.ofSeconds(60));
      run.produce(scenario.messages());
      run.produce(scenario.ticks());
      run.awaitDrained(Duration.ofSeconds(120));
      assertThat(run.output(expected.size())).hasSameSizeAs(expected);

      // the history is global: both list every insight, Start and End
      int insights = expected.size() / 2;
      LiveRun.await(
          () -> count(a) == insights && count(b) == insights,
          Duration.ofSeconds(30),
          () -> "history incomplete: " + count(a) + " / " + count(b) + " of " + insights);
      // behind the token: the API refuses anonymous requests, health and metrics stay open
      assertThat(anonymous(a.self(), "/api/v1/insights").statusCode()).isEqualTo(401);
      assertThat(anonymous(a.self(), "/").statusCode()).isEqualTo(401);
      assertThat(anonymous(a.self(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(anonymous(a.self(), "/metrics").statusCode()).isEqualTo(200);
      JsonNode listA = ok(a.self(), "/api/v1/insights");
      assertThat(listA).isEqualTo(ok(b.self(), "/api/v1/insights"));
      for (JsonNode i : listA.get("insights")) {
        assertThat(i.get("state").asText()).isEqualTo("closed");
        assertThat(i.at("/end/insightDetails/state").asText()).isEqualTo("End");
        String id = i.get("sharedEventID").asText();
        JsonNode one = ok(a.self(), "/api/v1/insights/" + id);
        assertThat(one).isEqualTo(ok(b.self(), "/api/v1/insights/" + id));
        Set<String> phases = new HashSet<>();
        one.at("/series/points").forEach(p -> phases.add(p.get("phase").asText()));
        assertThat(phases).as(id).contains("before", "insight", "after");
      }

      // every key answered by both, served by its owner: one of the two forwarded
      Set<String> servers = new HashSet<>();
      List<ApiKey> keys = new ArrayList<>();
      for (int s = 0; s < TrailScenario.SCOPES; s++) {
        String[] scope = TrailScenario.scope(s).split("\\|");
        String[] api = TrailScenario.CALL_BURST_API.split(":");
        keys.add(new ApiKey(scope[0], scope[1], api[0], api[1]));
      }
      for (ApiKey k : keys) {
        String path =
            "/api/v1/baselines/"
                + k.accountId()
                + "/"
                + k.region()
                + "/"
                + k.eventSource()
                + "/"
                + k.eventName();
        JsonNode fromA = ok(a.self(), path);
        JsonNode fromB = ok(b.self(), path);
        assertThat(fromA).as(path).isEqualTo(fromB);
        KeyQueryMetadata owner =
            a.app()
                .streams()
                .queryMetadataForKey(
                    Names.API_STATE_STORE,
                    k.encoded(),
                    (topic, key, v, n) ->
                        Optional.of(Set.of(RoutePartitioner.partition((String) key, n))));
        String ownerAddress = owner.activeHost().host() + ":" + owner.activeHost().port();
        assertThat(fromA.get("servedBy").asText()).isEqualTo(ownerAddress);
        servers.add(ownerAddress);
        assertThat(fromA.at("/series/0/baseline/minutes").asLong()).isPositive();
      }
      System.out.println("ConsoleIT: keys owned by " + servers);
      assertThat(Set.of(a.self(), b.self())).containsAll(servers);
    }
  }

  private int count(Instance i) {
    try {
      HttpResponse<String> r = get(i.self(), "/api/v1/insights?limit=1000");
      return r.statusCode() == 200 ? JSON.readTree(r.body()).get("count").asInt() : -1;
    } catch (Exception e) {
      return -1;
    }
  }
}
