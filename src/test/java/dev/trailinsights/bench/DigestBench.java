package dev.trailinsights.bench;

import dev.trailinsights.insight.InsightEvent;
import dev.trailinsights.insight.InsightJson;
import dev.trailinsights.integrity.ChainStore;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.DigestSigner;
import dev.trailinsights.integrity.RunningDigest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a signed digest costs per Insights record, against what the detector already spends on the
 * record: {@code serialise} is {@link InsightJson#toBytes} of one insight (the work every insight
 * costs without digests); {@code serialiseAndDigest} adds what the digest node does (SHA-256 of the
 * bytes, the entry kept), with one Ed25519 signature per 100 records (a busy interval; hourly
 * intervals have far fewer). Average time per record.
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test-compile exec:exec -Dbench.args=DigestBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class DigestBench {
  /** One Insights record as replay writes it (a call-rate Start). */
  static final String RECORD =
      "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-03T05:37:00Z\",\"awsRegion\":\"us-east-1\",\"eventID\":\"d735a681-43cf-50b8-a416-fea635b676fd\",\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"532661062615\",\"sharedEventID\":\"350e8b0b-34b3-5878-8b33-e7c93e406015\",\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"DeleteAccessKey\",\"insightType\":\"ApiCallRateInsight\",\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":0.0},\"insight\":{\"average\":5.0},\"insightDuration\":1,\"baselineDuration\":1762},\"attributions\":[{\"attribute\":\"userIdentityArn\",\"insight\":[{\"value\":\"arn:aws:sts::532661062615:assumed-role/OrganizationAccountAccessRole/6ebd5dc2\",\"average\":5.0}],\"baseline\":[]},{\"attribute\":\"userAgent\",\"insight\":[{\"value\":\"aws-sdk-go/1.44.0 (go1.18; linux; amd64)\",\"average\":5.0}],\"baseline\":[]},{\"attribute\":\"errorCode\",\"insight\":[{\"value\":\"null\",\"average\":5.0}],\"baseline\":[]}]},\"trailInsights\":{\"pValue\":1.53298e-20,\"expected\":0.000283768,\"threshold\":5,\"model\":\"poisson\",\"seasonal\":\"none\",\"accountId\":\"532661062615\",\"region\":\"us-east-1\",\"decidedAt\":\"2026-03-03T05:37:16Z\"}},\"eventCategory\":\"Insight\"}";

  private InsightEvent event;
  private RunningDigest chain;
  private long now;
  private int added;

  @Setup
  public void setUp() throws Exception {
    event = InsightJson.parse(RECORD.getBytes(StandardCharsets.UTF_8));
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    chain =
        new RunningDigest(
            "bench/1_0",
            Duration.ofHours(1),
            DigestSigner.fromPem(pem, "key"),
            ChainStore.inMemory());
    now = 1_780_000_000_000L;
    chain.open(now);
  }

  @Benchmark
  public byte[] serialise() {
    return InsightJson.toBytes(event);
  }

  @Benchmark
  public Object serialiseAndDigest() throws Exception {
    byte[] bytes = InsightJson.toBytes(event);
    chain.add(event.eventId(), bytes, now);
    if (++added == 100) {
      added = 0;
      now += 3_600_000L;
      Digest d = chain.tick(now).orElseThrow();
      return d.toBytes();
    }
    return bytes;
  }
}
