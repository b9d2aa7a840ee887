package dev.trailinsights.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings of {@code ingest}: the SQS queue of trail-file notifications, the S3 endpoint, how
 * many files are read at once, the limits of a file and the ledger topic of ingested objects. They
 * belong to the same registry as {@code run} and {@code load} ({@code RunSettings.registry()}), so
 * one configuration file and environment serve every command.
 */
public final class IngestSettings {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final String REGION_ALLOWED =
      "empty (the SDK's default region chain) or an AWS region such as eu-west-1";
  private static final String URL_ALLOWED = "empty or an http:// or https:// URL";
  private static final String ID_ALLOWED = "empty or 1 to 200 characters of a-z A-Z 0-9 . _ -";

  /** Type of an AWS region, or empty. */
  static final SettingType<String> AWS_REGION =
      SettingType.of(
          SettingType.Shape.SCALAR,
          REGION_ALLOWED,
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !REGION.matcher(s).matches()) {
              throw InvalidValueException.value(raw, REGION_ALLOWED);
            }
            return s;
          });

  /** Type of an http(s) URL, or empty. */
  static final SettingType<String> URL =
      SettingType.of(
          SettingType.Shape.SCALAR,
          URL_ALLOWED,
          raw -> {
            String s = raw.trim();
            if (s.isEmpty()) {
              return s;
            }
            try {
              java.net.URI u = new java.net.URI(s);
              if (("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                  && u.getHost() != null) {
                return s;
              }
            } catch (java.net.URISyntaxException e) {
              // reported below
            }
            throw InvalidValueException.value(raw, URL_ALLOWED);
          });

  /** Type of a transactional id prefix, or empty. */
  static final SettingType<String> ID_PREFIX =
      SettingType.of(
          SettingType.Shape.SCALAR,
          ID_ALLOWED,
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !s.matches("[a-zA-Z0-9._-]{1,200}")) {
              throw InvalidValueException.value(raw, ID_ALLOWED);
            }
            return s;
          });

  /** {@code ingest.queue-url}. */
  public static final Setting<String> QUEUE_URL =
      Setting.of(
          "ingest.queue-url",
          URL,
          "",
          "URL of the SQS queue that receives the trail bucket's notifications (S3 event"
              + " notifications, direct or through SNS, CloudTrail's SNS notifications or"
              + " EventBridge Object Created events). Required by ingest.");

  /** {@code ingest.region}. */
  public static final Setting<String> REGION_SETTING =
      Setting.of(
          "ingest.region",
          AWS_REGION,
          "",
          "AWS region of the queue and of the S3 client. Empty: the SDK's chain (AWS_REGION,"
              + " the profile, instance metadata).");

  /** {@code ingest.s3-endpoint}. */
  public static final Setting<String> S3_ENDPOINT =
      Setting.of(
          "ingest.s3-endpoint",
          URL,
          "",
          "Endpoint override of the S3 client, for S3-compatible stores and tests (path-style"
              + " requests). Empty: AWS's endpoint for each bucket's region.");

  /** {@code ingest.sqs-endpoint}. */
  public static final Setting<String> SQS_ENDPOINT =
      Setting.of(
          "ingest.sqs-endpoint",
          URL,
          "",
          "Endpoint override of the SQS client (VPC endpoints, tests). Empty: AWS's endpoint"
              + " for the region.");

  /** {@code ingest.concurrency}. */
  public static final Setting<Integer> CONCURRENCY =
      Setting.of(
          "ingest.concurrency",
          SettingType.integer(1, 64),
          "4",
          "Trail files read and written at once; each has its own transactional producer and"
              + " holds up to ingest.max-object-bytes in memory.");

  /** {@code ingest.max-messages-in-flight}. */
  public static final Setting<Integer> MAX_MESSAGES =
      Setting.of(
          "ingest.max-messages-in-flight",
          SettingType.integer(1, 1000),
          "20",
          "Queue messages received and not yet finished; no more are received until one"
              + " finishes (back-pressure when Kafka or S3 is slow).");

  /** {@code ingest.visibility-timeout}. */
  public static final Setting<Duration> VISIBILITY =
      Setting.of(
          "ingest.visibility-timeout",
          SettingType.duration(Duration.ofSeconds(5), Duration.ofHours(12)),
          "2m",
          "How long a received message stays hidden from other readers; extended by this much"
              + " every third of it while its files are being read, so a large file is never"
              + " handed to another reader. A failed message comes back after it.");

  /** {@code ingest.wait-time}. */
  public static final Setting<Duration> WAIT_TIME =
      Setting.of(
          "ingest.wait-time",
          SettingType.duration(Duration.ZERO, Duration.ofSeconds(20)),
          "20s",
          "Long-polling wait of each ReceiveMessage call (at most 20s).");

  /** {@code ingest.max-object-bytes}. */
  public static final Setting<Integer> MAX_OBJECT_BYTES =
      Setting.of(
          "ingest.max-object-bytes",
          SettingType.integer(1024, Integer.MAX_VALUE - 16),
          "268435456",
          "Largest trail file read, in bytes, compressed and uncompressed; larger ones are bad"
              + " objects (reason too-large).");

  /** {@code ingest.ledger-topic}. */
  public static final Setting<String> LEDGER_TOPIC =
      Setting.of(
          "ingest.ledger-topic",
          SettingType.topicName(),
          "trail-insights-ingested",
          "Compacted topic of the objects ingested (bucket/key to ETag), written in the same"
              + " transaction as their records and read back at start-up, so a re-delivered"
              + " notification never writes a file twice.");

  /** {@code ingest.transactional-id}. */
  public static final Setting<String> TRANSACTIONAL_ID =
      Setting.of(
          "ingest.transactional-id",
          ID_PREFIX,
          "",
          "Prefix of the producers' transactional.id, unique per running ingest; the same value"
              + " after a restart aborts what a killed process left open at once. Empty:"
              + " trail-insights-ingest-<host name>.");

  private static final List<Setting<?>> ALL =
      List.of(
          QUEUE_URL,
          REGION_SETTING,
          S3_ENDPOINT,
          SQS_ENDPOINT,
          CONCURRENCY,
          MAX_MESSAGES,
          VISIBILITY,
          WAIT_TIME,
          MAX_OBJECT_BYTES,
          LEDGER_TOPIC,
          TRANSACTIONAL_ID);

  private IngestSettings() {}

  /** The ingest settings, in documentation order. */
  public static List<Setting<?>> all() {
    return ALL;
  }
}
