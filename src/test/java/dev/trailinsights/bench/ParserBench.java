package dev.trailinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailinsights.event.BadRecord;
import dev.trailinsights.event.CloudTrailParser;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.RecordSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link CloudTrailParser} on realistic records of about 1.2 KB (nested {@code
 * requestParameters}, {@code tlsDetails}, an assumed-role {@code userIdentity} with its {@code
 * sessionContext}), single-threaded. Every score is in records per second.
 *
 * <ul>
 *   <li>{@code bareRecord}: one record per call, as a Kafka message of a CloudWatch Logs or
 *       Firehose shipper arrives;
 *   <li>{@code recordsDocument}: a trail log file {@code {"Records":[...]}} of 1000 records;
 *   <li>{@code treeBaseline}: the same records read as a Jackson tree, for comparison.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test-compile exec:exec -Dbench.args=ParserBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ParserBench {
  private static final int DOCUMENT_RECORDS = 1000;
  private static final String[][] APIS = {
    {"ec2.amazonaws.com", "DescribeInstances", "true"},
    {"ec2.amazonaws.com", "RunInstances", "false"},
    {"s3.amazonaws.com", "ListBuckets", "true"},
    {"s3.amazonaws.com", "PutBucketPolicy", "false"},
    {"iam.amazonaws.com", "CreateAccessKey", "false"},
    {"iam.amazonaws.com", "ListRoles", "true"},
    {"sts.amazonaws.com", "AssumeRole", "true"},
    {"kms.amazonaws.com", "Decrypt", "true"},
    {"lambda.amazonaws.com", "UpdateFunctionCode20150331v2", "false"},
    {"dynamodb.amazonaws.com", "DescribeTable", "true"},
    {"logs.amazonaws.com", "CreateLogStream", "false"},
    {"ssm.amazonaws.com", "GetParameter", "true"},
  };
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "us-west-2", "ap-south-1"};
  private static final String[] ACCOUNTS = {"111122223333", "444455556666", "777788889999"};
  private static final String[] AGENTS = {
    "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/ec2.describe",
    "aws-sdk-java/2.25.11 Linux/6.1.0 OpenJDK_64-Bit_Server_VM/17.0.10+7 Java/17.0.10 vendor/Debian",
    "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.6",
    "console.amazonaws.com",
    "terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.39.0",
  };
  private static final String[] ERRORS = {"AccessDenied", "ThrottlingException", "ValidationError"};

  private final CloudTrailParser parser = new CloudTrailParser(1 << 20);
  private final ObjectMapper mapper = new ObjectMapper();
  private final ConsumingSink sink = new ConsumingSink();
  private byte[][] records;
  private byte[] document;
  private int next;

  /** Builds the records: fixed seed, so every run reads the same bytes. */
  @Setup
  public void setUp() {
    Random random = new Random(2026);
    records = new byte[DOCUMENT_RECORDS][];
    StringBuilder doc = new StringBuilder("{\"Records\":[");
    long totalBytes = 0;
    for (int i = 0; i < DOCUMENT_RECORDS; i++) {
      String json = record(random, i);
      records[i] = json.getBytes(StandardCharsets.UTF_8);
      totalBytes += records[i].length;
      doc.append(i == 0 ? "" : ",").append(json);
    }
    document = doc.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    CountingSink check = new CountingSink();
    parser.parse(document, 0, document.length, "bench", check);
    if (check.records != DOCUMENT_RECORDS || check.bad != 0) {
      throw new IllegalStateException("bench records do not parse: " + check.firstBad);
    }
    System.out.printf("%nrecords of %d bytes on average%n", totalBytes / DOCUMENT_RECORDS);
  }

  /** One record per call. */
  @Benchmark
  public void bareRecord(Blackhole bh) {
    byte[] r = records[next];
    next = next + 1 == records.length ? 0 : next + 1;
    sink.bh = bh;
    parser.parse(r, 0, r.length, "bench", sink);
  }

  /** A {@code {"Records":[...]}} document of 1000 records per call. */
  @Benchmark
  @OperationsPerInvocation(DOCUMENT_RECORDS)
  public void recordsDocument(Blackhole bh) {
    sink.bh = bh;
    parser.parse(document, 0, document.length, "bench", sink);
  }

  /** The same fields read from a Jackson tree built per record: what the streaming parser saves. */
  @Benchmark
  public void treeBaseline(Blackhole bh) throws IOException {
    byte[] r = records[next];
    next = next + 1 == records.length ? 0 : next + 1;
    JsonNode n = mapper.readTree(r);
    bh.consume(Instant.parse(n.path("eventTime").asText()).toEpochMilli());
    bh.consume(n.path("eventSource").asText());
    bh.consume(n.path("eventName").asText());
    bh.consume(n.path("awsRegion").asText());
    bh.consume(n.path("recipientAccountId").asText());
    bh.consume(n.path("errorCode").asText(null));
    bh.consume(n.path("readOnly").asBoolean());
    bh.consume(n.path("eventCategory").asText());
    bh.consume(n.path("eventType").asText());
    bh.consume(n.path("eventID").asText());
    bh.consume(n.path("userIdentity").path("arn").asText());
    bh.consume(n.path("userAgent").asText());
  }

  static String record(Random random, int i) {
    String[] api = APIS[random.nextInt(APIS.length)];
    String region = REGIONS[random.nextInt(REGIONS.length)];
    String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
    String role = "role-" + random.nextInt(20);
    String session = "session-" + random.nextInt(50);
    String time =
        Instant.parse("2026-03-02T14:00:00Z").plusSeconds(random.nextInt(3600)).toString();
    String error =
        random.nextInt(10) == 0
            ? "\"errorCode\":\""
                + ERRORS[random.nextInt(ERRORS.length)]
                + "\",\"errorMessage\":\"User is not authorized to perform this operation\","
            : "";
    String host = api[0].replace(".amazonaws.com", "") + "." + region + ".amazonaws.com";
    return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
        + "\"principalId\":\"AROAEXAMPLEID"
        + i % 97
        + ":"
        + session
        + "\",\"arn\":\"arn:aws:sts::"
        + account
        + ":assumed-role/"
        + role
        + "/"
        + session
        + "\",\"accountId\":\""
        + account
        + "\",\"accessKeyId\":\"ASIAEXAMPLEKEY"
        + (1000 + i % 900)
        + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::"
        + account
        + ":role/"
        + role
        + "\",\"accountId\":\""
        + account
        + "\",\"userName\":\""
        + role
        + "\"},\"attributes\":{\"creationDate\":\"2026-03-02T13:12:45Z\","
        + "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\""
        + time
        + "\",\"eventSource\":\""
        + api[0]
        + "\",\"eventName\":\""
        + api[1]
        + "\",\"awsRegion\":\""
        + region
        + "\",\"sourceIPAddress\":\"203.0.113."
        + random.nextInt(255)
        + "\",\"userAgent\":\""
        + AGENTS[random.nextInt(AGENTS.length)]
        + "\","
        + error
        + "\"requestParameters\":{\"filterSet\":{\"items\":[{\"name\":\"tag:Environment\",\"valueSet\":"
        + "{\"items\":[{\"value\":\"production\"},{\"value\":\"staging\"}]}}]},\"maxResults\":"
        + (10 + random.nextInt(990))
        + "},\"responseElements\":null,\"requestID\":\""
        + new UUID(random.nextLong(), random.nextLong())
        + "\",\"eventID\":\""
        + new UUID(random.nextLong(), random.nextLong())
        + "\",\"readOnly\":"
        + api[2]
        + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\""
        + account
        + "\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\","
        + "\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\""
        + host
        + "\"}}";
  }

  /** Hands every record to the Blackhole so nothing is optimised away. */
  private static final class ConsumingSink implements RecordSink {
    Blackhole bh;

    @Override
    public void record(CloudTrailRecord record) {
      bh.consume(record);
    }

    @Override
    public void bad(BadRecord bad) {
      bh.consume(bad);
    }
  }

  private static final class CountingSink implements RecordSink {
    int records;
    int bad;
    BadRecord firstBad;

    @Override
    public void record(CloudTrailRecord record) {
      records++;
    }

    @Override
    public void bad(BadRecord bad) {
      if (this.bad++ == 0) {
        firstBad = bad;
      }
    }
  }
}
