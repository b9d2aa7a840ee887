package dev.trailinsights.runtime;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.topology.TopologyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsightsAppTest {
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  @TempDir Path stateDir;

  private InsightsApp app() {
    Properties p =
        InsightsApp.streamsProperties(
            "insights-app-test",
            "127.0.0.1:1",
            TopologyOptions.defaults(),
            Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
    return new InsightsApp(
        p,
        TopologyOptions.defaults(),
        DetectorConfig.builder().build(),
        dev.trailinsights.topology.LatencyRecorder.NONE);
  }

  @Test
  void shouldReplaceThreadsThatFailNowAndThen() {
    try (InsightsApp app = app()) {
      long t = 0;
      assertThat(app.onThreadFailure(new IllegalStateException("one"), t))
          .isEqualTo(REPLACE_THREAD);
      t += 11 * MINUTE;
      assertThat(app.onThreadFailure(new IllegalStateException("two"), t))
          .isEqualTo(REPLACE_THREAD);
      t += 11 * MINUTE;
      assertThat(app.onThreadFailure(new IllegalStateException("three"), t))
          .isEqualTo(REPLACE_THREAD);
      assertThat(app.lastFailure()).get().extracting(Throwable::getMessage).isEqualTo("three");
    }
  }

  @Test
  void shouldShutDownTheClientWhenFailuresKeepComingBack() {
    try (InsightsApp app = app()) {
      assertThat(app.onThreadFailure(new IllegalStateException("a"), 0)).isEqualTo(REPLACE_THREAD);
      assertThat(app.onThreadFailure(new IllegalStateException("b"), MINUTE))
          .isEqualTo(REPLACE_THREAD);
      assertThat(app.onThreadFailure(new IllegalStateException("c"), 2 * MINUTE))
          .isEqualTo(SHUTDOWN_CLIENT);
    }
  }

  @Test
  void shouldReportNoFailureBeforeAnyThreadDied() {
    try (InsightsApp app = app()) {
      assertThat(app.lastFailure()).isEmpty();
    }
  }
}
