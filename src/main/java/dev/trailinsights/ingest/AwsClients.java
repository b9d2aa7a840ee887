package dev.trailinsights.ingest;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.IngestSettings;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The S3 and SQS clients of {@code ingest}: the SDK's default credentials chain (environment,
 * system properties, web identity token for EKS IRSA, profile files, container and instance roles),
 * the JDK's HTTP client, the configured region and endpoint overrides. The S3 client follows each
 * bucket to its region, so a trail bucket in another region or account works.
 */
public final class AwsClients {
  private AwsClients() {}

  private static SdkHttpClient http(Duration socket) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(socket)
        .build();
  }

  /**
   * @throws ConfigException when no region is configured or found by the SDK
   */
  public static S3Client s3(IngestConfig c) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(http(Duration.ofSeconds(60)))
            .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (!c.region().isEmpty()) {
      b.region(Region.of(c.region()));
    }
    if (c.s3Endpoint() != null) {
      // S3-compatible stores rarely implement the checksum mode header the SDK adds by default
      b.endpointOverride(c.s3Endpoint())
          .forcePathStyle(true)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    } else {
      b.crossRegionAccessEnabled(true);
    }
    try {
      return b.build();
    } catch (SdkClientException e) {
      throw noRegion(e);
    }
  }

  /**
   * @throws ConfigException when no region is configured or found by the SDK
   */
  public static SqsClient sqs(IngestConfig c) {
    SqsClientBuilder b =
        SqsClient.builder()
            // a long poll waits up to 20 s
            .httpClient(http(c.waitTime().plusSeconds(30)))
            .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (!c.region().isEmpty()) {
      b.region(Region.of(c.region()));
    }
    if (c.sqsEndpoint() != null) {
      b.endpointOverride(c.sqsEndpoint());
    }
    try {
      return b.build();
    } catch (SdkClientException e) {
      throw noRegion(e);
    }
  }

  private static ConfigException noRegion(SdkClientException e) {
    return new ConfigException(
        "no AWS region: set "
            + IngestSettings.REGION_SETTING.key()
            + " ("
            + IngestSettings.REGION_SETTING.envName()
            + ") or AWS_REGION ("
            + e.getMessage().lines().findFirst().orElse("")
            + ")");
  }
}
