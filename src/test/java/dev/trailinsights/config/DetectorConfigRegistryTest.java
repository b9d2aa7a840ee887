package dev.trailinsights.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectorConfig} takes its defaults and bounds from the settings that declare each knob.
 */
class DetectorConfigRegistryTest {

  @Test
  void shouldStartFromEverySettingsDefault() {
    DetectorConfig c = DetectorConfig.builder().build();
    for (Setting<?> s : DetectorSettings.all()) {
      if (s != DetectorSettings.SENSITIVITY) {
        assertThat((Object) c.get(s)).as(s.key()).isEqualTo(s.defaultValue());
      }
    }
    assertThat(c.falseInsightsPerKeyPerDay())
        .isEqualTo(Sensitivity.MEDIUM.falseInsightsPerKeyPerDay());
    assertThat(c.quietMinutes()).isEqualTo(DetectorSettings.QUIET_MINUTES.defaultValue());
  }

  @Test
  void shouldRejectAValueOutsideItsSettingsBoundsNamingTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> DetectorConfig.builder().quietMinutes(1441).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid value for detection.quiet-minutes: expected "
                + DetectorSettings.QUIET_MINUTES.allowed());
    assertThatThrownBy(() -> DetectorConfig.builder().hysteresis(0).build())
        .hasMessageStartingWith("invalid value for detection.hysteresis: expected a number in (0");
    assertThatThrownBy(() -> DetectorConfig.builder().lateness(Duration.ofHours(7)).build())
        .hasMessageStartingWith("invalid value for detection.lateness: expected a duration");
  }

  @Test
  void shouldKeepTheCrossChecksAgainstTheBaselineWindow() {
    assertThatThrownBy(
            () ->
                DetectorConfig.builder()
                    .baselineWindow(Duration.ofHours(12))
                    .minBaseline(Duration.ofDays(1))
                    .build())
        .hasMessage(
            "invalid value for detection.min-baseline: expected a duration from 0 to"
                + " detection.baseline-window");
  }
}
