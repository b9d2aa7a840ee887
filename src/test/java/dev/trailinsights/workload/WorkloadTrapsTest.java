package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.InsightType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One week of small generated traffic, read back record by record: every trap of
 * docs/architecture.md must be present, and the labels must describe anomalies that are really in
 * the data.
 */
class WorkloadTrapsTest {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:sts::\\d{12}:assumed-role/[^/]+/.+");
  private static final Pattern USER_ARN = Pattern.compile("arn:aws:iam::\\d{12}:user/.+");

  @TempDir static Path dir;

  static WorkloadParams params;
  static Labels labels;
  static GenerationSummary summary;
  static final List<Row> rows = new ArrayList<>();
  static final List<String> lines = new ArrayList<>();

  /** What the checks need of one record line. */
  record Row(
      int line,
      String account,
      String region,
      String source,
      String name,
      long time,
      String code,
      String id,
      String version,
      String arn,
      boolean data,
      boolean readOnly) {
    String key() {
      return account + "|" + region + "|" + source + "|" + name;
    }

    String stream() {
      return account + "|" + region;
    }

    long minute() {
      return time / 60_000L;
    }
  }

  @BeforeAll
  static void generate() throws IOException {
    params =
        new WorkloadParams(
            7, 7, 2, 2, 80, 0.15, 12, OutputFormat.JSONL, Instant.parse("2026-03-02T00:00:00Z"));
    summary = new WorkloadGenerator(params).writeTo(dir, 2);
    labels = Labels.read(dir.resolve(WorkloadGenerator.LABELS_FILE));
    ObjectMapper mapper = new ObjectMapper();
    try (BufferedReader r =
        Files.newBufferedReader(
            dir.resolve(WorkloadGenerator.JSONL_FILE), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        JsonNode n = mapper.readTree(line);
        assertRequiredFields(n, line);
        rows.add(
            new Row(
                rows.size(),
                n.get("recipientAccountId").asText(),
                n.get("awsRegion").asText(),
                n.get("eventSource").asText(),
                n.get("eventName").asText(),
                Instant.parse(n.get("eventTime").asText()).toEpochMilli(),
                n.has("errorCode") ? n.get("errorCode").asText() : null,
                n.get("eventID").asText(),
                n.get("eventVersion").asText(),
                n.get("userIdentity").has("arn") ? n.get("userIdentity").get("arn").asText() : null,
                "Data".equals(n.path("eventCategory").asText()),
                n.path("readOnly").asBoolean(false)));
      }
    }
  }

  private static void assertRequiredFields(JsonNode n, String line) {
    assertThat(n.get("eventVersion").asText()).as(line).matches("1\\.(02|08|09|10|11)");
    assertThat(n.get("eventTime").asText())
        .as(line)
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(n.get("eventSource").asText()).as(line).endsWith(".amazonaws.com");
    assertThat(n.get("eventName").asText()).as(line).isNotEmpty();
    assertThat(n.get("awsRegion").asText()).as(line).isNotEmpty();
    assertThat(n.get("recipientAccountId").asText()).as(line).matches("\\d{12}");
    assertThat(n.get("eventID").asText()).as(line).matches(UUID);
    assertThat(n.get("eventType").asText()).as(line).isIn("AwsApiCall", "AwsConsoleSignIn");
    assertThat(n.get("userAgent").asText()).as(line).isNotEmpty();
    assertThat(n.get("sourceIPAddress").asText()).as(line).isNotEmpty();
    JsonNode id = n.get("userIdentity");
    switch (id.get("type").asText()) {
      case "AWSService" -> {
        assertThat(id.has("arn")).as(line).isFalse();
        assertThat(id.get("invokedBy").asText()).as(line).endsWith(".amazonaws.com");
      }
      case "AssumedRole" -> assertThat(id.get("arn").asText()).as(line).matches(ROLE_ARN);
      case "IAMUser" -> assertThat(id.get("arn").asText()).as(line).matches(USER_ARN);
      default -> throw new AssertionError("unexpected identity type: " + line);
    }
    boolean old = "1.02".equals(n.get("eventVersion").asText());
    for (String f : List.of("readOnly", "managementEvent", "eventCategory")) {
      assertThat(n.has(f)).as(f + " in " + line).isEqualTo(!old);
    }
    if (!old) {
      boolean data = "Data".equals(n.get("eventCategory").asText());
      assertThat(n.get("eventCategory").asText()).isIn("Management", "Data");
      assertThat(n.get("managementEvent").asBoolean()).as(line).isEqualTo(!data);
      assertThat(n.get("readOnly").isBoolean()).isTrue();
    }
  }

  @Test
  void shouldWriteRecordsOfAboutOneKilobyte() {
    double avg = lines.stream().mapToInt(String::length).average().orElseThrow();
    assertThat(avg).isBetween(900.0, 1600.0);
    assertThat(summary.records()).isEqualTo(rows.size());
  }

  @Test
  void shouldMixReadsWritesAndDataEvents() {
    Set<String> data = new HashSet<>();
    long reads = 0;
    long writes = 0;
    for (Row r : rows) {
      if (r.data()) {
        data.add(r.name());
      } else if (!"1.02".equals(r.version())) {
        if (r.readOnly()) {
          reads++;
        } else {
          writes++;
        }
      }
    }
    assertThat(data).contains("GetObject", "PutObject", "Invoke");
    assertThat(reads).isGreaterThan(writes / 2);
    assertThat(writes).isGreaterThan(reads / 20);
  }

  @Test
  void shouldDeliverSomeRecordsLateButWithinFourteenMinutes() {
    Map<String, Long> newest = new HashMap<>();
    Set<String> seen = new HashSet<>();
    long firstDeliveries = 0;
    long lateOnes = 0;
    long maxLag = 0;
    for (Row r : rows) {
      long top = Math.max(newest.getOrDefault(r.stream(), Long.MIN_VALUE), r.time());
      newest.put(r.stream(), top);
      if (!seen.add(r.id())) {
        continue; // a duplicate delivery
      }
      firstDeliveries++;
      long lag = top - r.time();
      maxLag = Math.max(maxLag, lag);
      if (lag > 5 * 60_000L) {
        lateOnes++;
      }
    }
    assertThat(maxLag).isLessThanOrEqualTo(14 * 60_000L);
    assertThat(lateOnes / (double) firstDeliveries).isBetween(0.015, 0.045);
    assertThat(summary.late() / (double) summary.uniqueEvents()).isBetween(0.025, 0.035);
  }

  @Test
  void shouldDeliverSomeRecordsTwiceWithIdenticalBytes() {
    Map<String, Integer> first = new HashMap<>();
    int dups = 0;
    for (Row r : rows) {
      Integer prev = first.putIfAbsent(r.id(), r.line());
      if (prev != null) {
        dups++;
        assertThat(lines.get(r.line())).isEqualTo(lines.get(prev));
        assertThat(r.line()).isGreaterThan(prev);
      }
    }
    assertThat(dups).isEqualTo((int) summary.duplicates());
    assertThat(dups / (double) first.size()).isBetween(0.002, 0.01);
  }

  @Test
  void shouldIncludeOldFormatRecords() {
    long old = rows.stream().filter(r -> "1.02".equals(r.version())).count();
    assertThat(old / (double) rows.size()).isBetween(0.002, 0.01);
  }

  @Test
  void shouldDeliverEachStreamInFilesOfFiveMinutesInShuffledOrder() {
    // within a run of records of one stream (one delivered file), event times are not sorted
    int unsorted = 0;
    for (int i = 1; i < rows.size(); i++) {
      Row a = rows.get(i - 1);
      Row b = rows.get(i);
      if (a.stream().equals(b.stream()) && b.time() < a.time()) {
        unsorted++;
      }
    }
    assertThat(unsorted).isGreaterThan(rows.size() / 10);
  }

  @Test
  void shouldLeaveSparseApisSilentMostMinutesWithSingleCalls() {
    long minutes = params.days() * 1440L;
    Map<String, Set<Long>> busyMinutes = new HashMap<>();
    Map<String, Map<Long, Integer>> perMinute = new HashMap<>();
    for (Row r : firstDeliveries()) {
      busyMinutes.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.minute());
      perMinute.computeIfAbsent(r.key(), k -> new HashMap<>()).merge(r.minute(), 1, Integer::sum);
    }
    Set<String> labelled = new HashSet<>();
    labels.anomalies().forEach(l -> labelled.add(l.key()));
    List<Decoy> sparse =
        labels.decoys().stream().filter(d -> d.kind().equals(Decoy.SPARSE)).toList();
    assertThat(sparse).hasSizeGreaterThan(20);
    int singleCallMinutes = 0;
    double zeroShareSum = 0;
    for (Decoy d : sparse) {
      assertThat(d.ratePerMinute()).isBetween(0.001, 0.05);
      if (labelled.contains(d.key())) {
        continue;
      }
      int busy = busyMinutes.getOrDefault(d.key(), Set.of()).size();
      double zeroShare = 1 - busy / (double) minutes;
      assertThat(zeroShare).as(d.key()).isGreaterThan(0.85);
      zeroShareSum += zeroShare;
      for (int c : perMinute.getOrDefault(d.key(), Map.of()).values()) {
        if (c == 1) {
          singleCallMinutes++;
        }
      }
    }
    assertThat(zeroShareSum / sparse.size()).isGreaterThan(0.95);
    assertThat(singleCallMinutes).isGreaterThan(100);
  }

  @Test
  void shouldRepeatScheduledBurstsOfFixedSize() {
    Pattern hourly =
        Pattern.compile("^(\\d+) calls over (\\d+) min from minute (\\d+) of every hour");
    Pattern daily = Pattern.compile("^(\\d+) calls over (\\d+) min from (\\d\\d):(\\d\\d) UTC");
    List<Decoy> crons = labels.decoys().stream().filter(d -> d.kind().startsWith("cron-")).toList();
    assertThat(crons).isNotEmpty();
    long from = params.start().getEpochSecond() / 60;
    long to = params.end().getEpochSecond() / 60;
    for (Decoy d : crons) {
      boolean isHourly = d.kind().equals(Decoy.CRON_HOURLY);
      Matcher m = (isHourly ? hourly : daily).matcher(d.detail());
      assertThat(m.find()).as(d.detail()).isTrue();
      int burst = Integer.parseInt(m.group(1));
      int length = Integer.parseInt(m.group(2));
      long at =
          isHourly
              ? Long.parseLong(m.group(3))
              : Long.parseLong(m.group(3)) * 60 + Long.parseLong(m.group(4));
      long period = isHourly ? 60 : 1440;
      Map<Long, Integer> perBurst = new HashMap<>();
      for (Row r : firstDeliveries()) {
        if (r.key().equals(d.key())) {
          long offset = Math.floorMod(r.minute() - at, period);
          assertThat(offset).as(d.key() + " call outside its burst").isLessThan(length);
          perBurst.merge(Math.floorDiv(r.minute() - at, period), 1, Integer::sum);
        }
      }
      int whole = 0;
      for (long b = Math.floorDiv(from - at, period); b <= Math.floorDiv(to - at, period); b++) {
        long burstStart = b * period + at;
        if (burstStart >= from && burstStart + length <= to) {
          assertThat(perBurst.getOrDefault(b, 0)).as(d.key() + " burst " + b).isEqualTo(burst);
          whole++;
        }
      }
      assertThat(whole).isGreaterThanOrEqualTo(isHourly ? 160 : 6);
    }
  }

  @Test
  void shouldFollowBusinessHoursAndQuietWeekends() {
    String account = labels.utcOffsetHours().keySet().iterator().next();
    int offset = labels.utcOffsetHours().get(account);
    long[] weekdayDay = new long[1];
    long[] weekdayNight = new long[1];
    long[] weekendDay = new long[1];
    Set<String> flat = new HashSet<>();
    labels.decoys().forEach(d -> flat.add(d.key())); // scheduled jobs ignore office hours
    for (Row r : firstDeliveries()) {
      if (!r.account().equals(account) || flat.contains(r.key())) {
        continue;
      }
      ZonedDateTime t = Instant.ofEpochMilli(r.time()).atZone(ZoneOffset.ofHours(offset));
      boolean weekend = t.getDayOfWeek().getValue() >= 6;
      int h = t.getHour();
      if (h >= 10 && h < 16) {
        (weekend ? weekendDay : weekdayDay)[0]++;
      } else if (!weekend && h < 5) {
        weekdayNight[0]++;
      }
    }
    // per hour: 5 weekdays x 6 h of day, 5 weekdays x 5 h of night, 2 weekend days x 6 h
    double day = weekdayDay[0] / 30.0;
    double night = weekdayNight[0] / 25.0;
    double weekendDaytime = weekendDay[0] / 12.0;
    assertThat(day).isGreaterThan(1.8 * night);
    assertThat(weekendDaytime).isLessThan(0.6 * day);
  }

  @Test
  void shouldPlaceLabelsAfterTheFirstDayWithoutOverlapOnAKey() {
    assertThat(labels.anomalies()).hasSize(params.anomalies());
    assertThat(labels.anomalies().stream().map(Label::kind).distinct())
        .containsExactlyInAnyOrder(
            "permission-probing", "enumeration", "mass-deletion", "throttling-storm", "new-api");
    Map<String, List<Label>> byKey = new HashMap<>();
    for (Label l : labels.anomalies()) {
      assertThat(l.start()).isAfterOrEqualTo(params.start().plusSeconds(86_400));
      assertThat(l.end()).isBeforeOrEqualTo(params.end());
      long minutes = (l.end().getEpochSecond() - l.start().getEpochSecond()) / 60;
      assertThat(minutes).isBetween(5L, 60L);
      assertThat(l.errorCode() != null).isEqualTo(l.insightType() == InsightType.API_ERROR_RATE);
      assertThat(l.userIdentityArn()).isNotNull();
      switch (l.kind()) {
        case "mass-deletion" -> {
          assertThat(l.insightType()).isEqualTo(InsightType.API_CALL_RATE);
          assertThat(l.selection()).isEqualTo(EventClass.WRITE_MANAGEMENT);
          assertThat(l.eventName()).matches("(Delete|Terminate|Deregister|BatchDelete|Schedule).*");
          assertThat(l.eventName()).isNotEqualTo("DeleteObject");
        }
        case "new-api" -> {
          assertThat(l.insightType()).isEqualTo(InsightType.API_CALL_RATE);
          assertThat(l.selection()).isEqualTo(EventClass.WRITE_MANAGEMENT);
        }
        case "throttling-storm" ->
            assertThat(l.errorCode()).isIn("ThrottlingException", "Client.RequestLimitExceeded");
        case "permission-probing" ->
            assertThat(l.errorCode()).isIn("AccessDenied", "Client.UnauthorizedOperation");
        case "enumeration" -> assertThat(l.selection()).isEqualTo(EventClass.READ_MANAGEMENT);
        default -> throw new AssertionError(l.kind());
      }
      byKey.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
    }
    for (List<Label> same : byKey.values()) {
      for (int i = 0; i < same.size(); i++) {
        for (int j = i + 1; j < same.size(); j++) {
          Label a = same.get(i);
          Label b = same.get(j);
          boolean overlap = a.start().isBefore(b.end()) && b.start().isBefore(a.end());
          assertThat(overlap).as(a.id() + " and " + b.id()).isFalse();
        }
      }
    }
  }

  @Test
  void shouldPutEachLabelledAnomalyInTheData() {
    for (Label l : labels.anomalies()) {
      long s = l.start().toEpochMilli();
      long e = l.end().toEpochMilli();
      long inWindow = 0;
      for (Row r : firstDeliveries()) {
        boolean series =
            l.insightType() == InsightType.API_CALL_RATE || l.errorCode().equals(r.code());
        if (r.key().equals(l.key()) && series && r.time() >= s && r.time() < e) {
          inWindow++;
        }
      }
      double minutes = (e - s) / 60_000.0;
      double rate = inWindow / minutes;
      assertThat(l.anomalyPerMinute()).as(l.id()).isGreaterThanOrEqualTo(4);
      assertThat(rate - l.baselinePerMinute())
          .as(l.id() + " " + l.kind())
          .isGreaterThan(0.5 * l.anomalyPerMinute());
      if (l.kind().equals("new-api")) {
        assertThat(l.baselinePerMinute()).isZero();
        long before =
            firstDeliveries().stream().filter(r -> r.key().equals(l.key()) && r.time() < s).count();
        assertThat(before).as(l.id()).isZero();
      }
    }
  }

  @Test
  void shouldGiveEachAnomalyAnActorThatNormalTrafficNeverUses() {
    for (Label l : labels.anomalies()) {
      List<Label> sameActor =
          labels.anomalies().stream()
              .filter(o -> o.userIdentityArn().equals(l.userIdentityArn()))
              .toList();
      long inside = 0;
      for (Row r : rows) {
        if (!l.userIdentityArn().equals(r.arn())) {
          continue;
        }
        boolean covered =
            sameActor.stream()
                .anyMatch(
                    o ->
                        o.key().equals(r.key())
                            && r.time() >= o.start().toEpochMilli()
                            && r.time() < o.end().toEpochMilli());
        assertThat(covered).as(l.id() + " actor outside its anomaly: " + r).isTrue();
        inside++;
      }
      assertThat(inside).as(l.id()).isPositive();
    }
  }

  @Test
  void shouldCountDistinctKeysInLabels() {
    Set<String> keys = new HashSet<>();
    rows.forEach(r -> keys.add(r.key()));
    assertThat(labels.keys()).isEqualTo(keys.size());
  }

  @Test
  void shouldIncludeBackgroundErrorsAtLowRates() {
    Map<String, Long> codes = new HashMap<>();
    long errors = 0;
    for (Row r : firstDeliveries()) {
      if (r.code() != null && !insideAnyLabel(r)) {
        codes.merge(r.code(), 1L, Long::sum);
        errors++;
      }
    }
    assertThat(codes.keySet()).anyMatch(c -> c.equals("AccessDenied") || c.startsWith("Client."));
    assertThat(errors / (double) rows.size()).isBetween(0.0005, 0.03);
  }

  private static boolean insideAnyLabel(Row r) {
    for (Label l : labels.anomalies()) {
      if (l.key().equals(r.key())
          && r.time() >= l.start().toEpochMilli()
          && r.time() < l.end().toEpochMilli()) {
        return true;
      }
    }
    return false;
  }

  private static List<Row> firstDeliveries;

  private static synchronized List<Row> firstDeliveries() {
    if (firstDeliveries == null) {
      Set<String> seen = new HashSet<>();
      List<Row> out = new ArrayList<>();
      for (Row r : rows) {
        if (seen.add(r.id())) {
          out.add(r);
        }
      }
      firstDeliveries = out;
    }
    return firstDeliveries;
  }
}
