package dev.trailinsights.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InsightIdsTest {
  private static final long START = Instant.parse("2026-03-02T14:07:00Z").toEpochMilli();
  private static final String UUID_FORM =
      "[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @Test
  void shouldMatchTheRfcVersion5Algorithm() {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(InsightIds.uuid5(dns, "python.org".getBytes(StandardCharsets.UTF_8)))
        .hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    assertThat(InsightIds.NAMESPACE).hasToString("b804aba0-7c4b-5d20-a294-99affa53d961");
  }

  @Test
  void shouldKeepIdsStableAcrossReleases() {
    // Computed independently (Python uuid5 over the documented name layout); a change here
    // would split every insight already emitted from its replay.
    String shared =
        InsightIds.sharedEventId(
            "111122223333",
            "eu-west-1",
            "iam.amazonaws.com",
            "CreateAccessKey",
            InsightType.API_CALL_RATE,
            null,
            START);
    assertThat(shared).isEqualTo("db13d6df-8065-5d44-9216-7b2de1360727");
    assertThat(InsightIds.eventId(shared, InsightState.START))
        .isEqualTo("04d5b9f8-014c-57bb-8ccb-a5acd02f4cec");
  }

  @Test
  void shouldGiveTheSameIdForTheSameInsight() {
    String a =
        id("111122223333", "CreateAccessKey", InsightType.API_ERROR_RATE, "AccessDenied", START);
    String b =
        id("111122223333", "CreateAccessKey", InsightType.API_ERROR_RATE, "AccessDenied", START);
    assertThat(a).isEqualTo(b).matches(UUID_FORM);
    assertThat(InsightIds.eventId(a, InsightState.END))
        .isEqualTo(InsightIds.eventId(b, InsightState.END))
        .matches(UUID_FORM);
  }

  @Test
  void shouldGiveDistinctIdsWhenAnyPartDiffers() {
    List<String> ids =
        List.of(
            id("111122223333", "CreateAccessKey", InsightType.API_CALL_RATE, null, START),
            id("111122223334", "CreateAccessKey", InsightType.API_CALL_RATE, null, START),
            id("111122223333", "CreateUser", InsightType.API_CALL_RATE, null, START),
            id("111122223333", "CreateAccessKey", InsightType.API_ERROR_RATE, null, START),
            id(
                "111122223333",
                "CreateAccessKey",
                InsightType.API_ERROR_RATE,
                "AccessDenied",
                START),
            id("111122223333", "CreateAccessKey", InsightType.API_ERROR_RATE, "Throttling", START),
            id("111122223333", "CreateAccessKey", InsightType.API_CALL_RATE, null, START + 60_000),
            InsightIds.sharedEventId(
                "111122223333",
                "us-east-1",
                "iam.amazonaws.com",
                "CreateAccessKey",
                InsightType.API_CALL_RATE,
                null,
                START),
            InsightIds.sharedEventId(
                "111122223333",
                "eu-west-1",
                "sts.amazonaws.com",
                "CreateAccessKey",
                InsightType.API_CALL_RATE,
                null,
                START));
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
  }

  @Test
  void shouldNotLetValuesShiftBetweenParts() {
    // With a plain separator these two identities would hash the same name.
    String a =
        InsightIds.sharedEventId("1", "2|3", "s", "n", InsightType.API_CALL_RATE, null, START);
    String b =
        InsightIds.sharedEventId("1|2", "3", "s", "n", InsightType.API_CALL_RATE, null, START);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void shouldGiveStartEndAndEnvelopeDistinctIds() {
    String shared = id("111122223333", "CreateAccessKey", InsightType.API_CALL_RATE, null, START);
    String start = InsightIds.eventId(shared, InsightState.START);
    String end = InsightIds.eventId(shared, InsightState.END);
    Set<String> all = Set.of(shared, start, end, InsightIds.eventBridgeId(start));
    assertThat(all).hasSize(4).allMatch(s -> s.matches(UUID_FORM));
  }

  @Test
  void shouldRejectAStartThatIsNotAWholeMinute() {
    assertThatThrownBy(
            () -> id("111122223333", "CreateAccessKey", InsightType.API_CALL_RATE, null, START + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole minute");
  }

  private static String id(
      String account, String name, InsightType type, String errorCode, long start) {
    return InsightIds.sharedEventId(
        account, "eu-west-1", "iam.amazonaws.com", name, type, errorCode, start);
  }
}
