package dev.trailinsights.integrity;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;

/** Fresh RSA and Ed25519 keys in PEM, as openssl writes them. */
public final class TestKeys {
  private TestKeys() {}

  /** A new key pair: "RSA" (2048 bits) or "Ed25519". */
  public static KeyPair generate(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("RSA")) {
        g.initialize(2048);
      } else {
        g.initialize(NamedParameterSpec.ED25519);
      }
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCS#8 PEM of the private key. */
  public static String privatePem(KeyPair k) {
    return pem("PRIVATE KEY", k.getPrivate().getEncoded());
  }

  /** SubjectPublicKeyInfo PEM of the public key. */
  public static String publicPem(KeyPair k) {
    return pem("PUBLIC KEY", k.getPublic().getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
