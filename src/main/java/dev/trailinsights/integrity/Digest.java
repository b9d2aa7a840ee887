package dev.trailinsights.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One digest of a chain: the Insights records written in {@code [intervalStart, intervalEnd)} by
 * their {@code eventID} and the SHA-256 of their exact bytes, in the order they were written, the
 * previous digest's signature, and a signature over all of it.
 *
 * <p>The signed bytes ({@link #signedBytes()}) are the digest's JSON without the {@code signature}
 * field, fields in the order of this record, no whitespace: one canonical form, rebuilt by the
 * verifier from the parsed fields.
 *
 * @param version format version, {@value #VERSION}
 * @param chainId the chain: one per detector task ({@code <application.id>/<task>}) or {@code
 *     replay}
 * @param sequence position in the chain, from 0
 * @param intervalStart start of the interval, inclusive; the previous digest's end
 * @param intervalEnd end of the interval, exclusive; aligned to {@code interval} unless the digest
 *     was closed early because it was full
 * @param interval the configured digest interval in seconds
 * @param records the records written in the interval, in write order
 * @param previousSignature the previous digest's signature (Base64), null on the first digest
 * @param keyFingerprint SHA-256 (hex) of the signing key's SubjectPublicKeyInfo
 * @param algorithm {@code SHA256withRSA} or {@code Ed25519}
 * @param signature the signature of {@link #signedBytes()} (Base64), null before signing
 */
public record Digest(
    int version,
    String chainId,
    long sequence,
    Instant intervalStart,
    Instant intervalEnd,
    long interval,
    List<Entry> records,
    String previousSignature,
    String keyFingerprint,
    String algorithm,
    String signature) {

  /** The format version written. */
  public static final int VERSION = 1;

  /** Records one digest lists at most; a fuller interval is closed early (bounds message size). */
  public static final int MAX_RECORDS = 4000;

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One record a digest covers.
   *
   * @param eventId the Insights record's {@code eventID}
   * @param sha256 SHA-256 (hex) of the record's bytes as written
   */
  public record Entry(String eventId, String sha256) {
    public Entry {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  public Digest {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(intervalStart, "intervalStart");
    Objects.requireNonNull(intervalEnd, "intervalEnd");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(algorithm, "algorithm");
    records = List.copyOf(records);
  }

  /** The same digest with {@code signature} set. */
  public Digest withSignature(String signature) {
    return new Digest(
        version,
        chainId,
        sequence,
        intervalStart,
        intervalEnd,
        interval,
        records,
        previousSignature,
        keyFingerprint,
        algorithm,
        signature);
  }

  /**
   * Whether the signature verifies with {@code key} and the digest's algorithm is the key's. The
   * caller checks that {@link #keyFingerprint()} names a key it trusts.
   */
  public boolean signedBy(java.security.PublicKey key) {
    if (signature == null) {
      return false;
    }
    try {
      if (!Keys.signatureAlgorithm(key).equals(algorithm)) {
        return false;
      }
      java.security.Signature s = java.security.Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(signedBytes());
      return s.verify(java.util.Base64.getDecoder().decode(signature));
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The bytes the signature is over: the canonical JSON without {@code signature}. */
  public byte[] signedBytes() {
    return write(false);
  }

  /** The digest as written to the digest topic or file: canonical JSON with the signature. */
  public byte[] toBytes() {
    return write(true);
  }

  private byte[] write(boolean withSignature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records.size() * 120);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", version);
      g.writeStringField("chainId", chainId);
      g.writeNumberField("sequence", sequence);
      g.writeStringField("intervalStart", intervalStart.toString());
      g.writeStringField("intervalEnd", intervalEnd.toString());
      g.writeNumberField("intervalSeconds", interval);
      g.writeNumberField("recordCount", records.size());
      g.writeArrayFieldStart("records");
      for (Entry e : records) {
        g.writeStartObject();
        g.writeStringField("eventID", e.eventId());
        g.writeStringField("sha256", e.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (previousSignature == null) {
        g.writeNullField("previousSignature");
      } else {
        g.writeStringField("previousSignature", previousSignature);
      }
      g.writeStringField("keyFingerprint", keyFingerprint);
      g.writeStringField("signatureAlgorithm", algorithm);
      if (withSignature) {
        if (signature == null) {
          g.writeNullField("signature");
        } else {
          g.writeStringField("signature", signature);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a digest.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static Digest parse(byte[] bytes) {
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    try {
      JsonNode recs = required(n, "records");
      if (!recs.isArray()) {
        throw new IllegalArgumentException("records is not an array");
      }
      List<Entry> entries = new ArrayList<>(recs.size());
      for (JsonNode r : recs) {
        entries.add(new Entry(text(r, "eventID"), text(r, "sha256")));
      }
      long count = required(n, "recordCount").asLong(-1);
      if (count != entries.size()) {
        throw new IllegalArgumentException(
            "recordCount " + count + " but " + entries.size() + " records");
      }
      return new Digest(
          required(n, "version").asInt(),
          text(n, "chainId"),
          required(n, "sequence").asLong(),
          Instant.parse(text(n, "intervalStart")),
          Instant.parse(text(n, "intervalEnd")),
          required(n, "intervalSeconds").asLong(),
          entries,
          nullableText(n, "previousSignature"),
          text(n, "keyFingerprint"),
          text(n, "signatureAlgorithm"),
          nullableText(n, "signature"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("bad interval time: " + e.getParsedString());
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null) {
      throw new IllegalArgumentException("no " + field);
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return v.asText();
  }

  private static String nullableText(JsonNode n, String field) {
    JsonNode v = required(n, field);
    return v.isNull() ? null : text(n, field);
  }
}
