package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.it.LiveRun;
import dev.trailinsights.it.OfflineReference;
import dev.trailinsights.it.TrailScenario;
import dev.trailinsights.metrics.Observability;
import dev.trailinsights.runtime.InsightsApp;
import dev.trailinsights.testkit.Browser;
import dev.trailinsights.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console of a live run, in headless Chromium: an instance wired as {@code run} and {@code
 * demo} wire it (topology on a real broker, console and API on its HTTP port) is fed a scenario
 * with call-rate and error-rate bursts. An insight opened while it is still open follows it, by
 * refreshing itself, until it ends; the page then lists every insight, and opening one draws its
 * rate chart and the attribution tables with the attacker on top.
 */
class ConsoleLiveIT {
  @RegisterExtension static final KafkaFixture kafka = new KafkaFixture();

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path state;

  @Test
  void shouldListAndDrawTheInsightsOfALiveRun() throws Exception {
    long base = TrailScenario.recentBase(4);
    TrailScenario scenario = TrailScenario.generate(base, 11);
    // the console as it is used at the live edge: minutes judged on arrival, an insight open while
    // its burst goes on (the scenario is hours old, so the live edge is widened to cover it)
    DetectorConfig detection =
        TrailScenario.detection(base).toBuilder().liveEdge(Duration.ofDays(1)).build();
    int insights =
        OfflineReference.json(detection, OfflineReference.values(scenario.all())).size() / 2;
    LiveRun run = new LiveRun(kafka, 2, detection);

    try (Observability obs = new Observability()) {
      int port = obs.serve("127.0.0.1", 0);
      String self = "127.0.0.1:" + port;
      Console console = Console.register(obs, detection, run.topics().historyRetention(), self);
      try (InsightsApp app = run.app(state, Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, self));
          Browser browser = Browser.start()) {
        obs.attach(app);
        console.attach(app.streams());
        app.start();
        LiveRun.awaitRunning(app, Duration.ofSeconds(60));
        // the traffic up to two minutes into the call-rate burst: its insight is open
        List<TrailScenario.Message> messages = scenario.messages();
        int cut = scenario.firstIndexAt(TrailScenario.CALL_BURST + 2);
        run.produce(messages.subList(0, cut));
        run.awaitDrained(Duration.ofSeconds(120));
        browser.open("http://" + self + "/");
        LiveRun.await(
            () -> rows(browser).stream().anyMatch(r -> r.getText().contains("open")),
            WAIT,
            () -> "no open insight listed: " + rows(browser).size() + " rows");
        rows(browser).stream()
            .filter(r -> r.getText().contains("open"))
            .findFirst()
            .orElseThrow()
            .findElement(By.cssSelector("td a"))
            .click();
        assertThat(browser.waitFor(".page-head .badge", WAIT).getText()).isEqualTo("open");
        // the minutes of the burst so far are drawn, not only the one that started it
        String url = browser.driver().getCurrentUrl();
        String id = url.substring(url.lastIndexOf('/') + 1);
        LiveRun.await(
            () -> insightMinutes(self, id) >= 2,
            WAIT,
            () -> "open insight drawn with " + insightMinutes(self, id) + " minutes");
        browser.screenshot(Path.of("target", "console-live-open.png"));

        // the rest: the page, left as it is, refreshes itself until the insight has ended
        run.produce(messages.subList(cut, messages.size()));
        run.produce(scenario.ticks());
        run.awaitDrained(Duration.ofSeconds(120));
        LiveRun.await(
            () -> badgeText(browser).equals("closed"),
            WAIT,
            () -> "the open insight's page still says " + badgeText(browser));

        browser.open("http://" + self + "/#/");
        LiveRun.await(
            () -> rows(browser).size() == insights,
            WAIT,
            () -> "rows shown: " + rows(browser).size() + " of " + insights);
        assertThat(rows(browser)).allSatisfy(r -> assertThat(r.getText()).contains("closed"));
        browser.screenshot(Path.of("target", "console-live-list.png"));

        // the call-rate burst of the first scope
        String api = TrailScenario.CALL_BURST_API.split(":")[1];
        WebElement row =
            rows(browser).stream().filter(r -> r.getText().contains(api)).findFirst().orElseThrow();
        row.findElement(By.linkText(api)).click();
        browser.waitFor("#attr-userIdentityArn tbody tr", WAIT);

        Browser.ChartFacts chart = browser.chart("rate-chart");
        List<Long> bars = chart.bars().stream().filter(v -> v != null).toList();
        assertThat(bars).hasSizeGreaterThan(5);
        assertThat(bars.stream().mapToLong(Long::longValue).max().orElse(0))
            .isGreaterThanOrEqualTo(10);
        assertThat(chart.paintedPixels()).isGreaterThan(chart.pixels() / 50);
        List<WebElement> callers =
            browser.driver().findElements(By.cssSelector("#attr-userIdentityArn tbody tr"));
        assertThat(callers).isNotEmpty();
        assertThat(callers.get(0).getText()).contains("user/mallory");
        assertThat(browser.driver().findElements(By.cssSelector("#attr-userAgent tbody tr")))
            .isNotEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot(Path.of("target", "console-live-insight.png"));
      }
    }
  }

  /** Minutes of an insight's series in its {@code insight} phase, from the API. */
  private static int insightMinutes(String hostPort, String id) {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://" + hostPort + "/api/v1/insights/" + id))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      int n = 0;
      for (com.fasterxml.jackson.databind.JsonNode p :
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(r.body())
              .at("/series/points")) {
        if (p.get("phase").asText().equals("insight")) {
          n++;
        }
      }
      return n;
    } catch (Exception e) {
      return -1;
    }
  }

  private static String badgeText(Browser browser) {
    try {
      return browser.driver().findElement(By.cssSelector(".page-head .badge")).getText();
    } catch (org.openqa.selenium.WebDriverException e) {
      return "(no badge: " + e.getClass().getSimpleName() + ")";
    }
  }

  private static List<WebElement> rows(Browser browser) {
    return browser.driver().findElements(By.cssSelector("#insights tbody tr"));
  }
}
