package dev.trailinsights.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailinsights.integrity.ChainStore;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.DigestSigner;
import dev.trailinsights.integrity.RunningDigest;
import dev.trailinsights.integrity.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DigestStatusTest {
  private static final KeyPair KEY = TestKeys.generate("Ed25519");
  private static final long T0 = 1_780_000_000_000L / 3_600_000L * 3_600_000L;

  private static byte[] record(String id) {
    return ("{\"eventVersion\":\"1.08\",\"eventID\":\"" + id + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static RunningDigest chain(KeyPair k) {
    RunningDigest c =
        new RunningDigest(
            "app/1_0",
            Duration.ofHours(1),
            DigestSigner.fromPem(TestKeys.privatePem(k), "key"),
            ChainStore.inMemory());
    c.open(T0);
    return c;
  }

  @Test
  void shouldProveOnlyRecordsListedUnchangedByAValidChain() throws Exception {
    DigestStatus status = new DigestStatus(KEY.getPublic(), false);
    RunningDigest chain = chain(KEY);
    chain.add("a", record("a"), T0);
    chain.add("b", record("b"), T0);
    Digest first = chain.tick(T0 + 3_600_000L).orElseThrow();
    status.accept(first.toBytes());

    assertThat(status.of(record("a"), record("b"))).isEqualTo("proven");
    assertThat(status.of(record("a"), null)).isEqualTo("proven");
    assertThat(status.of(record("a"), record("c"))).isEqualTo("pending");
    byte[] changed =
        "{\"eventVersion\":\"1.09\",\"eventID\":\"b\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(status.of(record("a"), changed)).isEqualTo("modified");
  }

  @Test
  void shouldIgnoreDigestsOfAnotherKeyOrOutsideTheChain() throws Exception {
    DigestStatus status = new DigestStatus(KEY.getPublic(), false);
    RunningDigest forged = chain(TestKeys.generate("Ed25519"));
    forged.add("x", record("x"), T0);
    status.accept(forged.tick(T0 + 3_600_000L).orElseThrow().toBytes());
    RunningDigest chain = chain(KEY);
    chain.tick(T0 + 3_600_000L);
    chain.add("y", record("y"), T0 + 3_600_000L);
    // digest 1 without digest 0: not linked to the chain's start
    status.accept(chain.tick(T0 + 7_200_000L).orElseThrow().toBytes());

    assertThat(status.of(record("x"))).isEqualTo("pending");
    assertThat(status.of(record("y"))).isEqualTo("pending");
    assertThat(status.counts()).containsExactly(0, 2);
    assertThat(DigestStatus.OFF.of(record("y"))).isEqualTo("off");
  }
}
