package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightIds;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import dev.trailinsights.testkit.Browser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console page in a real headless Chromium, against a fixture of the query API whose answers
 * are built from real {@link InsightEvent} records.
 */
class ConsolePageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String HOSTILE_ARN =
      "arn:aws:iam::1:user/<img src=x onerror=window.pwned=1>";
  private static final String HOSTILE_AGENT = "\"><svg onload=window.pwned=2>";
  private static final long MINUTE = 60_000L;
  private static final String ACCOUNT = "123456789012";

  private static final Fixture OPEN =
      new Fixture(
          InsightType.API_ERROR_RATE,
          "iam.amazonaws.com",
          "ListUsers",
          ACCOUNT,
          "us-east-1",
          "AccessDenied",
          at("2026-11-21T09:41:00Z"),
          null);
  private static final Fixture CLOSED_NEWER =
      new Fixture(
          InsightType.API_CALL_RATE,
          "ec2.amazonaws.com",
          "DescribeInstances",
          ACCOUNT,
          "us-east-1",
          null,
          at("2026-11-21T09:50:00Z"),
          at("2026-11-21T09:58:00Z"));
  private static final Fixture CLOSED_OLDER =
      new Fixture(
          InsightType.API_CALL_RATE,
          "s3.amazonaws.com",
          "ListBuckets",
          "210987654321",
          "eu-west-1",
          null,
          at("2026-11-20T22:10:00Z"),
          at("2026-11-20T22:31:00Z"));

  /** In the order the fixture answers: not the order the page must show. */
  private static final List<Fixture> ALL = List.of(CLOSED_OLDER, CLOSED_NEWER, OPEN);

  private static final String RESTORING_KEY = "/123456789012/us-east-1/iam.amazonaws.com/ListUsers";

  private static final List<Request> requests = new CopyOnWriteArrayList<>();
  private static final AtomicInteger baselineCalls = new AtomicInteger();
  private static HttpServer server;
  private static ExecutorService executor;
  private static Browser browser;
  private static String base;

  private record Request(String pathAndQuery, long atMillis) {}

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    server.createContext("/", new ConsoleAssets());
    server.createContext("/api/v1/", ConsolePageIT::api);
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @BeforeEach
  void freshPage() {
    // a blank page first: the single page keeps its state across hash-only navigations
    browser.open("about:blank");
    browser.consoleErrors();
    requests.clear();
    baselineCalls.set(0);
  }

  @Test
  void shouldWorkBehindTheTokenOnceOpenedWithIt() throws IOException {
    String token = "page-token-0123456789abcdef";
    ConsoleToken t = ConsoleToken.of(token, "test");
    HttpServer guarded =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    guarded.createContext("/", new ConsoleAuth(t, new ConsoleAssets()));
    guarded.createContext("/api/v1/", new ConsoleAuth(t, ConsolePageIT::api));
    guarded.setExecutor(executor);
    guarded.start();
    try {
      String guardedBase = "http://127.0.0.1:" + guarded.getAddress().getPort();
      browser.open(guardedBase + "/?token=" + token);
      browser.waitFor("#insights tbody tr", WAIT);

      assertThat(browser.driver().getCurrentUrl()).doesNotContain(token);
      assertThat(browser.driver().findElements(By.cssSelector("#insights tbody tr"))).hasSize(3);
      assertThat(browser.consoleErrors()).isEmpty();
    } finally {
      guarded.stop(0);
    }
  }

  @Test
  void shouldListOpenInsightsFirstThenNewestStart() {
    browser.open(base + "/#/");
    browser.waitFor("#insights tbody tr", WAIT);

    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#insights tbody tr"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-id"))
        .containsExactly(OPEN.id(), CLOSED_NEWER.id(), CLOSED_OLDER.id());
    assertThat(cells(rows.get(0)))
        .containsExactly(
            "open",
            "Error rate AccessDenied",
            "iam.amazonaws.com",
            "ListUsers",
            ACCOUNT,
            "us-east-1",
            "2026-11-21 09:41",
            "open",
            "2.5 → 21.4");
    assertThat(cells(rows.get(1)))
        .containsExactly(
            "closed",
            "Call rate",
            "ec2.amazonaws.com",
            "DescribeInstances",
            ACCOUNT,
            "us-east-1",
            "2026-11-21 09:50",
            "2026-11-21 09:58",
            "2.5 → 21.4");
    assertThat(requests).extracting(Request::pathAndQuery).contains("/api/v1/insights?state=all");
    assertThat(browser.driver().findElement(By.id("updated")).getText())
        .matches("updated \\d\\d:\\d\\d:\\d\\d UTC");
    assertThat(browser.driver().findElement(By.id("list-summary")).getText())
        .isEqualTo("3 insights · insights are kept 90 days");
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot(Path.of("target", "console-list.png"));
  }

  @Test
  void shouldOpenAnInsightWhenItsRowIsClicked() {
    browser.open(base + "/#/");
    browser.waitFor("#insights tbody tr", WAIT);

    browser
        .driver()
        .findElement(By.cssSelector("tr[data-id='" + CLOSED_NEWER.id() + "'] td:nth-child(3)"))
        .click();

    assertThat(browser.waitFor("#insight-title", WAIT).getText())
        .isEqualTo("ec2.amazonaws.com · DescribeInstances");
    assertThat(browser.driver().getCurrentUrl()).endsWith("#/insights/" + CLOSED_NEWER.id());
  }

  @Test
  void shouldSendTheChosenFiltersToTheApiAndKeepThemInTheAddress() {
    browser.open(base + "/#/");
    browser.waitFor("#insights tbody tr", WAIT);

    new Select(browser.driver().findElement(By.id("f-state"))).selectByValue("open");
    WebElement source = browser.driver().findElement(By.id("f-eventSource"));
    source.sendKeys("iam.amazonaws.com", Keys.ENTER);
    new Select(browser.driver().findElement(By.id("f-since"))).selectByValue("24h");

    Pattern expected =
        Pattern.compile(
            "/api/v1/insights\\?state=open&eventSource=iam\\.amazonaws\\.com"
                + "&since=(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)");
    String query = awaitRequest(expected);
    Matcher m = expected.matcher(query);
    assertThat(m.matches()).isTrue();
    Instant since = Instant.parse(m.group(1));
    assertThat(Duration.between(since, Instant.now()))
        .isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24).plusMinutes(1));
    new WebDriverWait(browser.driver(), WAIT)
        .until(d -> d.findElements(By.cssSelector("#insights tbody tr")).size() == 1);
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("#insights tbody tr"))
                .getAttribute("data-id"))
        .isEqualTo(OPEN.id());
    assertThat(browser.driver().getCurrentUrl())
        .endsWith("#/?state=open&eventSource=iam.amazonaws.com&since=24h");
  }

  @Test
  void shouldApplyFiltersFromALinkedAddress() {
    browser.open(base + "/#/?type=ApiCallRateInsight&account=" + ACCOUNT + "&limit=20");
    browser.waitFor("#list-summary", WAIT);

    assertThat(requests)
        .extracting(Request::pathAndQuery)
        .contains(
            "/api/v1/insights?state=all&type=ApiCallRateInsight&account=" + ACCOUNT + "&limit=20");
    assertThat(browser.driver().findElement(By.id("f-type")).getAttribute("value"))
        .isEqualTo("ApiCallRateInsight");
    assertThat(browser.driver().findElement(By.id("f-limit")).getAttribute("value"))
        .isEqualTo("20");
  }

  @Test
  void shouldShowTheApiErrorOfABadFilter() {
    browser.open(base + "/#/");
    browser.waitFor("#insights tbody tr", WAIT);

    browser.driver().findElement(By.id("f-limit")).sendKeys("5000", Keys.ENTER);

    WebElement error = browser.waitFor("#filter-error", WAIT);
    assertThat(error.getText()).isEqualTo("limit must be an integer from 1 to 1000");
    assertThat(browser.driver().findElement(By.id("f-limit")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(browser.driver().findElements(By.cssSelector("#insights"))).isEmpty();
    assertThat(requests)
        .extracting(Request::pathAndQuery)
        .contains("/api/v1/insights?state=all&limit=5000");
  }

  @Test
  void shouldRenderTheRateChartAndAttributionsOfAnInsight() {
    browser.open(base + "/#/insights/" + OPEN.id());
    browser.waitFor("#attr-userIdentityArn tbody tr", WAIT);

    assertThat(browser.driver().findElement(By.id("insight-title")).getText())
        .isEqualTo("iam.amazonaws.com · ListUsers");
    Browser.ChartFacts chart = browser.chart("rate-chart");
    assertThat(chart.labels()).isEqualTo(List.of("expected", "usual range", "errors per minute"));
    List<Long> expectedCounts = new ArrayList<>();
    for (ObjectNode p : OPEN.points()) {
      expectedCounts.add(p.get("count").asLong());
    }
    List<Long> counts = chart.bars();
    assertThat(counts.stream().filter(c -> c != null).toList()).isEqualTo(expectedCounts);
    assertThat(counts).hasSize(OPEN.minutes()).containsNull(); // the gap is kept on the time axis
    assertThat(chart.paintedPixels()).isGreaterThan(chart.pixels() / 50);

    List<WebElement> arns =
        browser.driver().findElements(By.cssSelector("#attr-userIdentityArn tbody tr"));
    assertThat(arns).hasSize(2);
    assertThat(cells(arns.get(0))).containsExactly(HOSTILE_ARN, "18", "0.4");
    assertThat(cells(arns.get(1)))
        .containsExactly("arn:aws:iam::123456789012:role/deploy", "3.4", "2.1");
    assertThat(browser.driver().findElements(By.cssSelector("#attr-userAgent tbody tr")))
        .extracting(r -> cells(r).get(0))
        .containsExactly(HOSTILE_AGENT, "aws-cli/2.15.0");
    assertThat(browser.driver().findElements(By.cssSelector("#attr-errorCode tbody tr")))
        .extracting(ConsolePageIT::cells)
        .containsExactly(List.of("AccessDenied", "21.4", "2.5"));
    assertThat(browser.script("return typeof window.pwned")).isEqualTo("undefined");
    assertThat(browser.driver().findElements(By.cssSelector("main img, main svg"))).isEmpty();
    assertThat(browser.driver().findElement(By.id("stat-pvalue")).getText()).contains("3.20e-9");
    assertThat(browser.driver().findElement(By.id("baseline-link")).getAttribute("href"))
        .endsWith("#/baselines/" + ACCOUNT + "/us-east-1/iam.amazonaws.com/ListUsers");
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot(Path.of("target", "console-insight.png"));
    browser.script("document.getElementById('h-attr').scrollIntoView()");
    browser.screenshot(Path.of("target", "console-insight-attributions.png"));
  }

  @Test
  void shouldRefreshWhileAnInsightIsOpenAndStopOnLeaving() throws InterruptedException {
    browser.open(base + "/#/");
    browser.waitFor("#insights tbody tr", WAIT);

    List<Request> lists = awaitRequests("/api/v1/insights?state=all", 2, Duration.ofSeconds(14));
    long gap = lists.get(1).atMillis() - lists.get(0).atMillis();
    browser
        .driver()
        .findElement(By.cssSelector("tr[data-id='" + CLOSED_NEWER.id() + "'] td:nth-child(4) a"))
        .click();
    browser.waitFor("#attr-userIdentityArn", WAIT);
    int listsBefore = count("/api/v1/insights?state=all");
    Thread.sleep(11_000);

    assertThat(gap).isBetween(9_500L, 12_000L);
    assertThat(count("/api/v1/insights?state=all")).isEqualTo(listsBefore);
    assertThat(count("/api/v1/insights/" + CLOSED_NEWER.id())).isEqualTo(1);
  }

  @Test
  void shouldShowRestoringAndRetryWhenTheBaselineOwnerAnswers503() {
    browser.open(base + "/#/baselines" + RESTORING_KEY);

    WebElement notice = browser.waitFor(".notice.restoring", WAIT);
    assertThat(notice.getText())
        .containsIgnoringCase("the instance that owns this API is restoring its state; retrying");
    WebElement chart = browser.waitFor("#baseline-chart-0", Duration.ofSeconds(12));

    List<Request> calls =
        requests.stream().filter(r -> r.pathAndQuery().startsWith("/api/v1/baselines/")).toList();
    assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
    assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).isBetween(4_500L, 9_000L);
    assertThat(chart.getTagName()).isEqualTo("canvas");
    assertThat(browser.script("return Chart.getChart(arguments[0]).data.datasets.length", chart))
        .isEqualTo(3L);
    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("#top-0-userIdentityArn tbody tr"))
                .stream()
                .map(r -> cells(r).get(0))
                .toList())
        .containsExactly("arn:aws:iam::123456789012:role/deploy", HOSTILE_ARN);
    assertThat(browser.driver().findElements(By.cssSelector("#top-1-errorCode tbody tr")))
        .extracting(r -> cells(r).get(0))
        .containsExactly("AccessDenied");
    assertThat(browser.script("return typeof window.pwned")).isEqualTo("undefined");
    browser.screenshot(Path.of("target", "console-baseline.png"));
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector(".series .badge-open"))
                .getAttribute("href"))
        .endsWith("#/insights/" + OPEN.id());
  }

  // ------------------------------------------------------------------ helpers

  private static List<String> cells(WebElement row) {
    return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
  }

  /** The first request (percent-decoded) matching {@code pattern}, waiting for it to come. */
  private static String awaitRequest(Pattern pattern) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Request r : requests) {
        String decoded = URLDecoder.decode(r.pathAndQuery(), StandardCharsets.UTF_8);
        if (pattern.matcher(decoded).matches()) {
          return decoded;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError(
        "no request matching "
            + pattern
            + "; received "
            + requests.stream().map(Request::pathAndQuery).toList());
  }

  private static int count(String pathAndQuery) {
    return (int) requests.stream().filter(r -> r.pathAndQuery().equals(pathAndQuery)).count();
  }

  /** The first {@code n} requests for exactly {@code pathAndQuery}, waiting for them to come. */
  private static List<Request> awaitRequests(String pathAndQuery, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Request> seen =
          requests.stream().filter(r -> r.pathAndQuery().equals(pathAndQuery)).toList();
      if (seen.size() >= n) {
        return seen.subList(0, n);
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        n
            + " requests for "
            + pathAndQuery
            + " expected; received "
            + requests.stream().map(Request::pathAndQuery).toList());
  }

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  // ------------------------------------------------------------------ fixture API

  private static void api(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    requests.add(new Request(raw + (query == null ? "" : "?" + query), System.currentTimeMillis()));
    try (ex) {
      if (raw.equals("/api/v1/insights")) {
        list(ex, params(query));
      } else if (raw.startsWith("/api/v1/insights/")) {
        String id = raw.substring("/api/v1/insights/".length());
        Fixture f = ALL.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (f == null) {
          send(ex, 404, error("no insight " + id));
        } else {
          ObjectNode body = f.json();
          ObjectNode series = body.putObject("series");
          series.put("errorCode", f.errorCode);
          ArrayNode points = series.putArray("points");
          f.points().forEach(points::add);
          send(ex, 200, body);
        }
      } else if (raw.equals("/api/v1/baselines" + RESTORING_KEY)) {
        if (baselineCalls.getAndIncrement() == 0) {
          ObjectNode body = error("state of partition 3 is being restored");
          body.put("retryAfterSeconds", 5);
          ex.getResponseHeaders().set("Retry-After", "5");
          send(ex, 503, body);
        } else {
          send(ex, 200, baseline());
        }
      } else {
        send(ex, 404, error("no state for " + raw));
      }
    }
  }

  private static void list(HttpExchange ex, Map<String, String> q) throws IOException {
    int limit = 100;
    String l = q.get("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1000) {
        ObjectNode body = error("limit must be an integer from 1 to 1000");
        body.put("parameter", "limit");
        send(ex, 400, body);
        return;
      }
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode insights = body.putArray("insights");
    for (Fixture f : ALL) {
      boolean keep =
          (!"open".equals(q.get("state")) || f.endMillis == null)
              && (q.get("type") == null || q.get("type").equals(f.type.awsName()))
              && (q.get("eventSource") == null || q.get("eventSource").equals(f.source))
              && (q.get("account") == null || q.get("account").equals(f.account));
      if (keep) {
        insights.add(f.json());
      }
    }
    body.put("count", insights.size());
    body.put("limit", limit);
    body.put("truncated", false);
    body.put("retentionDays", 90);
    send(ex, 200, body);
  }

  private static ObjectNode baseline() {
    ObjectNode b = JSON.createObjectNode();
    b.put("accountId", ACCOUNT);
    b.put("awsRegion", "us-east-1");
    b.put("eventSource", "iam.amazonaws.com");
    b.put("eventName", "ListUsers");
    b.put("newestMinute", "2026-11-21T09:59:00Z");
    b.put("historyStart", "2026-11-14T00:00:00Z");
    b.put("servedBy", "10.0.0.5:8080");
    ArrayNode series = b.putArray("series");
    series.add(
        series(
            null,
            List.of(
                List.of("arn:aws:iam::123456789012:role/deploy", 1.2), List.of(HOSTILE_ARN, 0.3)),
            null));
    series.add(
        series(
            "AccessDenied", List.of(List.of("arn:aws:iam::123456789012:role/deploy", 0.2)), OPEN));
    return b;
  }

  private static ObjectNode series(String errorCode, List<List<Object>> callers, Fixture open) {
    ObjectNode s = JSON.createObjectNode();
    s.put("errorCode", errorCode);
    ObjectNode base = s.putObject("baseline");
    base.put("expected", 2.1);
    base.put("average", 2.0);
    base.put("variance", 3.1);
    base.put("minutes", 10080);
    base.put("model", "negative-binomial");
    base.put("seasonal", "hour-of-day");
    base.put("threshold", 9);
    ArrayNode recent = s.putArray("recent");
    long first = at("2026-11-21T09:30:00Z");
    for (int i = 0; i < 30; i++) {
      ObjectNode p = recent.addObject();
      p.put("time", iso(first + i * MINUTE));
      p.put("count", i % 5 + (errorCode == null ? 1 : 0));
      p.put("closed", i < 29);
    }
    ArrayNode top = s.putArray("topValues");
    ObjectNode arns = top.addObject();
    arns.put("attribute", Attribution.USER_IDENTITY_ARN);
    ArrayNode arnValues = arns.putArray("values");
    for (List<Object> c : callers) {
      ObjectNode v = arnValues.addObject();
      v.put("value", (String) c.get(0));
      v.put("average", (Double) c.get(1));
    }
    ObjectNode agents = top.addObject();
    agents.put("attribute", Attribution.USER_AGENT);
    ObjectNode agent = agents.putArray("values").addObject();
    agent.put("value", "aws-cli/2.15.0");
    agent.put("average", 1.5);
    ObjectNode codes = top.addObject();
    codes.put("attribute", Attribution.ERROR_CODE);
    ArrayNode codeValues = codes.putArray("values");
    if (errorCode != null) {
      ObjectNode code = codeValues.addObject();
      code.put("value", errorCode);
      code.put("average", 0.2);
    }
    if (open == null) {
      s.putNull("openInsight");
    } else {
      ObjectNode o = s.putObject("openInsight");
      o.put("sharedEventID", open.id());
      o.put("startTime", iso(open.startMillis));
    }
    return s;
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static ObjectNode error(String text) {
    ObjectNode e = JSON.createObjectNode();
    e.put("error", text);
    return e;
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * One insight of the fixture: its Start record, its End record when closed, and a per-minute
   * series of 30 minutes before it, the insight minutes and 5 after (with a two-minute gap).
   */
  private record Fixture(
      InsightType type,
      String source,
      String name,
      String account,
      String region,
      String errorCode,
      long startMillis,
      Long endMillis) {

    String id() {
      return InsightIds.sharedEventId(account, region, source, name, type, errorCode, startMillis);
    }

    InsightEvent event(InsightState state) {
      boolean start = state == InsightState.START;
      long duration = endMillis == null ? 1 : (endMillis - startMillis) / MINUTE;
      return new InsightEvent(
          start ? startMillis : endMillis,
          region,
          InsightIds.eventId(id(), state),
          account,
          id(),
          state,
          source,
          name,
          type,
          errorCode,
          2.5,
          21.4,
          start ? 1 : duration,
          10080,
          attributions(),
          new DecisionDetails(
              3.2e-9, 2.5, 9, "negative-binomial", "hour-of-day", account, region, startMillis));
    }

    List<Attribution> attributions() {
      return List.of(
          new Attribution(
              Attribution.USER_IDENTITY_ARN,
              List.of(
                  new ValueAverage(HOSTILE_ARN, 18.0),
                  new ValueAverage("arn:aws:iam::123456789012:role/deploy", 3.4)),
              List.of(
                  new ValueAverage("arn:aws:iam::123456789012:role/deploy", 2.1),
                  new ValueAverage(HOSTILE_ARN, 0.4))),
          new Attribution(
              Attribution.USER_AGENT,
              List.of(new ValueAverage(HOSTILE_AGENT, 19.0)),
              List.of(new ValueAverage("aws-cli/2.15.0", 2.5))),
          new Attribution(
              Attribution.ERROR_CODE,
              List.of(new ValueAverage(errorCode == null ? "None" : errorCode, 21.4)),
              List.of(new ValueAverage(errorCode == null ? "None" : errorCode, 2.5))));
    }

    ObjectNode json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("sharedEventID", id());
      n.put("state", endMillis == null ? "open" : "closed");
      n.put("insightType", type.awsName());
      n.put("eventSource", source);
      n.put("eventName", name);
      n.put("accountId", account);
      n.put("awsRegion", region);
      n.put("errorCode", errorCode);
      n.put("startTime", iso(startMillis));
      if (endMillis == null) {
        n.putNull("endTime");
      } else {
        n.put("endTime", iso(endMillis));
      }
      n.set("start", record(event(InsightState.START)));
      n.set("end", endMillis == null ? JSON.nullNode() : record(event(InsightState.END)));
      return n;
    }

    private static ObjectNode record(InsightEvent e) {
      try {
        return (ObjectNode) JSON.readTree(InsightJson.toBytes(e));
      } catch (IOException ex) {
        throw new IllegalStateException(ex);
      }
    }

    /** Insight minutes: to the end, or 15 for an open insight. */
    private long insightMinutes() {
      return endMillis == null ? 15 : (endMillis - startMillis) / MINUTE;
    }

    /** Minutes on the chart's time axis, gaps included. */
    int minutes() {
      return (int) (30 + insightMinutes() + (endMillis == null ? 0 : 5));
    }

    /** The per-minute points the API holds; minutes 10 and 11 are missing (a gap). */
    List<ObjectNode> points() {
      List<ObjectNode> out = new ArrayList<>();
      long first = startMillis - 30 * MINUTE;
      for (int i = 0; i < minutes(); i++) {
        if (i == 10 || i == 11) {
          continue;
        }
        long t = first + i * MINUTE;
        boolean insight = t >= startMillis && t < startMillis + insightMinutes() * MINUTE;
        ObjectNode p = JSON.createObjectNode();
        p.put("time", iso(t));
        p.put("count", insight ? 16 + (i * 7) % 11 : 1 + (i * 7) % 4);
        p.put("expected", 2.5 + (i % 7) * 0.1);
        if (i < 3) {
          p.putNull("threshold"); // warm-up
        } else {
          p.put("threshold", 9);
        }
        p.put("phase", insight ? "insight" : t < startMillis ? "before" : "after");
        out.add(p);
      }
      return out;
    }
  }
}
