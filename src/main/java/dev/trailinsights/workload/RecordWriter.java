package dev.trailinsights.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes one CloudTrail record with Jackson's streaming generator, in the field order CloudTrail
 * uses: identity, time, API, client, error, {@code requestParameters} and {@code responseElements}
 * shaped by the API's service and resource, ids, flags, {@code resources}, TLS details. Old-format
 * records (eventVersion 1.02) leave out {@code readOnly}, {@code managementEvent}, {@code
 * eventCategory} and {@code tlsDetails}. One instance per thread.
 */
final class RecordWriter {
  private static final String[] TAG_VALUES = {"production", "staging", "shared", "platform"};
  private static final JsonFactory FRAGMENTS = new JsonFactory();
  private static final String TIME_PLACEHOLDER = "\u0000";

  // field names and constant values, UTF-8 encoded and quoted once
  private static final SerializedString EVENT_VERSION = new SerializedString("eventVersion");
  private static final SerializedString USER_IDENTITY = new SerializedString("userIdentity");
  private static final SerializedString EVENT_TIME = new SerializedString("eventTime");
  private static final SerializedString EVENT_SOURCE = new SerializedString("eventSource");
  private static final SerializedString EVENT_NAME = new SerializedString("eventName");
  private static final SerializedString AWS_REGION = new SerializedString("awsRegion");
  private static final SerializedString SOURCE_IP = new SerializedString("sourceIPAddress");
  private static final SerializedString USER_AGENT = new SerializedString("userAgent");
  private static final SerializedString ERROR_CODE = new SerializedString("errorCode");
  private static final SerializedString ERROR_MESSAGE = new SerializedString("errorMessage");
  private static final SerializedString RESPONSE_ELEMENTS =
      new SerializedString("responseElements");
  private static final SerializedString REQUEST_ID = new SerializedString("requestID");
  private static final SerializedString EVENT_ID = new SerializedString("eventID");
  private static final SerializedString READ_ONLY = new SerializedString("readOnly");
  private static final SerializedString EVENT_TYPE = new SerializedString("eventType");
  private static final SerializedString MANAGEMENT_EVENT = new SerializedString("managementEvent");
  private static final SerializedString RECIPIENT = new SerializedString("recipientAccountId");
  private static final SerializedString EVENT_CATEGORY = new SerializedString("eventCategory");
  private static final SerializedString TLS_DETAILS = new SerializedString("tlsDetails");
  private static final SerializedString OLD_VERSION = new SerializedString("1.02");
  private static final SerializedString API_CALL = new SerializedString("AwsApiCall");
  private static final SerializedString CONSOLE_SIGN_IN = new SerializedString("AwsConsoleSignIn");
  private static final SerializedString DATA = new SerializedString("Data");
  private static final SerializedString MANAGEMENT = new SerializedString("Management");
  private static final SerializedString BROWSER = new SerializedString(UserAgents.BROWSER);

  /** A key's constant strings, encoded once. */
  private record KeyStrings(
      SerializedString source,
      SerializedString name,
      SerializedString version,
      SerializedString region,
      SerializedString account,
      SerializedString tls) {}

  /**
   * A caller's constant strings; {@code identity} is the whole {@code userIdentity} object, split
   * around the session's creation time for assumed roles ({@code afterTime} null otherwise).
   */
  private record CallerStrings(
      SerializedString identity,
      SerializedString afterTime,
      SerializedString userAgent,
      SerializedString sourceIp) {}

  private final Rng c = new Rng(0);
  private final TimeFormat timeFormat = new TimeFormat();
  private final char[] time = new char[TimeFormat.LENGTH];
  private final char[] uuid = new char[36];
  private final char[] hex = new char[64];
  private final Map<KeyProfile, KeyStrings> keyStrings = new IdentityHashMap<>();
  private final Map<Identity, CallerStrings> callerStrings = new IdentityHashMap<>();

  void write(JsonGenerator g, Ev e) throws IOException {
    KeyProfile k = e.key;
    ApiDef api = k.api;
    StreamModel s = k.stream;
    Identity id = e.caller;
    KeyStrings ks = keyStrings.computeIfAbsent(k, RecordWriter::keyStrings);
    CallerStrings cs = callerStrings.computeIfAbsent(id, RecordWriter::callerStrings);
    c.reseed(e.seed);
    boolean old = e.oldFormat();
    long seconds = e.timeMillis / 1000;

    g.writeStartObject();
    g.writeFieldName(EVENT_VERSION);
    g.writeString(old ? OLD_VERSION : ks.version());
    g.writeFieldName(USER_IDENTITY);
    g.writeRawValue(cs.identity());
    if (cs.afterTime() != null) {
      timeFormat.format(seconds - seconds % 3600, time);
      g.writeRaw(time, 0, TimeFormat.LENGTH);
      g.writeRaw(cs.afterTime());
    }
    g.writeFieldName(EVENT_TIME);
    timeFormat.format(seconds, time);
    g.writeString(time, 0, TimeFormat.LENGTH);
    g.writeFieldName(EVENT_SOURCE);
    g.writeString(ks.source());
    g.writeFieldName(EVENT_NAME);
    g.writeString(ks.name());
    g.writeFieldName(AWS_REGION);
    g.writeString(ks.region());
    g.writeFieldName(SOURCE_IP);
    g.writeString(cs.sourceIp());
    g.writeFieldName(USER_AGENT);
    g.writeString(api.consoleSignIn() ? BROWSER : cs.userAgent());
    int r = Math.min(c.nextInt(StreamModel.POOL), c.nextInt(StreamModel.POOL));
    String res = api.resource().parameter() == null ? null : s.resource(api.resource(), r);
    if (api.resource() == ResourceType.OBJECT) {
      res = res + "part-" + hex(16) + ".parquet";
    }
    if (e.errorCode != null) {
      g.writeFieldName(ERROR_CODE);
      g.writeString(e.errorCode);
      g.writeFieldName(ERROR_MESSAGE);
      g.writeString(ErrorCodes.message(e.errorCode, api, id.arn(), res));
    }
    if (api.consoleSignIn()) {
      consoleLogin(g, e);
    } else {
      requestParameters(g, api, s, res, r);
      if (e.errorCode != null) {
        g.writeFieldName(RESPONSE_ELEMENTS);
        g.writeNull();
      } else {
        responseElements(g, api, s, res, id);
      }
      additionalEventData(g, api);
    }
    g.writeFieldName(REQUEST_ID);
    c.uuid(uuid);
    g.writeString(uuid, 0, 36);
    g.writeFieldName(EVENT_ID);
    c.uuid(uuid);
    g.writeString(uuid, 0, 36);
    if (!old) {
      g.writeFieldName(READ_ONLY);
      g.writeBoolean(api.readOnly());
    }
    resources(g, api, s, res, r);
    g.writeFieldName(EVENT_TYPE);
    g.writeString(api.consoleSignIn() ? CONSOLE_SIGN_IN : API_CALL);
    if (!old) {
      g.writeFieldName(MANAGEMENT_EVENT);
      g.writeBoolean(!api.data());
    }
    g.writeFieldName(RECIPIENT);
    g.writeString(ks.account());
    if (!old) {
      g.writeFieldName(EVENT_CATEGORY);
      g.writeString(api.data() ? DATA : MANAGEMENT);
      if (id.type() != Identity.Type.AWS_SERVICE && !api.consoleSignIn()) {
        g.writeFieldName(TLS_DETAILS);
        g.writeRawValue(ks.tls());
      }
    }
    g.writeEndObject();
  }

  private static KeyStrings keyStrings(KeyProfile k) {
    StreamModel s = k.stream;
    String host = k.api.service() + "." + s.region + ".amazonaws.com";
    return new KeyStrings(
        new SerializedString(k.api.eventSource()),
        new SerializedString(k.api.eventName()),
        new SerializedString(k.api.eventVersion()),
        new SerializedString(s.region),
        new SerializedString(s.account.id()),
        new SerializedString(
            fragment(
                g -> {
                  g.writeStartObject();
                  g.writeStringField("tlsVersion", "TLSv1.3");
                  g.writeStringField("cipherSuite", "TLS_AES_128_GCM_SHA256");
                  g.writeStringField("clientProvidedHostHeader", host);
                  g.writeEndObject();
                })));
  }

  private static CallerStrings callerStrings(Identity id) {
    String json = fragment(g -> identity(g, id));
    SerializedString afterTime = null;
    int cut = json.indexOf(TIME_PLACEHOLDER);
    if (cut >= 0) {
      afterTime = new SerializedString(json.substring(cut + 1));
      json = json.substring(0, cut);
    }
    return new CallerStrings(
        new SerializedString(json),
        afterTime,
        new SerializedString(id.userAgent()),
        new SerializedString(id.sourceIp()));
  }

  private interface Fragment {
    void write(JsonGenerator g) throws IOException;
  }

  /** JSON text of one value written by {@code f}, for raw reuse. */
  private static String fragment(Fragment f) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FRAGMENTS.createGenerator(w)) {
      f.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** {@code userIdentity}; an assumed role's creation time is left as a placeholder. */
  private static void identity(JsonGenerator g, Identity id) throws IOException {
    g.writeStartObject();
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
        g.writeStringField("principalId", id.principalId() + ":" + id.session());
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
        g.writeRawValue("\"" + TIME_PLACEHOLDER + "\"");
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
