package dev.trailinsights.workload;

/**
 * A caller as CloudTrail records it in {@code userIdentity}, with the client and address it calls
 * from.
 *
 * @param type {@code userIdentity.type}
 * @param accountId the caller's account
 * @param name user name (IAM users) or role name (assumed roles); null for AWS services
 * @param session role session name (assumed roles), else null
 * @param principalId {@code AIDA...} for users, {@code AROA...} for roles (without the session)
 * @param accessKeyId {@code AKIA...} or {@code ASIA...}; null for AWS services
 * @param invokedBy service principal for {@code AWSService} callers, else null
 * @param userAgent {@code userAgent}
 * @param sourceIp {@code sourceIPAddress}
 * @param arn {@code userIdentity.arn}; null for AWS services, which CloudTrail records without one
 * @param issuerArn the role's ARN for assumed roles ({@code sessionContext.sessionIssuer.arn})
 */
record Identity(
    Type type,
    String accountId,
    String name,
    String session,
    String principalId,
    String accessKeyId,
    String invokedBy,
    String userAgent,
    String sourceIp,
    String arn,
    String issuerArn) {

  static Identity user(
      String account, String name, String principalId, String key, String ua, String ip) {
    return new Identity(
        Type.IAM_USER,
        account,
        name,
        null,
        principalId,
        key,
        null,
        ua,
        ip,
        "arn:aws:iam::" + account + ":user/" + name,
        null);
  }

  static Identity assumedRole(
      String account,
      String roleName,
      String session,
      String roleId,
      String key,
      String ua,
      String ip) {
    return new Identity(
        Type.ASSUMED_ROLE,
        account,
        roleName,
        session,
        roleId,
        key,
        null,
        ua,
        ip,
        "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session,
        "arn:aws:iam::" + account + ":role/" + roleName);
  }

  static Identity service(String account, String servicePrincipal) {
    return new Identity(
        Type.AWS_SERVICE,
        account,
        null,
        null,
        null,
        null,
        servicePrincipal,
        servicePrincipal,
        servicePrincipal,
        null,
        null);
  }

  /** {@code userIdentity.type} values the workload uses. */
  enum Type {
    IAM_USER("IAMUser"),
    ASSUMED_ROLE("AssumedRole"),
    AWS_SERVICE("AWSService");

    final String aws;

    Type(String aws) {
      this.aws = aws;
    }
  }
}
