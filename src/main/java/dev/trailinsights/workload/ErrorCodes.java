package dev.trailinsights.workload;

/** The error codes each service really returns for the failures the workload produces. */
final class ErrorCodes {
  static final String ACCESS_DENIED = "AccessDenied";
  static final String EC2_UNAUTHORIZED = "Client.UnauthorizedOperation";
  static final String THROTTLING = "ThrottlingException";
  static final String EC2_THROTTLING = "Client.RequestLimitExceeded";

  private ErrorCodes() {}

  /** Code of an authorization failure. */
  static String authz(String service) {
    return "ec2".equals(service) ? EC2_UNAUTHORIZED : ACCESS_DENIED;
  }

  /** Code of a throttled call. */
  static String throttle(String service) {
    return "ec2".equals(service) ? EC2_THROTTLING : THROTTLING;
  }

  /** Code of a call on a resource that does not exist. */
  static String notFound(String service, ResourceType resource) {
    return switch (service) {
      case "ec2" ->
          switch (resource) {
            case INSTANCE -> "Client.InvalidInstanceID.NotFound";
            case VOLUME -> "Client.InvalidVolume.NotFound";
            case SNAPSHOT -> "Client.InvalidSnapshot.NotFound";
            case SECURITY_GROUP -> "Client.InvalidGroup.NotFound";
            default -> "Client.InvalidParameterValue";
          };
      case "iam" -> "NoSuchEntityException";
      case "s3" -> "NoSuchBucket";
      case "kms" -> "NotFoundException";
      case "ssm" -> "ParameterNotFound";
      case "rds" -> "DBInstanceNotFound";
      case "cloudformation" -> "ValidationError";
      case "sts" -> "RegionDisabledException";
      case "autoscaling" -> "ValidationError";
      case "sqs" -> "AWS.SimpleQueueService.NonExistentQueue";
      case "sns" -> "NotFoundException";
      case "route53" -> "NoSuchHostedZone";
      case "ecr" -> "RepositoryNotFoundException";
      case "ecs" -> "ClusterNotFoundException";
      case "elasticloadbalancing" -> "TargetGroupNotFound";
      case "cloudtrail" -> "TrailNotFoundException";
      case "guardduty" -> "BadRequestException";
      default -> "ResourceNotFoundException";
    };
  }

  /** A plausible {@code errorMessage} for {@code code}. */
  static String message(String code, ApiDef api, String callerArn, String resourceName) {
    switch (code) {
      case ACCESS_DENIED:
        return "User: "
            + (callerArn == null ? "anonymous" : callerArn)
            + " is not authorized to perform: "
            + api.service()
            + ":"
            + api.eventName()
            + (resourceName == null ? "" : " on resource: " + resourceName)
            + " because no identity-based policy allows the "
            + api.service()
            + ":"
            + api.eventName()
            + " action";
      case EC2_UNAUTHORIZED:
        return "You are not authorized to perform this operation. User: "
            + callerArn
            + " is not authorized to perform: ec2:"
            + api.eventName()
            + " because no identity-based policy allows the ec2:"
            + api.eventName()
            + " action";
      case THROTTLING:
        return "Rate exceeded";
      case EC2_THROTTLING:
        return "Request limit exceeded.";
      default:
        return resourceName == null
            ? "The requested resource does not exist."
            : "The resource '" + resourceName + "' does not exist.";
    }
  }
}
