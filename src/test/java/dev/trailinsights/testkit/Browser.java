package dev.trailinsights.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests, driven by Selenium through the system's {@code
 * chromedriver}. Nothing is ever downloaded: the driver comes from system property {@value
 * #DRIVER_PROPERTY} (default {@value #DEFAULT_DRIVER}) and the browser from {@value
 * #BROWSER_PROPERTY} (default {@value #DEFAULT_BROWSER}); naming the driver executable keeps
 * Selenium Manager out of the way. Each instance has its own profile folder, deleted on {@link
 * #close()}.
 *
 * <p>When either binary is missing, {@link #start()} fails (tests must not silently skip) with the
 * line {@value #INSTALL_HINT}.
 */
public final class Browser implements AutoCloseable {
  /** System property naming the chromedriver executable (Selenium's own). */
  public static final String DRIVER_PROPERTY = "webdriver.chrome.driver";

  /** System property naming the Chromium executable. */
  public static final String BROWSER_PROPERTY = "trail-insights.chromium";

  static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";
  static final String DEFAULT_BROWSER = "/usr/bin/chromium";
  static final String INSTALL_HINT =
      "install Debian packages chromium and chromium-driver"
          + " (apt-get install chromium chromium-driver)";

  /** Command-line switches of every browser started here. */
  static final List<String> ARGUMENTS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--window-size=1280,900");

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts chromedriver and a headless Chromium with a fresh profile.
   *
   * @throws IllegalStateException when chromedriver or Chromium is not installed
   */
  public static Browser start() {
    String driver = System.getProperty(DRIVER_PROPERTY, DEFAULT_DRIVER);
    String browser = System.getProperty(BROWSER_PROPERTY, DEFAULT_BROWSER);
    List<String> missing = new ArrayList<>();
    if (!isExecutable(driver)) {
      missing.add("no chromedriver executable at " + driver);
    }
    if (!isExecutable(browser)) {
      missing.add("no Chromium executable at " + browser);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(String.join("; ", missing) + ": " + INSTALL_HINT);
    }
    Path driverPath = Path.of(driver);
    Path browserPath = Path.of(browser);
    Path profile;
    try {
      profile = Files.createTempDirectory("trail-insights-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chromium profile folder", e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driverPath.toFile())
            .usingAnyFreePort()
            .withLogOutput(java.io.OutputStream.nullOutputStream())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browserPath.toFile());
    options.addArguments(ARGUMENTS);
    options.addArguments("--user-data-dir=" + profile.toAbsolutePath());
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    try {
      return new Browser(service, new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  private static boolean isExecutable(String path) {
    File f = new File(path);
    return f.isFile() && f.canExecute();
  }

  /** Loads {@code url} and waits for the page's load event. */
  public void open(String url) {
    driver.get(url);
  }

  /**
   * Waits until an element matching {@code cssSelector} is visible and returns it.
   *
   * @throws TimeoutException when none is visible within {@code timeout}
   */
  public WebElement waitFor(String cssSelector, Duration timeout) {
    return new WebDriverWait(driver, timeout)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
  }

  /** Runs {@code script} in the page (arguments as {@code arguments[i]}) and returns its result. */
  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * What the Chart.js chart on canvas {@code canvasId} shows.
   *
   * @param labels the labels of its datasets, in order
   * @param bars the values of its bar dataset (null where a minute has no point)
   * @param paintedPixels pixels of the canvas that are not transparent
   * @param pixels all pixels of the canvas
   */
  public record ChartFacts(List<String> labels, List<Long> bars, long paintedPixels, long pixels) {}

  /** Reads the chart on canvas {@code canvasId}: its datasets, and how much of it is painted. */
  @SuppressWarnings("unchecked")
  public ChartFacts chart(String canvasId) {
    Map<String, Object> m =
        (Map<String, Object>)
            script(
                "const c = document.getElementById(arguments[0]);"
                    + "const chart = Chart.getChart(c);"
                    + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let painted = 0;"
                    + "for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;"
                    + "return {labels: chart.data.datasets.map(d => d.label),"
                    + " bars: chart.data.datasets.find(d => d.type === 'bar').data,"
                    + " painted: painted, size: c.width * c.height};",
                canvasId);
    List<Long> bars = new java.util.ArrayList<>();
    for (Object v : (List<Object>) m.get("bars")) {
      bars.add(v == null ? null : ((Number) v).longValue());
    }
    return new ChartFacts(
        List.copyOf((List<String>) m.get("labels")),
        java.util.Collections.unmodifiableList(bars),
        ((Number) m.get("painted")).longValue(),
        ((Number) m.get("size")).longValue());
  }

  /** Saves a PNG of the viewport to {@code file}, creating its folder. */
  public Path screenshot(Path file) {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write screenshot " + file, e);
    }
  }

  /**
   * The page's console messages of level error (uncaught exceptions, Content Security Policy
   * violations, failed loads) since the last call.
   */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** The underlying Selenium driver. */
  public WebDriver driver() {
    return driver;
  }

  /** Quits the browser and its driver and deletes the profile folder. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // Chromium may still be releasing a file; the folder is in the temp area
                }
              });
    } catch (IOException e) {
      // the same: a leftover temp folder is harmless
    }
  }
}
