package dev.trailinsights.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimesTest {
  private static long parse(String s) {
    char[] padded = ("##" + s + "##").toCharArray();
    return EventTimes.parse(padded, 2, s.length());
  }

  @Test
  void shouldAgreeWithJavaTimeOnRandomInstantsIncludingLeapDays() {
    Random random = new Random(7);
    long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)));
      assertThat(parse(t.toString())).as(t.toString()).isEqualTo(t.toEpochMilli());
    }
    for (String day :
        List.of("2024-02-29", "2000-02-29", "1970-01-01", "1969-12-31", "2100-03-01")) {
      Instant t = Instant.parse(day + "T23:59:59Z");
      assertThat(parse(day + "T23:59:59Z")).isEqualTo(t.toEpochMilli());
    }
  }

  @Test
  void shouldParseFractionsAndOffsetsThroughJavaTime() {
    Instant t = Instant.parse("2026-03-02T14:07:31Z");
    assertThat(parse("2026-03-02T14:07:31.5Z")).isEqualTo(t.toEpochMilli() + 500);
    assertThat(parse("2026-03-02T14:07:31.123456Z")).isEqualTo(t.toEpochMilli() + 123);
    assertThat(parse("2026-03-02T15:07:31+01:00")).isEqualTo(t.toEpochMilli());
    assertThat(parse("2026-03-02t14:07:31z")).isEqualTo(t.toEpochMilli());
    assertThat(parse("2026-03-02T14:07Z"))
        .isEqualTo(t.truncatedTo(ChronoUnit.MINUTES).toEpochMilli());
  }

  @Test
  void shouldRejectAnythingElse() {
    for (String bad :
        List.of(
            "",
            "2026-03-02",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-03-02T24:00:00Z",
            "2026-03-02T23:60:00Z",
            "2026-03-02T23:59:60Z",
            "2026-03-02T14:07:31",
            "2026-03-02 14:07:31Z",
            "2026-3-02T14:07:31Z ",
            "-026-03-02T14:07:31Z",
            "2026-03-02T14:07:3xZ",
            "1772460451000")) {
      assertThat(parse(bad)).as(bad).isEqualTo(EventTimes.INVALID);
    }
  }
}
