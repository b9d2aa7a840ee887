package dev.trailinsights.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserTest {
  @TempDir Path dir;

  @Test
  void shouldFailWithTheInstallHintWhenChromiumIsMissing() {
    String missing = dir.resolve("no-chromium").toString();
    String before = System.getProperty(Browser.BROWSER_PROPERTY);
    System.setProperty(Browser.BROWSER_PROPERTY, missing);
    try {
      assertThatThrownBy(Browser::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(missing)
          .hasMessageEndingWith(
              "install Debian packages chromium and chromium-driver"
                  + " (apt-get install chromium chromium-driver)");
    } finally {
      if (before == null) {
        System.clearProperty(Browser.BROWSER_PROPERTY);
      } else {
        System.setProperty(Browser.BROWSER_PROPERTY, before);
      }
    }
  }

  @Test
  void shouldFailWithTheInstallHintWhenTheDriverIsMissing() {
    String missing = dir.resolve("no-chromedriver").toString();
    String before = System.getProperty(Browser.DRIVER_PROPERTY);
    System.setProperty(Browser.DRIVER_PROPERTY, missing);
    try {
      assertThatThrownBy(Browser::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(missing)
          .hasMessageContaining("apt-get install chromium chromium-driver");
    } finally {
      if (before == null) {
        System.clearProperty(Browser.DRIVER_PROPERTY);
      } else {
        System.setProperty(Browser.DRIVER_PROPERTY, before);
      }
    }
  }
}
