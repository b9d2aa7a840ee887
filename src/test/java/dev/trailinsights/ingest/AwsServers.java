package dev.trailinsights.ingest;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real S3 API server (S3Proxy over jclouds' in-memory blob store) and a real SQS API server
 * (ElasticMQ), in this JVM on loopback ports, with clients to fill them. The ingest under test
 * finds the credentials through the SDK's default chain: the {@code aws.accessKeyId} and {@code
 * aws.secretAccessKey} system properties set here.
 */
public final class AwsServers implements AutoCloseable {
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key";
  public static final String REGION = "us-east-1";

  private final S3Proxy s3proxy;
  private final SQSRestServer elasticmq;
  public final URI s3Endpoint;
  public final URI sqsEndpoint;
  final S3Client s3;
  final SqsClient sqs;

  public AwsServers() throws Exception {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials(ACCESS_KEY, SECRET_KEY)
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    s3proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    s3proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!AbstractLifeCycle.STARTED.equals(s3proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + s3proxy.getState());
      }
      Thread.sleep(20);
    }
    s3Endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
    elasticmq = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
    int port = elasticmq.waitUntilStarted().localAddress().getPort();
    sqsEndpoint = URI.create("http://127.0.0.1:" + port);
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(REGION))
            .credentialsProvider(credentials)
            .endpointOverride(s3Endpoint)
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
    sqs =
        SqsClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(REGION))
            .credentialsProvider(credentials)
            .endpointOverride(sqsEndpoint)
            .build();
  }

  public void bucket(String name) {
    s3.createBucket(b -> b.bucket(name));
  }

  public void put(String bucket, String key, byte[] content) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  /** A queue whose visibility timeout is short, its URL. */
  public String queue(String name) {
    return sqs.createQueue(
            b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")))
        .queueUrl();
  }

  /**
   * A queue that moves a message to {@code deadLetterQueueArn}'s queue after {@code max} receives.
   */
  String queueWithRedrive(String name, String deadLetterQueue, int max) {
    String arn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(deadLetterQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    return sqs.createQueue(
            b ->
                b.queueName(name)
                    .attributes(
                        Map.of(
                            QueueAttributeName.VISIBILITY_TIMEOUT,
                            "5",
                            QueueAttributeName.REDRIVE_POLICY,
                            "{\"maxReceiveCount\":\""
                                + max
                                + "\",\"deadLetterTargetArn\":\""
                                + arn
                                + "\"}")))
        .queueUrl();
  }

  public void send(String queueUrl, String body) {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
  }

  /** Messages visible and in flight. */
  public int depth(String queueUrl) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Override
  public void close() throws Exception {
    s3.close();
    sqs.close();
    elasticmq.stopAndWait();
    s3proxy.stop();
  }
}
