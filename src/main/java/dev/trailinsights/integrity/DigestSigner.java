package dev.trailinsights.integrity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs digests with one private key ({@code SHA256withRSA} for RSA, {@code Ed25519}); names the
 * key in each digest by the fingerprint of its public key. {@link #toString()} never shows the key.
 */
public final class DigestSigner {
  private final KeyPair keys;
  private final String algorithm;
  private final String fingerprint;

  /**
   * @param keys the private key and its public key, from {@link Keys#privateKey}
   */
  public DigestSigner(KeyPair keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.algorithm = Keys.signatureAlgorithm(keys.getPrivate());
    this.fingerprint = Keys.fingerprint(keys.getPublic());
  }

  /** A signer from a PEM PKCS#8 private key; {@code where} names its source in errors. */
  public static DigestSigner fromPem(String pem, String where) {
    return new DigestSigner(Keys.privateKey(pem, where));
  }

  /** {@code SHA256withRSA} or {@code Ed25519}. */
  public String algorithm() {
    return algorithm;
  }

  /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The public key, for {@code verify}. */
  public java.security.PublicKey publicKey() {
    return keys.getPublic();
  }

  /**
   * The digest signed: its fingerprint and algorithm set to this key's, its signature over {@link
   * Digest#signedBytes()}.
   *
   * @throws GeneralSecurityException when the provider fails to sign
   */
  public Digest sign(Digest unsigned) throws GeneralSecurityException {
    Digest d =
        new Digest(
            unsigned.version(),
            unsigned.chainId(),
            unsigned.sequence(),
            unsigned.intervalStart(),
            unsigned.intervalEnd(),
            unsigned.interval(),
            unsigned.records(),
            unsigned.previousSignature(),
            fingerprint,
            algorithm,
            null);
    Signature s = Signature.getInstance(algorithm);
    s.initSign(keys.getPrivate());
    s.update(d.signedBytes());
    return d.withSignature(Base64.getEncoder().encodeToString(s.sign()));
  }

  @Override
  public String toString() {
    return algorithm + " key " + fingerprint;
  }
}
