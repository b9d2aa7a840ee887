package dev.trailinsights.detect;

import static dev.trailinsights.detect.Traffic.ATTACKER_ARN;
import static dev.trailinsights.detect.Traffic.NORMAL_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.testkit.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stored form of key states does not change: states recorded in {@code
 * src/test/resources/golden/} (format version 2, and version 1 as the first layout wrote it) decode
 * and encode back to the same bytes, and the states the detector builds today encode to exactly the
 * recorded bytes.
 */
class ApiStateCodecGoldenTest {
  private static final int DAY = 1440;
  private static final String RUN = "ec2.amazonaws.com:RunInstances";
  private static final String CREATE_KEY = "iam.amazonaws.com:CreateAccessKey";
  private static final String V2 = "api-states-v2.txt";
  private static final String V1 = "api-states-v1.txt";
  private static final String RELAYOUT = "api-states-other-layout.txt";

  private static final DetectorConfig CONFIG =
      DetectorConfig.builder().minBaseline(Duration.ofHours(12)).build();

  /** Another lateness and baseline window: a different ring and hour-bucket layout. */
  private static final DetectorConfig OTHER_LAYOUT =
      CONFIG.toBuilder()
          .lateness(Duration.ofMinutes(4))
          .baselineWindow(Duration.ofDays(2))
          .minBaseline(Duration.ofHours(1))
          .build();

  private static ApiStateCodec codec(DetectorConfig config) {
    return new ApiStateCodec(config);
  }

  /**
   * A day of calls with a call-rate and an error-rate burst (in event-time order), snapshotted
   * often while an insight is open and now and then otherwise.
   */
  private static List<String> inOrderStates() {
    Traffic t = DetectorTrapsTest.burstScenario();
    t.errors(DAY + 60, 25, RUN, ATTACKER_ARN, "AccessDenied");
    t.errors(DAY + 61, 25, RUN, ATTACKER_ARN, "Client.UnauthorizedOperation");
    for (long m = 0; m < DAY + 120; m += 37) {
      t.errors(m, 1, RUN, NORMAL_ARN, "ThrottlingException");
    }
    t.records.sort(Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    return snapshots(t.records, 7, 211);
  }

  /** The first minute of a burst arrives after the minute that proved it (an episode's epFirst). */
  private static List<String> outOfOrderStates() {
    Traffic t = new Traffic();
    for (long m = 0; m < 2 * DAY; m += 100) {
      t.calls(m, 1, CREATE_KEY, NORMAL_ARN);
    }
    t.calls(2 * DAY + 31, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 30, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 33, 1, CREATE_KEY, NORMAL_ARN);
    t.calls(2 * DAY + 47, 1, CREATE_KEY, NORMAL_ARN); // closes the first minute: still open
    t.calls(2 * DAY + 70, 1, CREATE_KEY, NORMAL_ARN);
    return snapshots(t.records, 1, 1);
  }

  private static List<String> snapshots(List<CloudTrailRecord> records, int open, int closed) {
    Detector d = new Detector(CONFIG, e -> {}, new InMemorySeenIds(1_000_000));
    ApiStateCodec codec = codec(CONFIG);
    EventSelector selector = new EventSelector(CONFIG);
    Map<ApiKey, ApiState> states = new HashMap<>();
    List<String> lines = new ArrayList<>();
    int i = 0;
    for (CloudTrailRecord r : records) {
      CompactEvent e = selector.select(r);
      if (e == null) {
        continue;
      }
      ApiKey key = EventSelector.keyOf(r);
      long minute = Math.floorDiv(r.eventTimeMillis(), 60_000L);
      ApiState st = states.computeIfAbsent(key, k -> d.newState(k, minute, minute));
      d.onEvent(st, e);
      i++;
      if (st.hasOpenInsight() ? i % open == 0 : i % closed == 0 || i == 1) {
        lines.add(line(key, codec.encode(st)));
      }
    }
    states.values().stream()
        .sorted(Comparator.comparing(ApiState::key, Comparator.comparing(ApiKey::encoded)))
        .forEach(st -> lines.add(line(st.key(), codec.encode(st))));
    return lines;
  }

  private static String line(ApiKey key, byte[] state) {
    return key.encoded() + "\t" + Base64.getEncoder().encodeToString(state);
  }

  private static byte[] text(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private record Stored(ApiKey key, byte[] state) {}

  private static List<Stored> read(String name) throws IOException {
    List<Stored> out = new ArrayList<>();
    for (String l : new String(Golden.read(name), StandardCharsets.UTF_8).split("\n")) {
      String[] p = l.split("\t");
      out.add(new Stored(ApiKey.decode(p[0]), Base64.getDecoder().decode(p[1])));
    }
    return out;
  }

  @Test
  void shouldEncodeTheStatesTheDetectorBuildsExactlyAsRecorded() throws IOException {
    List<String> lines = new ArrayList<>(inOrderStates());
    lines.addAll(outOfOrderStates());
    Golden.assertMatches(V2, text(lines));
    if (Boolean.getBoolean(Golden.UPDATE)) {
      // the first layout is the second without an episode's first minute: in-order traffic
      List<String> v1 = new ArrayList<>();
      for (String l : inOrderStates()) {
        String[] p = l.split("\t");
        byte[] b = Base64.getDecoder().decode(p[1]);
        b[0] = 1;
        v1.add(line(ApiKey.decode(p[0]), b));
      }
      Golden.assertMatches(V1, text(v1));
      List<String> other = new ArrayList<>();
      for (Stored s : read(V2)) {
        other.add(
            line(
                s.key(),
                codec(OTHER_LAYOUT).encode(codec(OTHER_LAYOUT).decode(s.key(), s.state()))));
      }
      Golden.assertMatches(RELAYOUT, text(other));
    }
  }

  @Test
  void shouldDecodeEveryRecordedStateAndEncodeItBackToTheSameBytes() throws IOException {
    ApiStateCodec codec = codec(CONFIG);
    List<Stored> stored = read(V2);
    int open = 0;
    for (Stored s : stored) {
      ApiState st = codec.decode(s.key(), s.state());
      open += st.hasOpenInsight() ? 1 : 0;
      assertThat(codec.encode(st)).as("state of %s", s.key()).isEqualTo(s.state());
    }
    assertThat(stored).hasSizeGreaterThan(50);
    assertThat(open).isPositive();
  }

  @Test
  void shouldReadTheFirstFormatVersionAndWriteTheCurrentOne() throws IOException {
    ApiStateCodec codec = codec(CONFIG);
    List<Stored> v1 = read(V1);
    List<Stored> v2 = read(V2);
    assertThat(v1).isNotEmpty();
    for (int i = 0; i < v1.size(); i++) {
      assertThat(v1.get(i).state()[0]).isEqualTo((byte) 1);
      assertThat(codec.encode(codec.decode(v1.get(i).key(), v1.get(i).state())))
          .isEqualTo(v2.get(i).state());
    }
  }

  @Test
  void shouldReadStatesOfAnotherLayoutIntoTheCurrentOneAsRecorded() throws IOException {
    ApiStateCodec other = codec(OTHER_LAYOUT);
    List<Stored> v2 = read(V2);
    List<Stored> expected = read(RELAYOUT);
    assertThat(expected).hasSameSizeAs(v2);
    for (int i = 0; i < v2.size(); i++) {
      assertThat(other.encode(other.decode(v2.get(i).key(), v2.get(i).state())))
          .as("state of %s", v2.get(i).key())
          .isEqualTo(expected.get(i).state());
    }
  }
}
