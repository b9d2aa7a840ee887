package dev.trailinsights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.Settings;
import dev.trailinsights.runtime.RunSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the settings registry, so the two cannot drift apart. */
class ReadmeTest {
  @Test
  void shouldListEverySettingAsTheRegistryDefinesIt() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    String table = Settings.markdownTable(RunSettings.registry()).strip();

    assertThat(readme)
        .as(
            "README.md's configuration table is stale: replace it with"
                + " Settings.markdownTable(RunSettings.registry())")
        .contains(table);
    long rows =
        readme.lines().filter(l -> l.startsWith("| `") && l.contains("TRAIL_INSIGHTS_")).count();
    assertThat(rows).as("configuration rows in README.md").isEqualTo(RunSettings.registry().size());
  }
}
