package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.DecisionDetails;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightState;
import dev.trailinsights.insight.InsightType;
import dev.trailinsights.insight.ValueAverage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  private static final String ACCT = "111122223333";
  private static final String REGION = "eu-west-1";
  private static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
  private static final String ATTACKER = "arn:aws:iam::111122223333:user/svc-reporting";

  private static Label callLabel(String id, String name, Instant start, int minutes) {
    return label(
        id,
        "mass-deletion",
        name,
        InsightType.API_CALL_RATE,
        null,
        start,
        minutes,
        EventClass.WRITE_MANAGEMENT);
  }

  private static Label label(
      String id,
      String kind,
      String name,
      InsightType type,
      String code,
      Instant start,
      int minutes,
      EventClass selection) {
    return new Label(
        id,
        kind,
        ACCT,
        REGION,
        "ec2.amazonaws.com",
        name,
        type,
        code,
        start,
        start.plusSeconds(60L * minutes),
        selection,
        "clear",
        0.01,
        0.01,
        20,
        ATTACKER,
        "aws-cli/1.16.312",
        "192.0.2.10");
  }

  private static Labels labels(List<Label> anomalies, List<Decoy> decoys) {
    return new Labels(
        Map.of(),
        100,
        Instant.parse("2026-03-02T00:00:00Z"),
        Instant.parse("2026-03-07T00:00:00Z"),
        Map.of(ACCT, 0),
        anomalies,
        decoys);
  }

  private static int seq;

  private static InsightEvent start(
      String name, InsightType type, String code, Instant time, Long decidedDelaySeconds) {
    return insight(
        InsightState.START, "s" + seq++, name, type, code, time, 20, decidedDelaySeconds);
  }

  private static InsightEvent insight(
      InsightState state,
      String shared,
      String name,
      InsightType type,
      String code,
      Instant time,
      double average,
      Long decidedDelaySeconds) {
    DecisionDetails details =
        decidedDelaySeconds == null
            ? null
            : new DecisionDetails(
                1e-9,
                0.01,
                5,
                "poisson",
                "none",
                ACCT,
                REGION,
                T0.plusSeconds(decidedDelaySeconds).toEpochMilli());
    return new InsightEvent(
        time.toEpochMilli(),
        REGION,
        "e-" + shared + state,
        ACCT,
        shared,
        state,
        "ec2.amazonaws.com",
        name,
        type,
        code,
        0.01,
        average,
        1,
        10080,
        List.of(
            new Attribution(
                Attribution.USER_IDENTITY_ARN,
                List.of(new ValueAverage(ATTACKER, average)),
                List.of())),
        details);
  }

  private static EvaluationReport eval(Labels labels, InsightEvent... insights) {
    return Evaluation.evaluate(labels, Arrays.asList(insights), Evaluation.Options.defaults());
  }

  @Test
  void shouldMatchAStartInsideTheLabelledWindow() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    EvaluationReport r =
        eval(
            l,
            start("TerminateInstances", InsightType.API_CALL_RATE, null, T0.plusSeconds(120), 90L));
    assertThat(r.detected()).isEqualTo(1);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.precision()).isEqualTo(1.0);
    assertThat(r.falseStarts()).isZero();
    assertThat(r.missed()).isEmpty();
    assertThat(r.medianDelay()).isEqualTo(90.0);
    assertThat(r.medianEventTimeDelay()).isEqualTo(120.0);
    assertThat(r.attributionHits()).isEqualTo(1);
  }

  @Test
  void shouldAcceptStartsExactlyAtTheSlackEdgesAndNotBeyond() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    Instant end = T0.plusSeconds(20 * 60);
    assertThat(
            eval(
                    l,
                    start(
                        "TerminateInstances",
                        InsightType.API_CALL_RATE,
                        null,
                        T0.minusSeconds(15 * 60),
                        null))
                .detected())
        .isEqualTo(1);
    assertThat(
            eval(
                    l,
                    start(
                        "TerminateInstances",
                        InsightType.API_CALL_RATE,
                        null,
                        T0.minusSeconds(16 * 60),
                        null))
                .detected())
        .isZero();
    assertThat(
            eval(
                    l,
                    start(
                        "TerminateInstances",
                        InsightType.API_CALL_RATE,
                        null,
                        end.plusSeconds(15 * 60),
                        null))
                .detected())
        .isEqualTo(1);
    assertThat(
            eval(
                    l,
                    start(
                        "TerminateInstances",
                        InsightType.API_CALL_RATE,
                        null,
                        end.plusSeconds(16 * 60),
                        null))
                .detected())
        .isZero();
  }

  @Test
  void shouldHonourAnotherSlack() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    InsightEvent early =
        start(
            "TerminateInstances", InsightType.API_CALL_RATE, null, T0.minusSeconds(16 * 60), null);
    Evaluation.Options wide =
        new Evaluation.Options(
            Duration.ofMinutes(30),
            Set.of(EventClass.WRITE_MANAGEMENT),
            Set.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT));
    assertThat(Evaluation.evaluate(l, List.of(early), wide).detected()).isEqualTo(1);
  }

  @Test
  void shouldNotMatchAnErrorRateStartWithAnotherErrorCode() {
    Label probing =
        label(
            "a01",
            "permission-probing",
            "RunInstances",
            InsightType.API_ERROR_RATE,
            "Client.UnauthorizedOperation",
            T0,
            10,
            EventClass.WRITE_MANAGEMENT);
    Labels l = labels(List.of(probing), List.of());
    EvaluationReport wrongCode =
        eval(
            l,
            start(
                "RunInstances",
                InsightType.API_ERROR_RATE,
                "Client.RequestLimitExceeded",
                T0,
                30L));
    assertThat(wrongCode.detected()).isZero();
    // about the labelled incident (same API, during it), though not its labelled series
    assertThat(wrongCode.falseStarts()).isZero();
    assertThat(wrongCode.falseStartList().get(0).trap()).isEqualTo(Evaluation.TRAP_SAME_INCIDENT);
    assertThat(wrongCode.sameIncidentStarts()).isEqualTo(1);
    assertThat(wrongCode.precision()).isEqualTo(1.0);
    assertThat(wrongCode.strictPrecision()).isZero();
    EvaluationReport rightCode =
        eval(
            l,
            start(
                "RunInstances",
                InsightType.API_ERROR_RATE,
                "Client.UnauthorizedOperation",
                T0,
                30L));
    assertThat(rightCode.detected()).isEqualTo(1);
  }

  @Test
  void shouldNotMatchAnotherInsightTypeOrKey() {
    Label probing =
        label(
            "a01",
            "permission-probing",
            "RunInstances",
            InsightType.API_ERROR_RATE,
            "Client.UnauthorizedOperation",
            T0,
            10,
            EventClass.WRITE_MANAGEMENT);
    Labels l = labels(List.of(probing), List.of());
    EvaluationReport r =
        eval(
            l,
            start("RunInstances", InsightType.API_CALL_RATE, null, T0, 30L),
            start(
                "StopInstances",
                InsightType.API_ERROR_RATE,
                "Client.UnauthorizedOperation",
                T0,
                30L));
    assertThat(r.detected()).isZero();
    assertThat(r.missed()).extracting(Label::id).containsExactly("a01");
    assertThat(r.falseStarts())
        .isEqualTo(1); // StopInstances; the RunInstances one is same-incident
    assertThat(r.sameIncidentStarts()).isEqualTo(1);
    assertThat(r.precision()).isEqualTo(0.5);
    assertThat(r.strictPrecision()).isZero();
  }

  @Test
  void shouldComputeDelayPercentilesOverDetectedLabels() {
    List<Label> ls = new ArrayList<>();
    List<InsightEvent> starts = new ArrayList<>();
    long[] delays = {60, 120, 180, 240};
    for (int i = 0; i < delays.length; i++) {
      String name = "DeleteSnapshot" + i;
      ls.add(callLabel("a0" + i, name, T0, 30));
      starts.add(start(name, InsightType.API_CALL_RATE, null, T0.plusSeconds(60), delays[i]));
    }
    EvaluationReport r =
        Evaluation.evaluate(labels(ls, List.of()), starts, Evaluation.Options.defaults());
    assertThat(r.detected()).isEqualTo(4);
    assertThat(r.medianDelay()).isEqualTo(150.0);
    assertThat(r.p95Delay()).isCloseTo(231.0, within(1e-9));
    assertThat(r.delaysWithDecision()).isEqualTo(4);
    assertThat(r.medianEventTimeDelay()).isEqualTo(60.0);
  }

  @Test
  void shouldTakeTheEarliestDecisionOfSeveralMatchingStarts() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 40)), List.of());
    EvaluationReport r =
        eval(
            l,
            start(
                "TerminateInstances", InsightType.API_CALL_RATE, null, T0.plusSeconds(1200), 1210L),
            start("TerminateInstances", InsightType.API_CALL_RATE, null, T0.plusSeconds(60), 75L));
    assertThat(r.matchedStarts()).isEqualTo(2);
    assertThat(r.medianDelay()).isEqualTo(75.0);
    assertThat(r.detections())
        .singleElement()
        .satisfies(d -> assertThat(d.delay()).isEqualTo(75.0));
  }

  @Test
  void shouldLeaveLabelsOutsideTheSelectionOutOfRecallUnlessSelected() {
    Label enumeration =
        label(
            "a01",
            "enumeration",
            "DescribeInstances",
            InsightType.API_CALL_RATE,
            null,
            T0,
            10,
            EventClass.READ_MANAGEMENT);
    Label deletion = callLabel("a02", "TerminateInstances", T0, 10);
    Labels l = labels(List.of(enumeration, deletion), List.of());
    InsightEvent hit = start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L);
    EvaluationReport byDefault = eval(l, hit);
    assertThat(byDefault.labelsInScope()).isEqualTo(1);
    assertThat(byDefault.recall()).isEqualTo(1.0);
    Evaluation.Options reads =
        new Evaluation.Options(
            Duration.ofMinutes(15),
            Set.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT),
            Set.of(EventClass.WRITE_MANAGEMENT, EventClass.READ_MANAGEMENT));
    EvaluationReport withReads = Evaluation.evaluate(l, List.of(hit), reads);
    assertThat(withReads.labelsInScope()).isEqualTo(2);
    assertThat(withReads.recall()).isEqualTo(0.5);
    assertThat(withReads.missed()).extracting(Label::id).containsExactly("a01");
  }

  @Test
  void shouldCountSingleCallInsightsEndsAndFalseInsightsPerKeyPerDay() {
    Labels l =
        labels(
            List.of(callLabel("a01", "TerminateInstances", T0, 20)),
            List.of(
                new Decoy(
                    Decoy.CRON_HOURLY,
                    ACCT,
                    REGION,
                    "ec2.amazonaws.com",
                    "CreateSnapshot",
                    0.4,
                    "24 calls over 1 min from minute 17 of every hour"),
                new Decoy(
                    Decoy.SPARSE, ACCT, REGION, "ec2.amazonaws.com", "CreateKeyPair", 0.01, "")));
    InsightEvent matched = start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L);
    InsightEvent end =
        insight(
            InsightState.END,
            matched.sharedEventId(),
            "TerminateInstances",
            InsightType.API_CALL_RATE,
            null,
            T0.plusSeconds(1800),
            12,
            null);
    InsightEvent cron =
        start(
            "CreateSnapshot",
            InsightType.API_CALL_RATE,
            null,
            Instant.parse("2026-03-04T03:17:00Z"),
            null);
    InsightEvent single =
        insight(
            InsightState.START,
            "single",
            "CreateKeyPair",
            InsightType.API_CALL_RATE,
            null,
            Instant.parse("2026-03-04T22:00:00Z"),
            1,
            null);
    InsightEvent ramp =
        start(
            "DescribeInstances",
            InsightType.API_CALL_RATE,
            null,
            Instant.parse("2026-03-04T07:30:00Z"),
            null); // Wednesday morning, UTC account
    EvaluationReport r = eval(l, matched, end, cron, single, ramp);
    assertThat(r.starts()).isEqualTo(4);
    assertThat(r.singleCallStarts()).isEqualTo(1);
    assertThat(r.endedStarts()).isEqualTo(1);
    assertThat(r.endedShare()).isEqualTo(1.0);
    assertThat(r.falseStarts()).isEqualTo(3);
    assertThat(r.falsePerKeyPerDay()).isCloseTo(3 / 100.0 / 5.0, within(1e-12));
    assertThat(r.falseByTrap())
        .containsEntry(Decoy.CRON_HOURLY, 1)
        .containsEntry(Decoy.SPARSE, 1)
        .containsEntry(Evaluation.TRAP_MORNING_RAMP, 1);
    assertThat(r.precision()).isEqualTo(0.25);
  }

  @Test
  void shouldIgnoreRepeatedStartsOfOneInsight() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    InsightEvent s = start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L);
    EvaluationReport r = eval(l, s, s);
    assertThat(r.starts()).isEqualTo(1);
    assertThat(r.duplicateStarts()).isEqualTo(1);
  }

  @Test
  void shouldReportActorsThatAreNotTheTopCaller() {
    Label deletion =
        new Label(
            "a01",
            "mass-deletion",
            ACCT,
            REGION,
            "ec2.amazonaws.com",
            "TerminateInstances",
            InsightType.API_CALL_RATE,
            null,
            T0,
            T0.plusSeconds(600),
            EventClass.WRITE_MANAGEMENT,
            "clear",
            0.01,
            0.01,
            20,
            "arn:aws:iam::111122223333:user/someone-else",
            null,
            null);
    EvaluationReport r =
        eval(
            labels(List.of(deletion), List.of()),
            start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L));
    assertThat(r.attributionChecked()).isEqualTo(1);
    assertThat(r.attributionHits()).isZero();
  }

  @Test
  void shouldCheckTheActorOnTheEndWhenTheStartNamesNoCaller() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    InsightEvent withCaller = start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L);
    InsightEvent bare =
        new InsightEvent(
            withCaller.eventTimeMillis(),
            REGION,
            "e1",
            ACCT,
            "shared-1",
            InsightState.START,
            "ec2.amazonaws.com",
            "TerminateInstances",
            InsightType.API_CALL_RATE,
            null,
            0.01,
            20,
            1,
            10080,
            List.of(),
            withCaller.details());
    InsightEvent end =
        insight(
            InsightState.END,
            "shared-1",
            "TerminateInstances",
            InsightType.API_CALL_RATE,
            null,
            T0.plusSeconds(1500),
            15,
            null);
    EvaluationReport r = eval(l, bare, end);
    assertThat(r.attributionChecked()).isEqualTo(1);
    assertThat(r.attributionHits()).isZero();
    assertThat(r.endAttributionHits()).isEqualTo(1);
    assertThat(r.toText()).contains("on Start 0.0% (0/1), on End 100.0% (1/1)");
  }

  @Test
  void shouldReportNothingDetectedWithoutInsights() {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    EvaluationReport r = eval(l);
    assertThat(r.recall()).isZero();
    assertThat(r.precision()).isNaN();
    assertThat(r.medianDelay()).isNull();
    assertThat(r.toText()).contains("recall", "0.0%", "n/a", "a01");
  }

  @Test
  void shouldBreakDownRecallByKindAndStrength() {
    Label probing =
        label(
            "a02",
            "permission-probing",
            "RunInstances",
            InsightType.API_ERROR_RATE,
            "Client.UnauthorizedOperation",
            T0,
            10,
            EventClass.WRITE_MANAGEMENT);
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20), probing), List.of());
    EvaluationReport r =
        eval(l, start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L));
    assertThat(r.byKind())
        .extracting(
            EvaluationReport.KindStats::name,
            EvaluationReport.KindStats::detected,
            EvaluationReport.KindStats::labels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("mass-deletion", 1, 1),
            org.assertj.core.groups.Tuple.tuple("permission-probing", 0, 1));
    assertThat(r.byStrength())
        .singleElement()
        .satisfies(k -> assertThat(k.recall()).isEqualTo(0.5));
  }

  @Test
  void shouldWriteEveryFigureAsJson() throws IOException {
    Labels l = labels(List.of(callLabel("a01", "TerminateInstances", T0, 20)), List.of());
    EvaluationReport r =
        eval(
            l,
            start("TerminateInstances", InsightType.API_CALL_RATE, null, T0, 30L),
            start("CreateTags", InsightType.API_CALL_RATE, null, T0.plusSeconds(7200), null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.writeJson(out);
    JsonNode json = new ObjectMapper().readTree(out.toByteArray());
    assertThat(json.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(json.get("precision").asDouble()).isEqualTo(0.5);
    assertThat(json.get("medianDelaySeconds").asDouble()).isEqualTo(30.0);
    assertThat(json.get("falseStarts").get(0).get("key").asText())
        .isEqualTo(ACCT + "|" + REGION + "|ec2.amazonaws.com|CreateTags");
    assertThat(json.get("detections").get(0).get("actorIsTopCaller").asBoolean()).isTrue();
    assertThat(json.get("options").get("slackSeconds").asInt()).isEqualTo(900);
  }

  @Test
  void shouldInterpolatePercentilesBetweenRanks() {
    assertThat(Evaluation.percentile(List.of(10.0, 20.0), 50)).isEqualTo(15.0);
    assertThat(Evaluation.percentile(List.of(5.0), 95)).isEqualTo(5.0);
    assertThat(Evaluation.percentile(List.of(3.0, 1.0, 2.0), 50)).isEqualTo(2.0);
    assertThat(Evaluation.percentile(List.of(), 50)).isNull();
  }

  @Test
  void shouldRejectANegativeSlack() {
    assertThatThrownBy(() -> new Evaluation.Options(Duration.ofMinutes(-1), Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--slack");
  }
}
