package dev.trailinsights.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {
  @ParameterizedTest
  @ValueSource(strings = {"RSA", "Ed25519"})
  void shouldDeriveThePublicKeyAndItsFingerprintFromThePrivateKey(String algorithm) {
    KeyPair k = TestKeys.generate(algorithm);
    DigestSigner signer = DigestSigner.fromPem(TestKeys.privatePem(k), "key file");
    assertThat(signer.publicKey().getEncoded()).isEqualTo(k.getPublic().getEncoded());
    assertThat(signer.fingerprint())
        .isEqualTo(Keys.fingerprint(Keys.publicKeys(TestKeys.publicPem(k), "pub").get(0)))
        .hasSize(64);
    assertThat(signer.algorithm()).isEqualTo(algorithm.equals("RSA") ? "SHA256withRSA" : "Ed25519");
  }

  @Test
  void shouldRefuseAPublicKeyAsSigningKeyWithoutQuotingIt() {
    String pub = TestKeys.publicPem(TestKeys.generate("Ed25519"));
    assertThatThrownBy(() -> DigestSigner.fromPem(pub, "integrity.signing-key-file (k.pem)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "integrity.signing-key-file (k.pem) holds no PRIVATE KEY in PEM (-----BEGIN PRIVATE"
                + " KEY-----)");
  }

  @Test
  void shouldRefuseAPrivateKeyWhereOnlyThePublicKeyBelongs() {
    String priv = TestKeys.privatePem(TestKeys.generate("Ed25519"));
    assertThatThrownBy(() -> Keys.publicKeys(priv, "k.pem"))
        .hasMessageContaining("holds a private key")
        .hasMessageNotContaining(priv.substring(30, 50));
  }

  @Test
  void shouldRefuseShortRsaKeys() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    KeyPair k = g.generateKeyPair();
    assertThatThrownBy(() -> DigestSigner.fromPem(TestKeys.privatePem(k), "k.pem"))
        .hasMessage("k.pem is an RSA key of 1024 bits: at least 2048 are required");
  }
}
