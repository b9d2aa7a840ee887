package dev.trailinsights.workload;

import static dev.trailinsights.workload.ResourceType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The APIs the synthetic workload draws from: real CloudTrail event names of common services, with
 * their {@code readOnly} flag, management or data category, a popularity tier and what they act on.
 * Tiers shape traffic: {@code H} APIs get the top ranks of the Zipf popularity law, {@code M} the
 * rest of it, {@code L} APIs are sparse (silent most minutes) or scheduled jobs.
 */
public final class ApiCatalog {

  private static final Map<String, String> VERSIONS =
      Map.ofEntries(
          Map.entry("ec2", "1.10"),
          Map.entry("s3", "1.09"),
          Map.entry("iam", "1.08"),
          Map.entry("sts", "1.08"),
          Map.entry("kms", "1.08"),
          Map.entry("lambda", "1.08"),
          Map.entry("logs", "1.08"),
          Map.entry("monitoring", "1.08"),
          Map.entry("cloudformation", "1.08"),
          Map.entry("rds", "1.09"),
          Map.entry("dynamodb", "1.08"),
          Map.entry("secretsmanager", "1.08"),
          Map.entry("ssm", "1.08"),
          Map.entry("sns", "1.08"),
          Map.entry("sqs", "1.08"),
          Map.entry("elasticloadbalancing", "1.08"),
          Map.entry("autoscaling", "1.08"),
          Map.entry("ecr", "1.08"),
          Map.entry("ecs", "1.08"),
          Map.entry("cloudtrail", "1.09"),
          Map.entry("guardduty", "1.08"),
          Map.entry("route53", "1.08"),
          Map.entry("signin", "1.11"));

  private static final List<ApiDef> ALL = build();

  private ApiCatalog() {}

  /** Every API of the catalog, in a fixed order. */
  public static List<ApiDef> all() {
    return ALL;
  }

  private static List<ApiDef> build() {
    List<ApiDef> l = new ArrayList<>();
    // EC2
    r(l, "ec2", "DescribeInstances", 'H', INSTANCE);
    r(l, "ec2", "DescribeInstanceStatus", 'H', INSTANCE);
    r(l, "ec2", "DescribeVolumes", 'M', VOLUME);
    r(l, "ec2", "DescribeSnapshots", 'M', SNAPSHOT);
    r(l, "ec2", "DescribeSecurityGroups", 'M', SECURITY_GROUP);
    r(l, "ec2", "DescribeSubnets", 'M', NETWORK);
    r(l, "ec2", "DescribeVpcs", 'M', NETWORK);
    r(l, "ec2", "DescribeImages", 'M', IMAGE);
    r(l, "ec2", "DescribeNetworkInterfaces", 'H', NETWORK_INTERFACE);
    r(l, "ec2", "DescribeRegions", 'M', NONE);
    r(l, "ec2", "DescribeAvailabilityZones", 'M', NONE);
    r(l, "ec2", "DescribeTags", 'M', INSTANCE);
    r(l, "ec2", "DescribeAddresses", 'L', ADDRESS);
    r(l, "ec2", "DescribeKeyPairs", 'L', KEY_PAIR);
    r(l, "ec2", "DescribeLaunchTemplates", 'L', LAUNCH_TEMPLATE);
    r(l, "ec2", "DescribeRouteTables", 'L', NETWORK);
    r(l, "ec2", "GetPasswordData", 'L', INSTANCE);
    r(l, "ec2", "GetConsoleOutput", 'L', INSTANCE);
    w(l, "ec2", "CreateTags", 'H', INSTANCE);
    w(l, "ec2", "RunInstances", 'M', INSTANCE);
    w(l, "ec2", "TerminateInstances", 'M', INSTANCE);
    w(l, "ec2", "StartInstances", 'L', INSTANCE);
    w(l, "ec2", "StopInstances", 'L', INSTANCE);
    w(l, "ec2", "RebootInstances", 'L', INSTANCE);
    w(l, "ec2", "ModifyInstanceAttribute", 'L', INSTANCE);
    w(l, "ec2", "DeleteTags", 'M', INSTANCE);
    w(l, "ec2", "CreateSnapshot", 'M', SNAPSHOT);
    w(l, "ec2", "DeleteSnapshot", 'M', SNAPSHOT);
    w(l, "ec2", "ModifySnapshotAttribute", 'L', SNAPSHOT);
    w(l, "ec2", "CreateVolume", 'M', VOLUME);
    w(l, "ec2", "DeleteVolume", 'M', VOLUME);
    w(l, "ec2", "AttachVolume", 'M', VOLUME);
    w(l, "ec2", "DetachVolume", 'M', VOLUME);
    w(l, "ec2", "CreateSecurityGroup", 'L', SECURITY_GROUP);
    w(l, "ec2", "DeleteSecurityGroup", 'L', SECURITY_GROUP);
    w(l, "ec2", "AuthorizeSecurityGroupIngress", 'L', SECURITY_GROUP);
    w(l, "ec2", "RevokeSecurityGroupIngress", 'L', SECURITY_GROUP);
    w(l, "ec2", "CreateKeyPair", 'L', KEY_PAIR);
    w(l, "ec2", "DeleteKeyPair", 'L', KEY_PAIR);
    w(l, "ec2", "ImportKeyPair", 'L', KEY_PAIR);
    w(l, "ec2", "CreateImage", 'L', IMAGE);
    w(l, "ec2", "DeregisterImage", 'L', IMAGE);
    w(l, "ec2", "CreateNetworkInterface", 'M', NETWORK_INTERFACE);
    w(l, "ec2", "DeleteNetworkInterface", 'M', NETWORK_INTERFACE);
    w(l, "ec2", "AllocateAddress", 'L', ADDRESS);
    w(l, "ec2", "ReleaseAddress", 'L', ADDRESS);
    w(l, "ec2", "CreateLaunchTemplateVersion", 'L', LAUNCH_TEMPLATE);
    // S3 (bucket-level calls are management events, object-level calls data events)
    r(l, "s3", "ListBuckets", 'M', NONE);
    r(l, "s3", "GetBucketLocation", 'H', BUCKET);
    r(l, "s3", "GetBucketAcl", 'M', BUCKET);
    r(l, "s3", "GetBucketPolicy", 'M', BUCKET);
    r(l, "s3", "GetBucketVersioning", 'M', BUCKET);
    r(l, "s3", "GetBucketEncryption", 'M', BUCKET);
    r(l, "s3", "GetBucketTagging", 'M', BUCKET);
    r(l, "s3", "GetBucketLogging", 'L', BUCKET);
    r(l, "s3", "GetBucketPublicAccessBlock", 'M', BUCKET);
    w(l, "s3", "CreateBucket", 'L', BUCKET);
    w(l, "s3", "DeleteBucket", 'L', BUCKET);
    w(l, "s3", "PutBucketPolicy", 'L', BUCKET);
    w(l, "s3", "DeleteBucketPolicy", 'L', BUCKET);
    w(l, "s3", "PutBucketAcl", 'L', BUCKET);
    w(l, "s3", "PutBucketTagging", 'L', BUCKET);
    w(l, "s3", "PutBucketEncryption", 'L', BUCKET);
    w(l, "s3", "PutBucketVersioning", 'L', BUCKET);
    w(l, "s3", "PutBucketPublicAccessBlock", 'L', BUCKET);
    w(l, "s3", "PutBucketLifecycle", 'L', BUCKET);
    w(l, "s3", "PutBucketLogging", 'L', BUCKET);
    add(l, "s3", "GetObject", true, true, 'H', OBJECT, false);
    add(l, "s3", "PutObject", false, true, 'H', OBJECT, false);
    add(l, "s3", "DeleteObject", false, true, 'M', OBJECT, false);
    // IAM (global: logged in the first region)
    g(l, "iam", "GetUser", true, 'M', USER);
    g(l, "iam", "GetRole", true, 'H', ROLE);
    g(l, "iam", "GetPolicy", true, 'M', POLICY);
    g(l, "iam", "GetPolicyVersion", true, 'M', POLICY);
    g(l, "iam", "ListUsers", true, 'M', NONE);
    g(l, "iam", "ListRoles", true, 'M', NONE);
    g(l, "iam", "ListPolicies", true, 'M', NONE);
    g(l, "iam", "ListAttachedRolePolicies", true, 'M', ROLE);
    g(l, "iam", "ListRolePolicies", true, 'M', ROLE);
    g(l, "iam", "ListAccessKeys", true, 'M', USER);
    g(l, "iam", "ListGroups", true, 'L', NONE);
    g(l, "iam", "ListMFADevices", true, 'L', USER);
    g(l, "iam", "ListInstanceProfilesForRole", true, 'M', ROLE);
    g(l, "iam", "GetAccountAuthorizationDetails", true, 'L', NONE);
    g(l, "iam", "GetAccountSummary", true, 'L', NONE);
    g(l, "iam", "CreateUser", false, 'L', USER);
    g(l, "iam", "DeleteUser", false, 'L', USER);
    g(l, "iam", "CreateRole", false, 'L', ROLE);
    g(l, "iam", "DeleteRole", false, 'L', ROLE);
    g(l, "iam", "TagRole", false, 'M', ROLE);
    g(l, "iam", "AttachRolePolicy", false, 'L', ROLE);
    g(l, "iam", "DetachRolePolicy", false, 'L', ROLE);
    g(l, "iam", "AttachUserPolicy", false, 'L', USER);
    g(l, "iam", "DetachUserPolicy", false, 'L', USER);
    g(l, "iam", "PutRolePolicy", false, 'L', ROLE);
    g(l, "iam", "DeleteRolePolicy", false, 'L', ROLE);
    g(l, "iam", "UpdateAssumeRolePolicy", false, 'L', ROLE);
    g(l, "iam", "CreateAccessKey", false, 'L', USER);
    g(l, "iam", "DeleteAccessKey", false, 'L', ACCESS_KEY);
    g(l, "iam", "UpdateAccessKey", false, 'L', ACCESS_KEY);
    g(l, "iam", "CreatePolicy", false, 'L', POLICY);
    g(l, "iam", "CreatePolicyVersion", false, 'L', POLICY);
    g(l, "iam", "DeletePolicy", false, 'L', POLICY);
    g(l, "iam", "CreateLoginProfile", false, 'L', USER);
    g(l, "iam", "UpdateLoginProfile", false, 'L', USER);
    g(l, "iam", "AddUserToGroup", false, 'L', GROUP);
    g(l, "iam", "CreateServiceLinkedRole", false, 'L', ROLE);
    // STS (regional endpoints; AssumeRole and friends are read-only calls)
    r(l, "sts", "AssumeRole", 'H', ROLE_SESSION);
    r(l, "sts", "GetCallerIdentity", 'H', NONE);
    r(l, "sts", "AssumeRoleWithWebIdentity", 'H', ROLE_SESSION);
    r(l, "sts", "GetSessionToken", 'L', NONE);
    r(l, "sts", "GetFederationToken", 'L', USER);
    r(l, "sts", "DecodeAuthorizationMessage", 'L', NONE);
    // KMS (cryptographic operations are read-only management events)
    r(l, "kms", "Decrypt", 'H', KMS_KEY);
    r(l, "kms", "Encrypt", 'M', KMS_KEY);
    r(l, "kms", "GenerateDataKey", 'H', KMS_KEY);
    r(l, "kms", "DescribeKey", 'M', KMS_KEY);
    r(l, "kms", "ListAliases", 'L', NONE);
    w(l, "kms", "CreateKey", 'L', KMS_KEY);
    w(l, "kms", "ScheduleKeyDeletion", 'L', KMS_KEY);
    w(l, "kms", "DisableKey", 'L', KMS_KEY);
    w(l, "kms", "CreateGrant", 'M', KMS_KEY);
    w(l, "kms", "RetireGrant", 'M', KMS_KEY);
    w(l, "kms", "PutKeyPolicy", 'L', KMS_KEY);
    w(l, "kms", "CreateAlias", 'L', KMS_KEY);
    w(l, "kms", "DeleteAlias", 'L', KMS_KEY);
    // Lambda (Invoke is a data event; management names carry their API version)
    add(l, "lambda", "Invoke", false, true, 'H', FUNCTION, false);
    r(l, "lambda", "GetFunction20150331v2", 'M', FUNCTION);
    r(l, "lambda", "ListFunctions20150331", 'M', NONE);
    r(l, "lambda", "GetFunctionConfiguration20150331v2", 'M', FUNCTION);
    w(l, "lambda", "UpdateFunctionCode20150331v2", 'L', FUNCTION);
    w(l, "lambda", "UpdateFunctionConfiguration20150331v2", 'L', FUNCTION);
    w(l, "lambda", "CreateFunction20150331", 'L', FUNCTION);
    w(l, "lambda", "DeleteFunction20150331", 'L', FUNCTION);
    w(l, "lambda", "AddPermission20150331v2", 'L', FUNCTION);
    w(l, "lambda", "PublishVersion20150331", 'L', FUNCTION);
    w(l, "lambda", "CreateEventSourceMapping20150331", 'L', FUNCTION);
    // CloudWatch Logs
    w(l, "logs", "CreateLogStream", 'H', LOG_GROUP);
    w(l, "logs", "CreateLogGroup", 'M', LOG_GROUP);
    w(l, "logs", "DeleteLogGroup", 'L', LOG_GROUP);
    w(l, "logs", "DeleteLogStream", 'L', LOG_GROUP);
    w(l, "logs", "PutRetentionPolicy", 'L', LOG_GROUP);
    w(l, "logs", "PutSubscriptionFilter", 'L', LOG_GROUP);
    r(l, "logs", "DescribeLogGroups", 'M', LOG_GROUP);
    r(l, "logs", "DescribeLogStreams", 'M', LOG_GROUP);
    r(l, "logs", "FilterLogEvents", 'M', LOG_GROUP);
    // CloudWatch
    r(l, "monitoring", "GetMetricData", 'H', METRIC);
    r(l, "monitoring", "GetMetricStatistics", 'M', METRIC);
    r(l, "monitoring", "ListMetrics", 'M', METRIC);
    r(l, "monitoring", "DescribeAlarms", 'M', ALARM);
    w(l, "monitoring", "PutMetricAlarm", 'L', ALARM);
    w(l, "monitoring", "DeleteAlarms", 'L', ALARM);
    w(l, "monitoring", "SetAlarmState", 'L', ALARM);
    // CloudFormation
    r(l, "cloudformation", "DescribeStacks", 'M', STACK);
    r(l, "cloudformation", "DescribeStackEvents", 'M', STACK);
    r(l, "cloudformation", "DescribeStackResources", 'M', STACK);
    r(l, "cloudformation", "ListStacks", 'M', NONE);
    r(l, "cloudformation", "GetTemplate", 'L', STACK);
    w(l, "cloudformation", "CreateStack", 'L', STACK);
    w(l, "cloudformation", "UpdateStack", 'L', STACK);
    w(l, "cloudformation", "DeleteStack", 'L', STACK);
    w(l, "cloudformation", "CreateChangeSet", 'L', STACK);
    w(l, "cloudformation", "ExecuteChangeSet", 'L', STACK);
    // RDS
    r(l, "rds", "DescribeDBInstances", 'M', DB_INSTANCE);
    r(l, "rds", "DescribeDBClusters", 'M', DB_INSTANCE);
    r(l, "rds", "DescribeDBSnapshots", 'M', DB_SNAPSHOT);
    r(l, "rds", "ListTagsForResource", 'M', DB_INSTANCE);
    w(l, "rds", "CreateDBSnapshot", 'L', DB_SNAPSHOT);
    w(l, "rds", "DeleteDBSnapshot", 'L', DB_SNAPSHOT);
    w(l, "rds", "ModifyDBSnapshotAttribute", 'L', DB_SNAPSHOT);
    w(l, "rds", "CreateDBInstance", 'L', DB_INSTANCE);
    w(l, "rds", "DeleteDBInstance", 'L', DB_INSTANCE);
    w(l, "rds", "ModifyDBInstance", 'L', DB_INSTANCE);
    w(l, "rds", "RebootDBInstance", 'L', DB_INSTANCE);
    // DynamoDB
    r(l, "dynamodb", "DescribeTable", 'H', TABLE);
    r(l, "dynamodb", "ListTables", 'M', NONE);
    r(l, "dynamodb", "DescribeContinuousBackups", 'L', TABLE);
    w(l, "dynamodb", "CreateTable", 'L', TABLE);
    w(l, "dynamodb", "DeleteTable", 'L', TABLE);
    w(l, "dynamodb", "UpdateTable", 'L', TABLE);
    w(l, "dynamodb", "CreateBackup", 'L', TABLE);
    w(l, "dynamodb", "DeleteBackup", 'L', TABLE);
    add(l, "dynamodb", "GetItem", true, true, 'H', TABLE, false);
    add(l, "dynamodb", "PutItem", false, true, 'M', TABLE, false);
    // Secrets Manager
    r(l, "secretsmanager", "GetSecretValue", 'H', SECRET);
    r(l, "secretsmanager", "DescribeSecret", 'M', SECRET);
    r(l, "secretsmanager", "ListSecrets", 'M', NONE);
    w(l, "secretsmanager", "CreateSecret", 'L', SECRET);
    w(l, "secretsmanager", "PutSecretValue", 'L', SECRET);
    w(l, "secretsmanager", "UpdateSecret", 'L', SECRET);
    w(l, "secretsmanager", "DeleteSecret", 'L', SECRET);
    w(l, "secretsmanager", "RotateSecret", 'L', SECRET);
    // Systems Manager
    r(l, "ssm", "GetParameter", 'H', PARAMETER);
    r(l, "ssm", "GetParameters", 'H', PARAMETER);
    r(l, "ssm", "GetParametersByPath", 'M', PARAMETER);
    r(l, "ssm", "DescribeInstanceInformation", 'M', MANAGED_INSTANCE);
    r(l, "ssm", "ListCommands", 'M', COMMAND);
    w(l, "ssm", "UpdateInstanceInformation", 'H', MANAGED_INSTANCE);
    w(l, "ssm", "PutParameter", 'L', PARAMETER);
    w(l, "ssm", "DeleteParameter", 'L', PARAMETER);
    w(l, "ssm", "SendCommand", 'M', COMMAND);
    w(l, "ssm", "StartSession", 'L', MANAGED_INSTANCE);
    // SNS and SQS
    r(l, "sns", "ListTopics", 'M', NONE);
    r(l, "sns", "GetTopicAttributes", 'M', TOPIC);
    w(l, "sns", "CreateTopic", 'L', TOPIC);
    w(l, "sns", "DeleteTopic", 'L', TOPIC);
    w(l, "sns", "Subscribe", 'L', TOPIC);
    w(l, "sns", "SetTopicAttributes", 'L', TOPIC);
    r(l, "sqs", "ListQueues", 'M', NONE);
    r(l, "sqs", "GetQueueUrl", 'M', QUEUE);
    w(l, "sqs", "CreateQueue", 'L', QUEUE);
    w(l, "sqs", "DeleteQueue", 'L', QUEUE);
    w(l, "sqs", "SetQueueAttributes", 'L', QUEUE);
    // Load balancing and Auto Scaling
    r(l, "elasticloadbalancing", "DescribeLoadBalancers", 'M', LOAD_BALANCER);
    r(l, "elasticloadbalancing", "DescribeTargetHealth", 'H', TARGET_GROUP);
    r(l, "elasticloadbalancing", "DescribeTargetGroups", 'M', TARGET_GROUP);
    w(l, "elasticloadbalancing", "RegisterTargets", 'M', TARGET_GROUP);
    w(l, "elasticloadbalancing", "DeregisterTargets", 'M', TARGET_GROUP);
    w(l, "elasticloadbalancing", "ModifyTargetGroup", 'L', TARGET_GROUP);
    w(l, "elasticloadbalancing", "CreateLoadBalancer", 'L', LOAD_BALANCER);
    w(l, "elasticloadbalancing", "DeleteLoadBalancer", 'L', LOAD_BALANCER);
    r(l, "autoscaling", "DescribeAutoScalingGroups", 'H', AUTO_SCALING_GROUP);
    r(l, "autoscaling", "DescribeScalingActivities", 'M', AUTO_SCALING_GROUP);
    w(l, "autoscaling", "SetDesiredCapacity", 'M', AUTO_SCALING_GROUP);
    w(l, "autoscaling", "CompleteLifecycleAction", 'M', AUTO_SCALING_GROUP);
    w(l, "autoscaling", "UpdateAutoScalingGroup", 'L', AUTO_SCALING_GROUP);
    w(l, "autoscaling", "DeleteAutoScalingGroup", 'L', AUTO_SCALING_GROUP);
    // ECR and ECS
    r(l, "ecr", "GetAuthorizationToken", 'H', NONE);
    r(l, "ecr", "BatchGetImage", 'H', REPOSITORY);
    r(l, "ecr", "GetDownloadUrlForLayer", 'H', REPOSITORY);
    r(l, "ecr", "DescribeRepositories", 'M', REPOSITORY);
    r(l, "ecr", "DescribeImages", 'M', REPOSITORY);
    w(l, "ecr", "PutImage", 'M', REPOSITORY);
    w(l, "ecr", "BatchDeleteImage", 'L', REPOSITORY);
    w(l, "ecr", "CreateRepository", 'L', REPOSITORY);
    w(l, "ecr", "DeleteRepository", 'L', REPOSITORY);
    r(l, "ecs", "DescribeServices", 'M', ECS_SERVICE);
    r(l, "ecs", "DescribeTasks", 'H', ECS_TASK);
    r(l, "ecs", "ListTasks", 'M', ECS_SERVICE);
    w(l, "ecs", "UpdateService", 'L', ECS_SERVICE);
    w(l, "ecs", "RunTask", 'M', ECS_TASK);
    w(l, "ecs", "StopTask", 'L', ECS_TASK);
    w(l, "ecs", "SubmitTaskStateChange", 'M', ECS_TASK);
    w(l, "ecs", "RegisterTaskDefinition", 'L', ECS_SERVICE);
    w(l, "ecs", "DeregisterTaskDefinition", 'L', ECS_SERVICE);
    w(l, "ecs", "DeleteService", 'L', ECS_SERVICE);
    // CloudTrail, GuardDuty
    r(l, "cloudtrail", "DescribeTrails", 'M', TRAIL);
    r(l, "cloudtrail", "GetTrailStatus", 'M', TRAIL);
    r(l, "cloudtrail", "LookupEvents", 'M', NONE);
    w(l, "cloudtrail", "StopLogging", 'L', TRAIL);
    w(l, "cloudtrail", "DeleteTrail", 'L', TRAIL);
    w(l, "cloudtrail", "PutEventSelectors", 'L', TRAIL);
    w(l, "cloudtrail", "UpdateTrail", 'L', TRAIL);
    r(l, "guardduty", "ListDetectors", 'M', NONE);
    r(l, "guardduty", "GetFindings", 'M', DETECTOR);
    w(l, "guardduty", "UpdateDetector", 'L', DETECTOR);
    w(l, "guardduty", "DeleteDetector", 'L', DETECTOR);
    // Route 53 and console sign-in (global)
    g(l, "route53", "ListHostedZones", true, 'M', NONE);
    g(l, "route53", "ListResourceRecordSets", true, 'M', HOSTED_ZONE);
    g(l, "route53", "GetChange", true, 'M', HOSTED_ZONE);
    g(l, "route53", "ChangeResourceRecordSets", false, 'M', HOSTED_ZONE);
    g(l, "route53", "DeleteHostedZone", false, 'L', HOSTED_ZONE);
    g(l, "signin", "ConsoleLogin", false, 'M', CONSOLE);
    return List.copyOf(l);
  }

  private static void r(List<ApiDef> l, String svc, String name, char tier, ResourceType res) {
    add(l, svc, name, true, false, tier, res, false);
  }

  private static void w(List<ApiDef> l, String svc, String name, char tier, ResourceType res) {
    add(l, svc, name, false, false, tier, res, false);
  }

  private static void g(
      List<ApiDef> l, String svc, String name, boolean readOnly, char tier, ResourceType res) {
    add(l, svc, name, readOnly, false, tier, res, true);
  }

  private static void add(
      List<ApiDef> l,
      String svc,
      String name,
      boolean readOnly,
      boolean data,
      char tier,
      ResourceType res,
      boolean global) {
    String version = VERSIONS.get(svc);
    if (version == null) {
      throw new IllegalStateException("no event version for service " + svc);
    }
    l.add(
        new ApiDef(svc, svc + ".amazonaws.com", name, readOnly, data, tier, res, global, version));
  }
}
