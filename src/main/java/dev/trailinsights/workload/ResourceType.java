package dev.trailinsights.workload;

/**
 * What an API acts on. Each type has the {@code requestParameters} field that names the resource
 * and a way to make plausible identifiers for a pool of resources per account and region.
 */
public enum ResourceType {
  INSTANCE("instanceId", "i-0", 16),
  VOLUME("volumeId", "vol-0", 16),
  SNAPSHOT("snapshotId", "snap-0", 16),
  IMAGE("imageId", "ami-0", 16),
  SECURITY_GROUP("groupId", "sg-0", 16),
  NETWORK_INTERFACE("networkInterfaceId", "eni-0", 16),
  ADDRESS("allocationId", "eipalloc-0", 16),
  LAUNCH_TEMPLATE("launchTemplateId", "lt-0", 16),
  KEY_PAIR("keyName", null, 0),
  NETWORK("vpcId", "vpc-0", 16),
  BUCKET("bucketName", null, 0),
  OBJECT("key", null, 0),
  USER("userName", null, 0),
  ROLE("roleName", null, 0),
  POLICY("policyArn", null, 0),
  GROUP("groupName", null, 0),
  ACCESS_KEY("accessKeyId", "AKIA", 16),
  FUNCTION("functionName", null, 0),
  KMS_KEY("keyId", null, 0),
  SECRET("secretId", null, 0),
  LOG_GROUP("logGroupName", null, 0),
  ALARM("alarmName", null, 0),
  METRIC("namespace", null, 0),
  STACK("stackName", null, 0),
  DB_INSTANCE("dBInstanceIdentifier", null, 0),
  DB_SNAPSHOT("dBSnapshotIdentifier", null, 0),
  TABLE("tableName", null, 0),
  PARAMETER("name", null, 0),
  COMMAND("documentName", null, 0),
  MANAGED_INSTANCE("instanceId", "i-0", 16),
  TOPIC("topicArn", null, 0),
  QUEUE("queueUrl", null, 0),
  LOAD_BALANCER("loadBalancerArn", null, 0),
  TARGET_GROUP("targetGroupArn", null, 0),
  AUTO_SCALING_GROUP("autoScalingGroupName", null, 0),
  REPOSITORY("repositoryName", null, 0),
  ECS_SERVICE("service", null, 0),
  ECS_TASK("task", null, 0),
  TRAIL("name", null, 0),
  DETECTOR("detectorId", null, 0),
  HOSTED_ZONE("hostedZoneId", "Z0", 18),
  ROLE_SESSION("roleArn", null, 0),
  CONSOLE(null, null, 0),
  NONE(null, null, 0);

  private final String parameter;
  private final String idPrefix;
  private final int idDigits;

  ResourceType(String parameter, String idPrefix, int idDigits) {
    this.parameter = parameter;
    this.idPrefix = idPrefix;
    this.idDigits = idDigits;
  }

  /** The {@code requestParameters} field naming the resource, or null when the call names none. */
  public String parameter() {
    return parameter;
  }

  /** Prefix of generated identifiers ({@code i-0}, {@code vol-0}, ...), or null for names. */
  String idPrefix() {
    return idPrefix;
  }

  /**
   * Number of random hex (or upper-case alphanumeric for keys and zones) digits after the prefix.
   */
  int idDigits() {
    return idDigits;
  }
}
