package dev.trailinsights.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM keys and fingerprints. Private keys are PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, as
 * {@code openssl genpkey} writes them), public keys SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC
 * KEY-----}, {@code openssl pkey -pubout}); RSA (2048 bits or more) or Ed25519. Error messages
 * never quote key material.
 */
public final class Keys {
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);

  /** Smallest RSA modulus accepted, in bits. */
  public static final int MIN_RSA_BITS = 2048;

  private Keys() {}

  /**
   * The signing key of a PEM PKCS#8 private key.
   *
   * @param where names the source in errors (a file name or a setting), never the content
   * @throws IllegalArgumentException when it is not one RSA or Ed25519 PKCS#8 private key
   */
  public static KeyPair privateKey(String pem, String where) {
    byte[] der = block(pem, "PRIVATE KEY", where);
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : new String[] {"RSA", "Ed25519"}) {
      try {
        PrivateKey key = KeyFactory.getInstance(alg).generatePrivate(spec);
        return new KeyPair(publicOf(key, where), key);
      } catch (GeneralSecurityException | ClassCastException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        where + " is not an RSA or Ed25519 private key in PKCS#8 PEM (BEGIN PRIVATE KEY)");
  }

  /**
   * The public keys of a PEM text (one or more {@code PUBLIC KEY} blocks).
   *
   * @throws IllegalArgumentException when it holds none, or one that is not RSA or Ed25519
   */
  public static List<PublicKey> publicKeys(String pem, String where) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      if (!m.group(1).equals("PUBLIC KEY")) {
        if (m.group(1).contains("PRIVATE")) {
          throw new IllegalArgumentException(
              where
                  + " holds a private key: verify needs only the public key (openssl pkey -pubout)");
        }
        continue;
      }
      keys.add(publicKey(decode(m.group(2), where), where));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(where + " holds no public key in PEM (BEGIN PUBLIC KEY)");
    }
    return keys;
  }

  private static PublicKey publicKey(byte[] der, String where) {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String alg : new String[] {"RSA", "Ed25519"}) {
      try {
        PublicKey key = KeyFactory.getInstance(alg).generatePublic(spec);
        checkSize(key, where);
        return key;
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(where + " holds a public key that is not RSA or Ed25519");
  }

  /** SHA-256 (lower-case hex) of the key's SubjectPublicKeyInfo encoding. */
  public static String fingerprint(PublicKey key) {
    return sha256Hex(key.getEncoded());
  }

  /** SHA-256 of {@code bytes}, lower-case hex. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** A SHA-256 digest (always present in the JDK). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The signature algorithm of a key: {@code SHA256withRSA} or {@code Ed25519}. */
  public static String signatureAlgorithm(java.security.Key key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("not an RSA or Ed25519 key");
    };
  }

  private static PublicKey publicOf(PrivateKey key, String where) throws GeneralSecurityException {
    if (key instanceof RSAPrivateCrtKey rsa) {
      PublicKey pub =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      checkSize(pub, where);
      return pub;
    }
    if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
      // the JDK derives an Ed25519 public key only while generating a pair: generate the pair
      // whose private key is this one, from its 32 bytes as the "random" seed
      byte[] seed = ed.getBytes().get();
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair pair = g.generateKeyPair();
      byte[] again = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      boolean same = Arrays.equals(again, seed);
      Arrays.fill(again, (byte) 0);
      Arrays.fill(seed, (byte) 0);
      if (!same) {
        throw new GeneralSecurityException("cannot derive the Ed25519 public key");
      }
      return pair.getPublic();
    }
    throw new GeneralSecurityException("unsupported private key");
  }

  private static void checkSize(PublicKey key, String where) {
    if (key instanceof java.security.interfaces.RSAPublicKey rsa
        && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new IllegalArgumentException(
          where
              + " is an RSA key of "
              + rsa.getModulus().bitLength()
              + " bits: at least "
              + MIN_RSA_BITS
              + " are required");
    }
  }

  private static byte[] block(String pem, String type, String where) {
    Matcher m = PEM.matcher(pem);
    byte[] found = null;
    while (m.find()) {
      if (m.group(1).equals(type)) {
        if (found != null) {
          throw new IllegalArgumentException(where + " holds more than one " + type);
        }
        found = decode(m.group(2), where);
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(
          where + " holds no " + type + " in PEM (-----BEGIN " + type + "-----)");
    }
    return found;
  }

  private static byte[] decode(String base64, String where) {
    try {
      return Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " holds a PEM block that is not Base64");
    }
  }

  /** A "random" source that returns given bytes, to rebuild a key pair from its private key. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("unexpected seed length " + out.length);
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
