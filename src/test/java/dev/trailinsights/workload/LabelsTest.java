package dev.trailinsights.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.config.EventClass;
import dev.trailinsights.insight.InsightType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
  @TempDir Path dir;

  @Test
  void shouldReadBackWhatItWrites() throws IOException {
    Label a =
        new Label(
            "a01",
            "throttling-storm",
            "111122223333",
            "us-east-1",
            "kms.amazonaws.com",
            "Decrypt",
            InsightType.API_ERROR_RATE,
            "ThrottlingException",
            Instant.parse("2026-03-03T10:00:00Z"),
            Instant.parse("2026-03-03T10:12:00Z"),
            EventClass.READ_MANAGEMENT,
            "modest",
            0.0123,
            0.02,
            7.5,
            "arn:aws:sts::111122223333:assumed-role/reindex-job-role/reindex-1a2b3c4d",
            "aws-sdk-java/2.20.162",
            "10.1.2.3");
    Decoy d =
        new Decoy(
            Decoy.CRON_DAILY,
            "111122223333",
            "us-east-1",
            "ec2.amazonaws.com",
            "CreateSnapshot",
            0.1,
            "150 calls over 3 min from 02:10 UTC every day");
    Labels labels =
        new Labels(
            Map.of("seed", 42L, "format", "files"),
            812,
            Instant.parse("2026-03-02T00:00:00Z"),
            Instant.parse("2026-03-09T00:00:00Z"),
            Map.of("111122223333", -5),
            List.of(a),
            List.of(d));
    Path f = dir.resolve("labels.json");
    try (OutputStream out = Files.newOutputStream(f)) {
      labels.write(out);
    }
    Labels back = Labels.read(f);
    assertThat(back.anomalies()).containsExactly(a);
    assertThat(back.decoys()).containsExactly(d);
    assertThat(back.keys()).isEqualTo(812);
    assertThat(back.days()).isEqualTo(7.0);
    assertThat(back.utcOffsetHours()).containsEntry("111122223333", -5);
    assertThat(back.generator()).containsEntry("format", "files");
  }

  @Test
  void shouldAcceptHandWrittenLabelsWithOnlyTheRequiredFields() throws IOException {
    Path f = dir.resolve("labels.json");
    Files.writeString(
        f,
        """
        {"keys": 10, "start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z",
         "anomalies": [{"accountId": "111122223333", "region": "us-east-1",
           "eventSource": "iam.amazonaws.com", "eventName": "CreateUser",
           "insightType": "ApiCallRateInsight", "start": "2026-03-02T12:00:00Z",
           "end": "2026-03-02T12:10:00Z"}]}
        """);
    Labels l = Labels.read(f);
    assertThat(l.anomalies())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.selection()).isEqualTo(EventClass.WRITE_MANAGEMENT);
              assertThat(x.errorCode()).isNull();
              assertThat(x.userIdentityArn()).isNull();
            });
  }

  @Test
  void shouldExplainWhatIsWrongWithBadLabels() throws IOException {
    Path f = dir.resolve("labels.json");
    Files.writeString(f, "{\"keys\": 10, \"start\": \"2026-03-02T00:00:00Z\"}");
    assertThatThrownBy(() -> Labels.read(f)).hasMessageContaining("anomalies");
    Files.writeString(
        f,
        "{\"keys\":1,\"start\":\"2026-03-02T00:00:00Z\",\"end\":\"2026-03-03T00:00:00Z\","
            + "\"anomalies\":[{\"accountId\":\"1\",\"region\":\"r\",\"eventSource\":\"s\","
            + "\"eventName\":\"n\",\"insightType\":\"ApiErrorRateInsight\","
            + "\"start\":\"2026-03-02T12:00:00Z\",\"end\":\"2026-03-02T12:10:00Z\"}]}");
    assertThatThrownBy(() -> Labels.read(f)).hasMessageContaining("without errorCode");
    Files.writeString(f, "[1,2");
    assertThatThrownBy(() -> Labels.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }
}
