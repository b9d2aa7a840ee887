package dev.trailinsights.detect;

import static dev.trailinsights.detect.Traffic.ATTACKER_ARN;
import static dev.trailinsights.detect.Traffic.NORMAL_ARN;
import static dev.trailinsights.detect.Traffic.minuteOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.event.Access;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.insight.Attribution;
import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.insight.InsightType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One test per trap of docs/architecture.md ("Detection traps"); each fails when its handling is
 * removed.
 */
class DetectorTrapsTest {
  private static final String CREATE_KEY = "iam.amazonaws.com:CreateAccessKey";
  private static final String RUN = "ec2.amazonaws.com:RunInstances";
  private static final int DAY = 1440;

  private static DetectorConfig.Builder config() {
    return DetectorConfig.builder().minBaseline(Duration.ofHours(12));
  }

  /** One call every 100 minutes for two days. */
  private static Traffic sparse(Traffic t, String api) {
    for (long m = 0; m < 2 * DAY; m += 100) {
      t.calls(m, 1, api, NORMAL_ARN);
    }
    return t;
  }

  @Test
  void shouldCountSilentMinutesInTheBaseline() {
    Traffic t = sparse(new Traffic(), CREATE_KEY).calls(2 * DAY + 30, 20, CREATE_KEY, ATTACKER_ARN);

    List<InsightEvent> starts = t.run(config().build()).starts();

    assertThat(starts).hasSize(1);
    // 29 calls over ~2 days of minutes: about 0.01 per minute, not 1.0 (the mean of busy minutes)
    assertThat(starts.get(0).baselineAverage()).isBetween(0.005, 0.02);
    assertThat(starts.get(0).baselineDuration()).isGreaterThan(2 * DAY - 60);
  }

  @Test
  void shouldNotStartOnOneTwoOrThreeCallsOfASparseApi() {
    Traffic t = sparse(new Traffic(), CREATE_KEY);
    t.calls(2 * DAY + 10, 1, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 50, 2, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 90, 3, CREATE_KEY, ATTACKER_ARN);

    assertThat(t.run(config().build()).insights()).isEmpty();
  }

  @Test
  void shouldStartOnTheRunningCountBeforeTheMinuteEnds() {
    Traffic t = sparse(new Traffic(), CREATE_KEY).calls(2 * DAY + 30, 30, CREATE_KEY, ATTACKER_ARN);

    InsightEvent start = t.runOnArrival(config().build()).starts().get(0);

    long minuteEnd = Traffic.BASE + (2L * DAY + 31) * 60_000L;
    assertThat(minuteOf(start)).isEqualTo(2L * DAY + 30);
    assertThat(start.details().decidedAtMillis()).isLessThan(minuteEnd - 30_000L);
    assertThat(start.insightAverage()).isEqualTo((double) start.details().threshold());
    assertThat(start.insightDuration()).isEqualTo(1);
  }

  @Test
  void shouldNotFlagAnHourlyCronJobOfAConstantSize() {
    Traffic t = new Traffic();
    for (long m = 0; m < 4 * DAY; m++) {
      if (m % 60 == 0) {
        t.calls(m, 40, RUN, NORMAL_ARN);
      } else if (m % 7 == 0) {
        t.calls(m, 1, RUN, NORMAL_ARN);
      }
    }

    assertThat(t.run(config().minBaseline(Duration.ofDays(1)).build()).insights()).isEmpty();
  }

  @Test
  void shouldJudgeANightAgainstNightsOnceTheDailyProfileIsLearned() {
    Traffic t = new Traffic();
    for (long m = 0; m < 5 * DAY; m++) {
      long hour = (m / 60) % 24;
      boolean business = hour >= 8 && hour < 18;
      t.calls(m, t.poisson(business ? 12 : 0.5), RUN, NORMAL_ARN);
    }
    // daytime level at 03:00 on day 6
    for (long m = 5 * DAY + 180; m < 5 * DAY + 190; m++) {
      t.calls(m, 12, RUN, ATTACKER_ARN);
    }

    Traffic.Result seasonal = t.run(config().build());
    Traffic.Result flat = t.run(config().seasonality(false).build());

    assertThat(seasonal.starts()).hasSize(1);
    assertThat(minuteOf(seasonal.starts().get(0))).isBetween(5L * DAY + 180, 5L * DAY + 181);
    assertThat(seasonal.starts().get(0).details().seasonal()).startsWith("hour-of-day");
    // the flat baseline (mean ~5/min, overdispersed) cannot see it
    assertThat(flat.starts()).noneMatch(s -> minuteOf(s) >= 5L * DAY + 170);
  }

  @Test
  void shouldNotLearnFromMinutesInsideAnOpenInsight() {
    Traffic t = new Traffic();
    for (long m = 0; m < 3 * DAY; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }
    long first = 3 * DAY;
    for (long m = first; m < first + 180; m++) {
      t.calls(m, 30, RUN, ATTACKER_ARN);
    }
    for (long m = first + 180; m < first + 300; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }
    for (long m = first + 300; m < first + 310; m++) {
      t.calls(m, 30, RUN, ATTACKER_ARN);
    }
    for (long m = first + 310; m < first + 400; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }

    Traffic.Result r = t.run(config().maxFrozen(Duration.ofHours(6)).build());

    assertThat(r.starts()).hasSize(2);
    assertThat(r.ends()).hasSize(2);
    InsightEvent firstEnd = r.ends().get(0);
    assertThat(firstEnd.insightDuration()).isBetween(178L, 182L);
    assertThat(firstEnd.insightAverage()).isGreaterThan(25);
    // the second burst is judged against the same ~1/min baseline, not one inflated by the first
    assertThat(r.starts().get(1).baselineAverage()).isLessThan(1.3);
  }

  @Test
  void shouldEndAStuckInsightOnceTheFreezeBoundPasses() {
    Traffic t = new Traffic();
    for (long m = 0; m < 2 * DAY; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }
    for (long m = 2 * DAY; m < 4 * DAY; m++) {
      t.calls(m, t.poisson(20), RUN, NORMAL_ARN); // a new normal
    }

    Traffic.Result r = t.run(config().maxFrozen(Duration.ofHours(1)).build());

    assertThat(r.starts()).isNotEmpty();
    assertThat(r.ends()).isNotEmpty();
    assertThat(minuteOf(r.ends().get(0))).isLessThan(3L * DAY);
  }

  @Test
  void shouldWaitForTheAccountsWarmUpBeforeAnyInsight() {
    Traffic t = new Traffic();
    for (long m = 0; m < 2 * DAY; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }
    t.calls(120, 40, RUN, ATTACKER_ARN); // two hours in: still warming up
    t.calls(DAY + 120, 40, RUN, ATTACKER_ARN);
    t.records.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));

    List<InsightEvent> starts = t.run(config().minBaseline(Duration.ofDays(1)).build()).starts();

    assertThat(starts).extracting(Traffic::minuteOf).containsExactly(DAY + 120L);
  }

  @Test
  void shouldRaiseAnInsightForANewApiInAWellKnownAccount() {
    Traffic t = new Traffic();
    for (long m = 0; m < 2 * DAY; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }
    t.calls(2 * DAY + 5, 25, CREATE_KEY, ATTACKER_ARN);

    List<InsightEvent> starts = t.run(config().build()).starts();

    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).eventName()).isEqualTo("CreateAccessKey");
    assertThat(starts.get(0).baselineAverage()).isEqualTo(0.0);
    assertThat(starts.get(0).baselineDuration()).isGreaterThan(2 * DAY - 60);
  }

  @Test
  void shouldGiveTheSameInsightsWhenNormalTrafficArrivesLateWithinTheHorizon() {
    Traffic t = burstScenario();
    // every normal call is delivered up to 12 minutes late, in random order, as trail files are
    Random rnd = new Random(3);
    List<long[]> delivery = new ArrayList<>();
    for (int i = 0; i < t.records.size(); i++) {
      CloudTrailRecord r = t.records.get(i);
      long delay = r.userArn().equals(NORMAL_ARN) ? rnd.nextInt(12 * 60_000) : 0;
      delivery.add(new long[] {r.eventTimeMillis() + delay, i});
    }
    delivery.sort(java.util.Comparator.comparingLong(d -> d[0]));
    List<CloudTrailRecord> late = new ArrayList<>();
    delivery.forEach(d -> late.add(t.records.get((int) d[1])));

    Traffic.Result ordered = t.run(config().build());
    Traffic.Result reordered = Traffic.run(config().build(), late);

    assertThat(reordered.detector().counters().late()).isZero();
    assertThat(ordered.insights()).hasSize(2);
    // the Start, judged when its minute closes: baselines are exact sums of closed minutes and the
    // count is the whole minute's, whatever the order; the attributions give the callers' shares of
    // the minute's block of minutes as it was then, so their split can differ, not who leads
    InsightEvent s1 = ordered.starts().get(0);
    InsightEvent s2 = reordered.starts().get(0);
    assertThat(withoutAttributions(s2)).isEqualTo(withoutAttributions(s1));
    assertThat(s2.insightAverage()).isEqualTo(41.0);
    assertThat(s2.attributions().get(0).insight().get(0).value())
        .isEqualTo(s1.attributions().get(0).insight().get(0).value())
        .isEqualTo(ATTACKER_ARN);
    // judged on arrival, as at the live edge, the Start comes on the call that proves it: byte for
    // byte the same here, as the late calls are not the attacker's
    Traffic.Result live = t.runOnArrival(config().build());
    Traffic.Result liveReordered = Traffic.runOnArrival(config().build(), late);
    assertThat(json(liveReordered.starts().get(0))).isEqualTo(json(live.starts().get(0)));
    // the End's figures too; its attributions count the calls seen while it was open
    InsightEvent a = ordered.ends().get(0);
    InsightEvent b = reordered.ends().get(0);
    assertThat(b.sharedEventId()).isEqualTo(a.sharedEventId());
    assertThat(b.eventTimeMillis()).isEqualTo(a.eventTimeMillis());
    assertThat(b.insightAverage()).isEqualTo(a.insightAverage());
    assertThat(b.insightDuration()).isEqualTo(a.insightDuration());
    assertThat(b.baselineAverage()).isEqualTo(a.baselineAverage());
    assertThat(b.baselineDuration()).isEqualTo(a.baselineDuration());
  }

  @Test
  void shouldCountEventsBeyondTheLatenessHorizonAsLate() {
    Traffic t = burstScenario();
    CloudTrailRecord old =
        Traffic.record(
            Traffic.BASE + 60_000L,
            RUN,
            NORMAL_ARN,
            null,
            dev.trailinsights.event.Access.WRITE,
            "late-one");
    List<CloudTrailRecord> input = new ArrayList<>(t.records);
    input.add(old);

    Traffic.Result r = Traffic.run(config().build(), input);

    assertThat(r.detector().counters().late()).isEqualTo(1);
  }

  @Test
  void shouldNotLetAFewRecordsFarAheadOfTheRestMakeTheFollowingEventsLate() {
    Traffic t = burstScenario();
    List<CloudTrailRecord> poisoned = new ArrayList<>(t.records);
    // a handful of records dated days ahead of their neighbours, before the burst (a skewed clock)
    for (int i = 0; i < 7; i++) {
      poisoned.add(
          poisoned.size() / 2 + i * 10,
          Traffic.record(
              Traffic.BASE + 4L * DAY * 60_000L,
              "s3.amazonaws.com:PutBucketPolicy",
              NORMAL_ARN,
              null,
              Access.WRITE,
              "ahead-" + i));
    }

    Traffic.Result clean = t.run(config().build());
    Traffic.Result r = Traffic.run(config().build(), poisoned);

    assertThat(r.detector().counters().late()).isZero();
    assertThat(clean.insights()).hasSize(2);
    // they are counted in their own minute (a new API there: an insight of its own)
    assertThat(
            r.insights().stream()
                .filter(i -> i.eventName().equals("RunInstances"))
                .map(DetectorTrapsTest::json)
                .toList())
        .isEqualTo(clean.insights().stream().map(DetectorTrapsTest::json).toList());
  }

  @Test
  void shouldCountARedeliveredEventOnce() {
    Traffic t = burstScenario();
    List<CloudTrailRecord> twice = new ArrayList<>(t.records);
    twice.addAll(t.records.subList(t.records.size() - 2000, t.records.size()));
    twice.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));

    Traffic.Result once = t.run(config().build());
    Traffic.Result deduped = Traffic.run(config().build(), twice);
    Traffic.Result counted = Traffic.run(config().dedupe(false).build(), twice);

    assertThat(deduped.detector().counters().duplicates()).isEqualTo(2000);
    assertThat(deduped.ends().stream().map(e -> json(e)).toList())
        .isEqualTo(once.ends().stream().map(e -> json(e)).toList());
    assertThat(counted.ends().get(0).insightAverage())
        .isGreaterThan(once.ends().get(0).insightAverage());
  }

  @Test
  void shouldNotFlapWhenTheRateHoversAroundTheThreshold() {
    Traffic t = new Traffic();
    for (long m = 0; m < DAY; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }
    for (long m = DAY; m < DAY + 60; m++) {
      t.calls(m, m % 2 == 0 ? 14 : (m % 6 == 1 ? 1 : 5), RUN, ATTACKER_ARN);
    }
    for (long m = DAY + 60; m < DAY + 120; m++) {
      t.calls(m, t.poisson(1), RUN, NORMAL_ARN);
    }

    Traffic.Result r = t.run(config().build());
    Traffic.Result noHysteresis = t.run(config().hysteresis(1.0).quietMinutes(1).build());

    assertThat(r.starts()).hasSize(1);
    assertThat(r.ends()).hasSize(1);
    assertThat(noHysteresis.starts().size()).isGreaterThan(3);
  }

  @Test
  void shouldAttributeTheInsightToItsCallerAgainstTheUsualOne() {
    Traffic t = sparse(new Traffic(), CREATE_KEY).calls(2 * DAY + 30, 20, CREATE_KEY, ATTACKER_ARN);

    InsightEvent start = t.run(config().build()).starts().get(0);

    Attribution arns = start.attributions().get(0);
    assertThat(arns.attribute()).isEqualTo(Attribution.USER_IDENTITY_ARN);
    assertThat(arns.insight().get(0).value()).isEqualTo(ATTACKER_ARN);
    assertThat(arns.baseline()).extracting(v -> v.value()).containsExactly(NORMAL_ARN);
    assertThat(arns.baseline().get(0).average())
        .isCloseTo(start.baselineAverage(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(start.attributions().get(2).insight().get(0).value()).isEqualTo("null");
  }

  @Test
  void shouldAttributeTheInsightWhenItsCallsArriveAfterLaterMinutes() {
    Traffic t = sparse(new Traffic(), CREATE_KEY);
    t.calls(2 * DAY + 31, 1, CREATE_KEY, NORMAL_ARN); // a later minute, delivered first
    t.calls(2 * DAY + 30, 20, CREATE_KEY, ATTACKER_ARN);

    InsightEvent start = t.run(config().build()).starts().get(0);

    assertThat(minuteOf(start)).isEqualTo(2L * DAY + 30);
    assertThat(start.attributions().get(0).insight().get(0).value()).isEqualTo(ATTACKER_ARN);
    assertThat(start.attributions().get(0).baseline())
        .extracting(v -> v.value())
        .containsExactly(NORMAL_ARN);
  }

  @Test
  void shouldCountAnEarlierUnusualMinuteThatArrivesAfterTheStartInTheEnd() {
    Traffic t = twoMinuteBurst(true);
    Traffic inOrder = twoMinuteBurst(false);

    Traffic.Result r = t.runOnArrival(config().build());
    Traffic.Result ordered = inOrder.runOnArrival(config().build());

    assertThat(r.detector().counters().late()).isZero();
    assertThat(r.starts()).hasSize(1);
    assertThat(minuteOf(r.starts().get(0))).isEqualTo(2L * DAY + 31); // written on arrival
    InsightEvent end = r.ends().get(0);
    assertThat(end.sharedEventId()).isEqualTo(r.starts().get(0).sharedEventId());
    // the End counts the episode from the earlier minute, as it does when the minutes arrive in
    // order
    assertThat(end.insightDuration()).isEqualTo(2);
    assertThat(end.insightAverage()).isEqualTo(20.0);
    InsightEvent orderedEnd = ordered.ends().get(0);
    assertThat(end.insightDuration()).isEqualTo(orderedEnd.insightDuration());
    assertThat(end.insightAverage()).isEqualTo(orderedEnd.insightAverage());
    assertThat(end.eventTimeMillis()).isEqualTo(orderedEnd.eventTimeMillis());
  }

  @Test
  void shouldStartOnTheWholeMinuteWhenTheMinuteIsJudgedAsItCloses() {
    Traffic t = sparse(new Traffic(), CREATE_KEY).calls(2 * DAY + 30, 30, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 60, 1, CREATE_KEY, NORMAL_ARN); // time goes on: the minute closes

    InsightEvent start = t.run(config().build()).starts().get(0);

    assertThat(minuteOf(start)).isEqualTo(2L * DAY + 30);
    assertThat(start.insightAverage()).isEqualTo(30.0);
    assertThat(start.details().decidedAtMillis())
        .isEqualTo(Traffic.BASE + (2L * DAY + 31) * 60_000L - 1);
  }

  @Test
  void shouldStartOnTheFirstUnusualMinuteWhateverOrderTheMinutesArriveIn() {
    Traffic t = twoMinuteBurst(true);
    Traffic inOrder = twoMinuteBurst(false);

    Traffic.Result r = t.run(config().build());
    Traffic.Result ordered = inOrder.run(config().build());

    assertThat(minuteOf(r.starts().get(0))).isEqualTo(2L * DAY + 30);
    assertThat(r.insights()).hasSize(2);
    assertThat(r.insights().stream().map(DetectorTrapsTest::json))
        .containsExactlyElementsOf(
            ordered.insights().stream().map(DetectorTrapsTest::json).toList());
  }

  @Test
  void shouldShareOutTheInsightsAverageAmongItsCallersOnStartAndEnd() {
    Traffic t = sparse(new Traffic(), CREATE_KEY);
    for (long m = 2 * DAY + 20; m < 2 * DAY + 30; m++) {
      t.calls(m, 2, CREATE_KEY, NORMAL_ARN); // the minute's block also holds these calls
    }
    t.calls(2 * DAY + 30, 30, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 60, 1, CREATE_KEY, NORMAL_ARN);

    Traffic.Result r = t.run(config().build());

    assertThat(r.insights()).hasSize(2);
    for (InsightEvent e : r.insights()) {
      for (Attribution a : e.attributions()) {
        double sum = a.insight().stream().mapToDouble(v -> v.average()).sum();
        assertThat(sum)
            .as(e.state() + " " + a.attribute())
            .isCloseTo(e.insightAverage(), within(1e-3));
      }
    }
  }

  @Test
  void shouldAttributeABurstsFirstMinuteToItWhenItArrivesAfterTheNextBlocksMinute() {
    // minutes 2911 and 2912 after the base lie in two attribution blocks (16 minutes each, from an
    // epoch-aligned base); the later one arrives first, after hours without calls
    Traffic t = sparse(new Traffic(), CREATE_KEY);
    t.calls(2 * DAY + 32, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 31, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 60, 1, CREATE_KEY, NORMAL_ARN);
    Traffic inOrder = sparse(new Traffic(), CREATE_KEY);
    inOrder.calls(2 * DAY + 31, 20, CREATE_KEY, ATTACKER_ARN);
    inOrder.calls(2 * DAY + 32, 20, CREATE_KEY, ATTACKER_ARN);
    inOrder.calls(2 * DAY + 60, 1, CREATE_KEY, NORMAL_ARN);

    Traffic.Result r = t.run(config().build());
    Traffic.Result ordered = inOrder.run(config().build());

    InsightEvent start = r.starts().get(0);
    assertThat(minuteOf(start)).isEqualTo(2L * DAY + 31);
    assertThat(start.attributions().get(0).insight())
        .extracting(v -> v.value())
        .containsExactly(ATTACKER_ARN);
    assertThat(r.insights().stream().map(DetectorTrapsTest::json))
        .containsExactlyElementsOf(
            ordered.insights().stream().map(DetectorTrapsTest::json).toList());
  }

  @Test
  void shouldKeepAnUnusualMinuteFarBeforeTheStartOutOfItsEpisode() {
    Traffic t = sparse(new Traffic(), CREATE_KEY);
    t.calls(2 * DAY + 40, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 30, 20, CREATE_KEY, ATTACKER_ARN); // more than quiet-minutes before it
    t.calls(2 * DAY + 70, 1, CREATE_KEY, NORMAL_ARN);

    Traffic.Result r = t.run(config().build());

    assertThat(r.ends().get(0).insightDuration()).isEqualTo(1);
  }

  @Test
  void shouldRaiseAnErrorRateInsightPerErrorCode() {
    String describe = "ec2.amazonaws.com:DescribeInstances";
    Traffic t = new Traffic();
    for (long m = 0; m < DAY; m++) {
      t.add(m, t.poisson(2), describe, NORMAL_ARN, null, Access.READ);
      if (m % 97 == 0) {
        t.add(m, 1, describe, NORMAL_ARN, "Client.UnauthorizedOperation", Access.READ);
      }
    }
    t.add(DAY + 10, 30, describe, ATTACKER_ARN, "Client.UnauthorizedOperation", Access.READ);
    t.add(DAY + 10, 2, describe, ATTACKER_ARN, "AccessDenied", Access.READ);

    Traffic.Result r = t.run(config().build());

    // reads are not in the default call-rate selection, but their errors are in the error-rate one
    assertThat(r.starts(InsightType.API_CALL_RATE)).isEmpty();
    List<InsightEvent> errors = r.starts(InsightType.API_ERROR_RATE);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).errorCode()).isEqualTo("Client.UnauthorizedOperation");
    assertThat(errors.get(0).attributions()).hasSize(2);
  }

  @Test
  void shouldGiveByteIdenticalInsightsOnEveryRun() {
    Traffic t = burstScenario();
    List<String> a = t.run(config().build()).insights().stream().map(e -> json(e)).toList();
    List<String> b = t.run(config().build()).insights().stream().map(e -> json(e)).toList();
    assertThat(a).isNotEmpty().isEqualTo(b);
  }

  /** A day of ~2 calls/min, a 20-minute burst at 40/min, then normal again. */
  static Traffic burstScenario() {
    Traffic t = new Traffic();
    for (long m = 0; m < DAY + 120; m++) {
      t.calls(m, t.poisson(2), RUN, NORMAL_ARN);
      if (m >= DAY && m < DAY + 20) {
        t.calls(m, 40, RUN, ATTACKER_ARN);
      }
    }
    t.records.sort(java.util.Comparator.comparingLong(CloudTrailRecord::eventTimeMillis));
    return t;
  }

  /**
   * A burst of 20 calls in each of two minutes, then a call half an hour later (time goes on: the
   * episode can end); with {@code secondFirst}, the later minute, which proves the insight on its
   * own, is delivered before the burst's first minute.
   */
  private static Traffic twoMinuteBurst(boolean secondFirst) {
    Traffic t = sparse(new Traffic(), CREATE_KEY);
    long first = 2 * DAY + 30;
    t.calls(secondFirst ? first + 1 : first, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(secondFirst ? first : first + 1, 20, CREATE_KEY, ATTACKER_ARN);
    t.calls(2 * DAY + 60, 1, CREATE_KEY, NORMAL_ARN);
    return t;
  }

  private static String withoutAttributions(InsightEvent e) {
    return json(e).replaceAll("\"attributions\":\\[.*?\\]}\\]", "");
  }

  private static String json(InsightEvent e) {
    return new String(InsightJson.toBytes(e), java.nio.charset.StandardCharsets.UTF_8);
  }
}
