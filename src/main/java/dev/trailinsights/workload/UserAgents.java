package dev.trailinsights.workload;

/** Client strings as CloudTrail records them in {@code userAgent}. */
final class UserAgents {
  static final String CONSOLE = "console.amazonaws.com";
  static final String BROWSER =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/122.0.0.0 Safari/537.36";
  static final String[] CLI = {
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.164.amzn2023.x86_64 exe/x86_64.amzn.2023"
        + " prompt/off command/ec2.describe-instances",
    "aws-cli/2.13.25 Python/3.11.5 Darwin/23.2.0 exe/x86_64 prompt/off command/s3api.list-buckets",
    "aws-cli/2.17.4 Python/3.11.9 Darwin/23.5.0 source/arm64 prompt/off"
  };
  static final String TERRAFORM =
      "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io)"
          + " terraform-provider-aws/5.42.0 aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1";
  static final String[] BOTO3 = {
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.210 md/arch#x86_64"
        + " lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
    "Boto3/1.28.57 Python/3.9.18 Linux/5.10.192-203.748.amzn2.x86_64"
        + " exec-env/AWS_Lambda_python3.9 Botocore/1.31.57"
  };
  static final String GO_SDK = "aws-sdk-go/1.50.38 (go1.21.8; linux; amd64)";
  static final String JAVA_SDK =
      "aws-sdk-java/2.25.16 Linux/5.10.210-201.852.amzn2.x86_64"
          + " OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc.";
  static final String[] ATTACKER = {
    "aws-cli/1.16.312 Python/2.7.18 Linux/5.10.0-kali7-amd64 botocore/1.13.48",
    "Boto3/1.9.201 Python/3.7.3 Linux/4.19.0-kali1-amd64 Botocore/1.12.201",
    "aws-sdk-go/1.44.0 (go1.18; linux; amd64)",
    "python-requests/2.31.0 botocore/1.29.0 enum-iam/0.3"
  };
  static final String RUNAWAY =
      "aws-sdk-java/2.20.162 Linux/6.1.66-91.160.amzn2023.x86_64 Java/21.0.1"
          + " exec-env/AWS_ECS_FARGATE io/async http/NettyNio";

  private UserAgents() {}
}
