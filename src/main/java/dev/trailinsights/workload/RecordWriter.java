package dev.trailinsights.workload;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes one CloudTrail record with Jackson's streaming generator, in the field order CloudTrail
 * uses: identity, time, API, client, error, {@code requestParameters} and {@code responseElements}
 * shaped by the API's service and resource, ids, flags, {@code resources}, TLS details. Old-format
 * records (eventVersion 1.02) leave out {@code readOnly}, {@code managementEvent}, {@code
 * eventCategory} and {@code tlsDetails}. One instance per thread.
 */
final class RecordWriter {
  private static final String[] TAG_VALUES = {"production", "staging", "shared", "platform"};

  private final Rng c = new Rng(0);
  private final TimeFormat timeFormat = new TimeFormat();
  private final char[] time = new char[TimeFormat.LENGTH];
  private final char[] uuid = new char[36];
  private final char[] hex = new char[64];

  void write(JsonGenerator g, Ev e) throws IOException {
    KeyProfile k = e.key;
    ApiDef api = k.api;
    StreamModel s = k.stream;
    Identity id = e.caller;
    c.reseed(e.seed);
    boolean old = e.oldFormat();
    long seconds = e.timeMillis / 1000;

    g.writeStartObject();
    g.writeStringField("eventVersion", old ? "1.02" : api.eventVersion());
    identity(g, id, seconds);
    g.writeFieldName("eventTime");
    timeFormat.format(seconds, time);
    g.writeString(time, 0, TimeFormat.LENGTH);
    g.writeStringField("eventSource", api.eventSource());
    g.writeStringField("eventName", api.eventName());
    g.writeStringField("awsRegion", s.region);
    g.writeStringField("sourceIPAddress", id.sourceIp());
    g.writeStringField("userAgent", api.consoleSignIn() ? UserAgents.BROWSER : id.userAgent());
    int r = Math.min(c.nextInt(StreamModel.POOL), c.nextInt(StreamModel.POOL));
    String res = api.resource().parameter() == null ? null : s.resource(api.resource(), r);
    if (api.resource() == ResourceType.OBJECT) {
      res = res + "part-" + hex(16) + ".parquet";
    }
    if (e.errorCode != null) {
      g.writeStringField("errorCode", e.errorCode);
      g.writeStringField("errorMessage", ErrorCodes.message(e.errorCode, api, id.arn(), res));
    }
    if (api.consoleSignIn()) {
      consoleLogin(g, e);
    } else {
      requestParameters(g, api, s, res, r);
      if (e.errorCode != null) {
        g.writeNullField("responseElements");
      } else {
        responseElements(g, api, s, res, id);
      }
      additionalEventData(g, api);
    }
    g.writeFieldName("requestID");
    c.uuid(uuid);
    g.writeString(uuid, 0, 36);
    g.writeFieldName("eventID");
    c.uuid(uuid);
    g.writeString(uuid, 0, 36);
    if (!old) {
      g.writeBooleanField("readOnly", api.readOnly());
    }
    resources(g, api, s, res, r);
    g.writeStringField("eventType", api.consoleSignIn() ? "AwsConsoleSignIn" : "AwsApiCall");
    if (!old) {
      g.writeBooleanField("managementEvent", !api.data());
    }
    g.writeStringField("recipientAccountId", s.account.id());
    if (!old) {
      g.writeStringField("eventCategory", api.data() ? "Data" : "Management");
      if (id.type() != Identity.Type.AWS_SERVICE && !api.consoleSignIn()) {
        g.writeObjectFieldStart("tlsDetails");
        g.writeStringField("tlsVersion", "TLSv1.3");
        g.writeStringField("cipherSuite", "TLS_AES_128_GCM_SHA256");
        g.writeStringField(
            "clientProvidedHostHeader", api.service() + "." + s.region + ".amazonaws.com");
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private void identity(JsonGenerator g, Identity id, long seconds) throws IOException {
    g.writeObjectFieldStart("userIdentity");
    g.writeStringField("type", id.type().aws);
    switch (id.type()) {
      case IAM_USER -> {
        g.writeStringField("principalId", id.principalId());
        g.writeStringField("arn", id.arn());
        g.writeStringField("accountId", id.accountId());
        g.writeStringField("accessKeyId", id.accessKeyId());
        g.writeStringField("userName", id.name());
      }
      case ASSUMED_ROLE -> {
        g.writeFieldName("principalId");
        g.writeString(id.principalId() + ":" + id.session());
        g.writeStringField("arn", id.arn());
        g.writeStringField("accountId", id.accountId());
        g.writeStringField("accessKeyId", id.accessKeyId());
        g.writeObjectFieldStart("sessionContext");
        g.writeObjectFieldStart("sessionIssuer");
        g.writeStringField("type", "Role");
        g.writeStringField("principalId", id.principalId());
        g.writeStringField("arn", id.issuerArn());
        g.writeStringField("accountId", id.accountId());
        g.writeStringField("userName", id.name());
        g.writeEndObject();
        g.writeObjectFieldStart("webIdFederationData");
        g.writeEndObject();
        g.writeObjectFieldStart("attributes");
        g.writeFieldName("creationDate");
        timeFormat.format(seconds - seconds % 3600, time);
        g.writeString(time, 0, TimeFormat.LENGTH);
        g.writeStringField("mfaAuthenticated", "false");
        g.writeEndObject();
        g.writeEndObject();
      }
      case AWS_SERVICE -> g.writeStringField("invokedBy", id.invokedBy());
    }
    g.writeEndObject();
  }

  private void consoleLogin(JsonGenerator g, Ev e) throws IOException {
    g.writeNullField("requestParameters");
    g.writeObjectFieldStart("responseElements");
    g.writeStringField("ConsoleLogin", e.failedLogin() ? "Failure" : "Success");
    g.writeEndObject();
    if (e.failedLogin()) {
      // sign-in failures carry no errorCode: a trap for detectors that read responseElements
      g.writeStringField("errorMessage", "Failed authentication");
    }
    g.writeObjectFieldStart("additionalEventData");
    g.writeStringField(
        "LoginTo",
        "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB");
    g.writeStringField("MobileVersion", "No");
    g.writeStringField("MFAUsed", e.failedLogin() ? "No" : "Yes");
    g.writeEndObject();
  }

  private void requestParameters(JsonGenerator g, ApiDef api, StreamModel s, String res, int r)
      throws IOException {
    String name = api.eventName();
    ResourceType type = api.resource();
    g.writeFieldName("requestParameters");
    switch (api.service()) {
      case "ec2" -> ec2Request(g, api, s, res);
      case "s3" -> {
        String bucket = type == ResourceType.OBJECT ? s.resource(ResourceType.BUCKET, r) : res;
        if (bucket == null) {
          g.writeStartObject();
          g.writeStringField("Host", "s3." + s.region + ".amazonaws.com");
          g.writeEndObject();
          return;
        }
        g.writeStartObject();
        g.writeStringField("bucketName", bucket);
        g.writeStringField("Host", bucket + ".s3." + s.region + ".amazonaws.com");
        if (type == ResourceType.OBJECT) {
          g.writeStringField("key", res);
        } else {
          String sub = name.substring(name.indexOf("Bucket") + 6);
          if (!sub.isEmpty()) {
            g.writeStringField(Character.toLowerCase(sub.charAt(0)) + sub.substring(1), "");
          }
        }
        g.writeEndObject();
      }
      case "sts" -> {
        if (type != ResourceType.ROLE_SESSION) {
          g.writeNull();
          return;
        }
        g.writeStartObject();
        g.writeStringField("roleArn", res);
        g.writeFieldName("roleSessionName");
        g.writeString("botocore-session-" + (1_700_000_000L + c.nextInt(100_000_000)));
        g.writeNumberField("durationSeconds", 3600);
        g.writeEndObject();
      }
      case "kms" -> {
        g.writeStartObject();
        if (name.equals("Decrypt") || name.equals("GenerateDataKey") || name.equals("Encrypt")) {
          g.writeStringField("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
          g.writeObjectFieldStart("encryptionContext");
          g.writeStringField(
              "aws:lambda:FunctionArn",
              "arn:aws:lambda:"
                  + s.region
                  + ":"
                  + s.account.id()
                  + ":function:"
                  + s.resource(ResourceType.FUNCTION, r));
          g.writeEndObject();
          if (name.equals("GenerateDataKey")) {
            g.writeStringField("keySpec", "AES_256");
            g.writeStringField("keyId", "alias/aws/lambda");
          }
        } else if (res != null) {
          g.writeStringField("keyId", res);
        }
        g.writeEndObject();
      }
      case "logs" -> {
        g.writeStartObject();
        g.writeStringField("logGroupName", res);
        if (name.equals("CreateLogStream") || name.equals("DeleteLogStream")) {
          g.writeFieldName("logStreamName");
          g.writeString("2026/03/02/[$LATEST]" + hex(32));
        } else if (name.equals("FilterLogEvents")) {
          g.writeNumberField("startTime", 1_772_400_000_000L + c.nextInt(1_000_000_000));
          g.writeStringField("filterPattern", "ERROR");
        }
        g.writeEndObject();
      }
      case "ssm" -> {
        g.writeStartObject();
        if (name.equals("UpdateInstanceInformation")) {
          g.writeStringField("instanceId", res);
          g.writeStringField("agentVersion", "3.3.131.0");
          g.writeStringField("agentStatus", "Active");
          g.writeStringField("platformType", "Linux");
          g.writeStringField("platformName", "Amazon Linux");
          g.writeStringField("platformVersion", "2023");
          g.writeStringField("iPAddress", "10.0." + c.nextInt(256) + "." + c.nextInt(256));
          g.writeStringField("computerName", "ip-10-0-" + c.nextInt(256) + ".ec2.internal");
          g.writeStringField("agentName", "amazon-ssm-agent");
        } else if (name.equals("GetParameters")) {
          g.writeArrayFieldStart("names");
          g.writeString(res);
          g.writeString(s.resource(ResourceType.PARAMETER, r + 1));
          g.writeEndArray();
          g.writeBooleanField("withDecryption", true);
        } else {
          g.writeStringField(type.parameter(), res);
          if (type == ResourceType.PARAMETER) {
            g.writeBooleanField("withDecryption", true);
          }
        }
        g.writeEndObject();
      }
      case "lambda" -> {
        g.writeStartObject();
        if (api.data()) {
          g.writeFieldName("functionName");
          g.writeString("arn:aws:lambda:" + s.region + ":" + s.account.id() + ":function:" + res);
          g.writeStringField("invocationType", c.chance(0.7) ? "RequestResponse" : "Event");
        } else if (res != null) {
          g.writeStringField("functionName", res);
          if (!api.readOnly()) {
            g.writeStringField("runtime", "python3.12");
            g.writeStringField("handler", "app.handler");
            g.writeNumberField("timeout", 30);
            g.writeNumberField("memorySize", 512);
          }
        } else {
          g.writeNumberField("maxItems", 50);
        }
        g.writeEndObject();
      }
      default -> {
        if (type.parameter() == null) {
          if (api.readOnly()) {
            g.writeStartObject();
            g.writeNumberField("maxResults", 100);
            g.writeEndObject();
          } else {
            g.writeNull();
          }
          return;
        }
        g.writeStartObject();
        g.writeStringField(type.parameter(), res);
        if (!api.readOnly()) {
          g.writeArrayFieldStart("tags");
          g.writeStartObject();
          g.writeStringField("key", "team");
          g.writeStringField("value", "platform");
          g.writeEndObject();
          g.writeStartObject();
          g.writeStringField("key", "environment");
          g.writeStringField("value", TAG_VALUES[c.nextInt(TAG_VALUES.length)]);
          g.writeEndObject();
          g.writeEndArray();
        }
        g.writeEndObject();
      }
    }
  }

  private void ec2Request(JsonGenerator g, ApiDef api, StreamModel s, String res)
      throws IOException {
    String name = api.eventName();
    ResourceType type = api.resource();
    g.writeStartObject();
    if (api.readOnly()) {
      if (res != null) {
        g.writeObjectFieldStart(type.parameter() + "Set");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField(type.parameter(), res);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeObjectFieldStart("filterSet");
      g.writeArrayFieldStart("items");
      g.writeStartObject();
      g.writeStringField("name", "tag:Environment");
      g.writeObjectFieldStart("valueSet");
      g.writeArrayFieldStart("items");
      g.writeStartObject();
      g.writeStringField("value", TAG_VALUES[c.nextInt(TAG_VALUES.length)]);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeNumberField("maxResults", 1000);
    } else if (name.equals("RunInstances")) {
      g.writeObjectFieldStart("instancesSet");
      g.writeArrayFieldStart("items");
      g.writeStartObject();
      g.writeStringField("imageId", s.resource(ResourceType.IMAGE, 0));
      g.writeNumberField("minCount", 1);
      g.writeNumberField("maxCount", 1);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeStringField("instanceType", c.chance(0.5) ? "m6i.large" : "c7g.xlarge");
      g.writeObjectFieldStart("blockDeviceMapping");
      g.writeEndObject();
      g.writeObjectFieldStart("monitoring");
      g.writeBooleanField("enabled", false);
      g.writeEndObject();
      g.writeBooleanField("disableApiTermination", false);
      g.writeBooleanField("disableApiStop", false);
      g.writeFieldName("clientToken");
      c.uuid(uuid);
      g.writeString(uuid, 0, 36);
    } else if (type == ResourceType.INSTANCE) {
      g.writeObjectFieldStart(name.equals("CreateTags") ? "resourcesSet" : "instancesSet");
      g.writeArrayFieldStart("items");
      g.writeStartObject();
      g.writeStringField(name.equals("CreateTags") ? "resourceId" : "instanceId", res);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      if (name.endsWith("Tags")) {
        g.writeObjectFieldStart("tagSet");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("key", "karpenter.sh/nodepool");
        g.writeStringField("value", "default");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }
    } else {
      g.writeStringField(type.parameter(), res);
    }
    g.writeEndObject();
  }

  private void responseElements(
      JsonGenerator g, ApiDef api, StreamModel s, String res, Identity caller) throws IOException {
    String name = api.eventName();
    g.writeFieldName("responseElements");
    switch (api.service()) {
      case "sts" -> {
        if (api.resource() != ResourceType.ROLE_SESSION) {
          g.writeNull();
          return;
        }
        g.writeStartObject();
        g.writeObjectFieldStart("credentials");
        g.writeFieldName("accessKeyId");
        g.writeString("ASIA" + c.upperAlnum(16));
        g.writeStringField("expiration", "Mar 2, 2026, 3:07:31 PM");
        g.writeEndObject();
        g.writeObjectFieldStart("assumedRoleUser");
        g.writeFieldName("assumedRoleId");
        g.writeString("AROA" + c.upperAlnum(17) + ":botocore-session");
        g.writeFieldName("arn");
        g.writeString(
            res.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
                + "/botocore-session");
        g.writeEndObject();
        g.writeEndObject();
      }
      case "ec2" -> {
        if (api.readOnly()) {
          g.writeNull();
          return;
        }
        g.writeStartObject();
        g.writeFieldName("requestId");
        c.uuid(uuid);
        g.writeString(uuid, 0, 36);
        if (api.resource() == ResourceType.INSTANCE && !name.endsWith("Tags")) {
          g.writeObjectFieldStart("instancesSet");
          g.writeArrayFieldStart("items");
          g.writeStartObject();
          g.writeStringField("instanceId", res);
          g.writeObjectFieldStart("currentState");
          boolean stopping = name.startsWith("Terminate") || name.startsWith("Stop");
          g.writeNumberField("code", stopping ? 32 : 0);
          g.writeStringField("name", stopping ? "shutting-down" : "pending");
          g.writeEndObject();
          g.writeObjectFieldStart("previousState");
          g.writeNumberField("code", stopping ? 16 : 80);
          g.writeStringField("name", stopping ? "running" : "stopped");
          g.writeEndObject();
          g.writeEndObject();
          g.writeEndArray();
          g.writeEndObject();
        } else {
          g.writeBooleanField("_return", true);
        }
        g.writeEndObject();
      }
      case "s3", "kms", "logs", "monitoring", "ssm", "dynamodb", "ecr" -> {
        if (api.eventName().equals("PutObject")) {
          g.writeStartObject();
          g.writeStringField("x-amz-server-side-encryption", "aws:kms");
          g.writeFieldName("x-amz-version-id");
          g.writeString(hex(32));
          g.writeEndObject();
        } else if (name.equals("PutParameter")) {
          g.writeStartObject();
          g.writeNumberField("version", 1 + c.nextInt(40));
          g.writeStringField("tier", "Standard");
          g.writeEndObject();
        } else {
          g.writeNull();
        }
      }
      default -> {
        if (api.readOnly() || res == null) {
          g.writeNull();
          return;
        }
        g.writeStartObject();
        g.writeStringField(api.resource().parameter(), res);
        g.writeStringField(
            "arn",
            "arn:aws:"
                + api.service()
                + ":"
                + (api.global() ? "" : s.region)
                + ":"
                + s.account.id()
                + ":"
                + api.resource().name().toLowerCase()
                + "/"
                + res);
        g.writeFieldName("createdDate");
        g.writeString(time, 0, TimeFormat.LENGTH);
        if (caller.arn() != null) {
          g.writeStringField("createdBy", caller.arn());
        }
        g.writeEndObject();
      }
    }
  }

  private void additionalEventData(JsonGenerator g, ApiDef api) throws IOException {
    if ("s3".equals(api.service())) {
      g.writeObjectFieldStart("additionalEventData");
      g.writeStringField("SignatureVersion", "SigV4");
      g.writeStringField("CipherSuite", "TLS_AES_128_GCM_SHA256");
      g.writeNumberField(
          "bytesTransferredIn", api.eventName().equals("PutObject") ? c.nextInt(4_000_000) : 0);
      g.writeStringField("AuthenticationMethod", "AuthHeader");
      g.writeFieldName("x-amz-id-2");
      g.writeString(hex(56));
      g.writeNumberField(
          "bytesTransferredOut", api.eventName().equals("GetObject") ? c.nextInt(8_000_000) : 0);
      g.writeEndObject();
    } else if (api.data() && "lambda".equals(api.service())) {
      g.writeObjectFieldStart("additionalEventData");
      g.writeStringField("functionVersion", "$LATEST");
      g.writeEndObject();
    }
  }

  private void resources(JsonGenerator g, ApiDef api, StreamModel s, String res, int r)
      throws IOException {
    String acct = s.account.id();
    switch (api.resource()) {
      case KMS_KEY -> {
        g.writeArrayFieldStart("resources");
        g.writeStartObject();
        g.writeStringField("accountId", acct);
        g.writeStringField("type", "AWS::KMS::Key");
        g.writeFieldName("ARN");
        g.writeString("arn:aws:kms:" + s.region + ":" + acct + ":key/" + res);
        g.writeEndObject();
        g.writeEndArray();
      }
      case BUCKET -> {
        g.writeArrayFieldStart("resources");
        g.writeStartObject();
        g.writeStringField("accountId", acct);
        g.writeStringField("type", "AWS::S3::Bucket");
        g.writeFieldName("ARN");
        g.writeString("arn:aws:s3:::" + res);
        g.writeEndObject();
        g.writeEndArray();
      }
      case OBJECT -> {
        g.writeArrayFieldStart("resources");
        g.writeStartObject();
        g.writeStringField("type", "AWS::S3::Object");
        g.writeFieldName("ARN");
        g.writeString("arn:aws:s3:::" + s.resource(ResourceType.BUCKET, r) + "/" + res);
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("accountId", acct);
        g.writeStringField("type", "AWS::S3::Bucket");
        g.writeFieldName("ARN");
        g.writeString("arn:aws:s3:::" + s.resource(ResourceType.BUCKET, r));
        g.writeEndObject();
        g.writeEndArray();
      }
      case ROLE_SESSION -> {
        g.writeArrayFieldStart("resources");
        g.writeStartObject();
        g.writeStringField("accountId", acct);
        g.writeStringField("type", "AWS::IAM::Role");
        g.writeStringField("ARN", res);
        g.writeEndObject();
        g.writeEndArray();
      }
      case FUNCTION -> {
        if (api.data()) {
          g.writeArrayFieldStart("resources");
          g.writeStartObject();
          g.writeStringField("accountId", acct);
          g.writeStringField("type", "AWS::Lambda::Function");
          g.writeFieldName("ARN");
          g.writeString("arn:aws:lambda:" + s.region + ":" + acct + ":function:" + res);
          g.writeEndObject();
          g.writeEndArray();
        }
      }
      default -> {
        // most management calls carry no resources block
      }
    }
  }

  private String hex(int n) {
    c.hex(hex, 0, n);
    return new String(hex, 0, n);
  }
}
