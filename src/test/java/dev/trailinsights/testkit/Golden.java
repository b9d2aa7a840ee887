package dev.trailinsights.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Golden files under {@code src/test/resources/golden/}: outputs recorded from a known-good build
 * that a refactoring must reproduce byte for byte. A difference fails the test with the first
 * differing line; to record new outputs on purpose, run the test with {@code -Dgolden.update=true}
 * and say in the commit why the outputs changed.
 */
public final class Golden {
  /** The system property that rewrites the golden files instead of comparing with them. */
  public static final String UPDATE = "golden.update";

  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  /** Where the golden file {@code name} lives in the source tree. */
  public static Path file(String name) {
    return DIR.resolve(name);
  }

  /** The recorded bytes of {@code name}. */
  public static byte[] read(String name) throws IOException {
    Path p = file(name);
    assertThat(p).as("golden file %s (record it with -D%s=true)", p, UPDATE).exists();
    return Files.readAllBytes(p);
  }

  /**
   * Compares {@code actual} with the golden file {@code name}, or records it when {@code
   * -Dgolden.update=true} is set.
   */
  public static void assertMatches(String name, byte[] actual) throws IOException {
    Path p = file(name);
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(p.getParent());
      Files.write(p, actual);
    }
    byte[] expected = read(name);
    if (Arrays.equals(expected, actual)) {
      return;
    }
    String[] e = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
    String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
    int line = 0;
    while (line < Math.min(e.length, a.length) && e[line].equals(a[line])) {
      line++;
    }
    String hint =
        String.format(
            "output differs from golden file %s at line %d (%d lines expected, %d written)."
                + " Outputs must not change; if this change is intended, rerun the test with"
                + " -D%s=true to record the new output and explain why in the commit",
            p, line + 1, e.length, a.length, UPDATE);
    assertThat(line < a.length ? a[line] : "<end of output>")
        .as(hint)
        .isEqualTo(line < e.length ? e[line] : "<end of golden file>");
    assertThat(actual).as(hint).isEqualTo(expected);
  }
}
