package dev.trailinsights.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.topology.InsightsTopology;
import dev.trailinsights.topology.LiveDetectors;
import dev.trailinsights.topology.ParseCounters;
import dev.trailinsights.topology.TopologyOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binders over the counters of a real topology, read from the Prometheus scrape text. */
class TopologyMetricsTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path stateDir;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ParseCounters parse = new ParseCounters();
  private final LiveDetectors live = new LiveDetectors();
  private final LatencyMetrics latency = new LatencyMetrics();

  private TopologyTestDriver driver() {
    return driver(DetectorConfig.builder().build());
  }

  private TopologyTestDriver driver(DetectorConfig detection) {
    new ParseMetrics(parse).bindTo(registry);
    new DetectionMetrics(live).bindTo(registry);
    latency.bindTo(registry);
    TopologyOptions topics = TopologyOptions.defaults();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new TopologyTestDriver(
        InsightsTopology.build(topics, detection, parse, live, latency),
        p,
        // just after the traffic: its minutes are judged on arrival, as at the live edge
        START.plus(Duration.ofDays(2).plusMinutes(30)));
  }

  @Test
  void shouldCountSelectedSkippedInvalidDeadLettersAndTheStart() {
    List<String> traffic = TrafficRecords.steadyThenBurst(START, Duration.ofDays(2), 2, 40);
    try (TopologyTestDriver driver = driver()) {
      TopologyOptions topics = TopologyOptions.defaults();
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              topics.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<byte[], byte[]> out =
          driver.createOutputTopic(
              topics.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (int i = 0; i < 3; i++) {
        in.pipeInput(TrafficRecords.record(START.plusSeconds(i), true).getBytes(UTF_8));
      }
      for (String r : traffic) {
        in.pipeInput(r.getBytes(UTF_8));
      }
      in.pipeInput("not json".getBytes(UTF_8));
      in.pipeInput("{\"Records\":[{\"eventVersion\":\"1.08\"}]}".getBytes(UTF_8));

      List<String> insights =
          out.readValuesToList().stream().map(v -> new String(v, UTF_8)).toList();
      assertThat(insights).hasSize(1);
      assertThat(insights.get(0)).contains("\"state\":\"Start\"");
    }
    String text = registry.scrape();
    int n = traffic.size();
    assertThat(text)
        .contains("trail_insights_events_total{category=\"management\",outcome=\"selected\"} " + n)
        .contains("trail_insights_events_total{category=\"management\",outcome=\"skipped\"} 3")
        .contains("trail_insights_events_total{category=\"unknown\",outcome=\"invalid\"} 2")
        .contains("trail_insights_input_messages_total " + (n + 5))
        .contains("trail_insights_dead_letter_messages_total{reason=\"not-json\"} 1")
        .contains("trail_insights_dead_letter_messages_total{reason=\"missing-field\"} 1")
        .contains(
            "trail_insights_emitted_insights_total{state=\"Start\",type=\"ApiCallRateInsight\"} 1")
        .contains(
            "trail_insights_emitted_insights_total{state=\"End\",type=\"ApiCallRateInsight\"} 0")
        .contains("trail_insights_event_lag_seconds_count " + n)
        .contains("trail_insights_detection_delay_seconds_count 1")
        .contains("trail_insights_created_keys_total 1")
        .contains("# HELP trail_insights_late_events_total")
        .contains("# HELP trail_insights_duplicate_events_total");
    // the counts of a closed task stay: counters never go down
    assertThat(live.tasks()).isZero();
  }

  @Test
  void shouldCountLateAndDuplicateEventsAcrossTaskRestarts() {
    String first = TrafficRecords.record(START.plusSeconds(3 * 3600), false);
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              TopologyOptions.defaults().inputTopic(),
              new ByteArraySerializer(),
              new ByteArraySerializer());
      in.pipeInput(first.getBytes(UTF_8));
      in.pipeInput(first.getBytes(UTF_8)); // same eventID
      in.pipeInput(TrafficRecords.record(START, false).getBytes(UTF_8)); // hours late
    }
    String text = registry.scrape();
    assertThat(text)
        .contains("trail_insights_duplicate_events_total 1")
        .contains("trail_insights_late_events_total 1");
  }

  @Test
  void shouldCountEventsOfKeysBeyondTheKeyLimitOfATask() {
    // judged on arrival, so the second minute's events are counted without waiting for progress
    DetectorConfig twoKeys =
        DetectorConfig.builder().maxKeys(2).liveEdge(Duration.ofDays(7)).build();
    try (TopologyTestDriver driver = driver(twoKeys)) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              TopologyOptions.defaults().inputTopic(),
              new ByteArraySerializer(),
              new ByteArraySerializer());
      for (int round = 0; round < 2; round++) {
        for (int k = 0; k < 4; k++) {
          String r =
              TrafficRecords.record(START.plusSeconds(60L * round + k), false)
                  .replace("\"CreateRole\"", "\"CreateRole" + k + "\"");
          in.pipeInput(r.getBytes(UTF_8));
        }
      }
    }
    String text = registry.scrape();
    assertThat(text)
        .contains("trail_insights_created_keys_total 2")
        .contains("trail_insights_untracked_events_total 4")
        .contains("trail_insights_untracked_keys_total 2");
  }

  @Test
  void shouldCountErrorSeriesEvictedForNewErrorCodes() {
    DetectorConfig oneCode = DetectorConfig.builder().maxErrorCodesPerKey(1).build();
    try (TopologyTestDriver driver = driver(oneCode)) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              TopologyOptions.defaults().inputTopic(),
              new ByteArraySerializer(),
              new ByteArraySerializer());
      String[] codes = {"AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException"};
      for (int i = 0; i < codes.length; i++) {
        String r =
            dev.trailinsights.it.TrailScenario.cloudTrailRecord(
                START.plusSeconds(i).toEpochMilli(),
                TrafficRecords.ACCOUNT,
                TrafficRecords.REGION,
                "ec2.amazonaws.com:RunInstances",
                "arn:aws:iam::123456789012:user/alice",
                "aws-cli/2.15.0",
                codes[i],
                false,
                "e-" + i);
        in.pipeInput(r.getBytes(UTF_8));
      }
    }
    assertThat(registry.scrape())
        .contains("trail_insights_evicted_error_series_total 2")
        .contains("trail_insights_uncounted_error_events_total 0");
  }
}
