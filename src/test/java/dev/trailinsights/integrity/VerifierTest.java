package dev.trailinsights.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampers with an insights file and its digests in every way a verifier must catch, and checks that
 * {@link Verifier} names it. The chain: 3 intervals of 3 records each, then an empty one.
 */
class VerifierTest {
  private static final long HOUR = 3_600_000L;
  private static final long T0 = 1_780_000_000_000L / HOUR * HOUR;
  private static final KeyPair KEY = TestKeys.generate("Ed25519");

  @TempDir Path dir;
  private Path insights;
  private Path digests;
  private List<String> lines;

  @BeforeEach
  void writeChain() throws Exception {
    insights = dir.resolve("insights.jsonl");
    digests = dir.resolve("digests");
    lines = new ArrayList<>();
    RunningDigest chain =
        new RunningDigest(
            "replay",
            Duration.ofHours(1),
            DigestSigner.fromPem(TestKeys.privatePem(KEY), "key"),
            ChainStore.inMemory());
    chain.open(T0);
    for (int h = 0; h < 3; h++) {
      for (int i = 0; i < 3; i++) {
        String line =
            "{\"eventVersion\":\"1.08\",\"eventTime\":\"x\",\"eventID\":\"id-"
                + h
                + "-"
                + i
                + "\",\"insightDetails\":{\"state\":\"Start\"}}";
        lines.add(line);
        assertThat(chain.add("id-" + h + "-" + i, line.getBytes(StandardCharsets.UTF_8), T0))
            .isEmpty();
      }
      DigestFiles.write(digests, chain.tick(T0 + (h + 1) * HOUR).orElseThrow());
    }
    DigestFiles.write(digests, chain.tick(T0 + 4 * HOUR).orElseThrow());
    writeLines();
  }

  private void writeLines() throws Exception {
    Files.write(insights, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private VerifyReport verify() throws Exception {
    return verify(KEY);
  }

  private VerifyReport verify(KeyPair... keys) throws Exception {
    List<java.security.PublicKey> pub = new ArrayList<>();
    for (KeyPair k : keys) {
      pub.add(k.getPublic());
    }
    return new Verifier(pub).verify(InsightLines.read(insights), DigestFiles.read(digests));
  }

  private Path digestFile(long sequence) {
    return digests.resolve(String.format("replay-%010d.json", sequence));
  }

  @Test
  void shouldFindAnUntouchedRunValid() throws Exception {
    VerifyReport r = verify();
    assertThat(r.problems()).isEmpty();
    assertThat(r.valid()).isTrue();
    assertThat(r.intervals()).hasSize(4);
    assertThat(r.validInsights()).isEqualTo(9);
    assertThat(r.intervals().get(3).records()).isZero();
    assertThat(r.text()).endsWith("VALID\n");
  }

  @Test
  void shouldNameARecordWithOneByteChanged() throws Exception {
    lines.set(4, lines.get(4).replace("Start", "Stark"));
    writeLines();
    VerifyReport r = verify();
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Problem.Kind.MODIFIED);
              assertThat(p.eventId()).isEqualTo("id-1-1");
              assertThat(p.sequence()).isEqualTo(1);
            });
    assertThat(r.text()).contains("modified chain replay digest 1 eventID id-1-1");
  }

  @Test
  void shouldNameADeletedRecord() throws Exception {
    lines.remove(7);
    writeLines();
    assertThat(verify().problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Problem.Kind.DELETED);
              assertThat(p.eventId()).isEqualTo("id-2-1");
            });
  }

  @Test
  void shouldNameAnInsertedRecordAndACopiedOne() throws Exception {
    lines.add(2, lines.get(0).replace("id-0-0", "id-forged"));
    lines.add(lines.get(5));
    writeLines();
    VerifyReport r = verify();
    assertThat(r.problems()).extracting(Problem::kind).containsOnly(Problem.Kind.INSERTED);
    assertThat(r.problems()).extracting(Problem::eventId).containsExactly("id-forged", "id-1-1");
  }

  @Test
  void shouldNameReorderedRecords() throws Exception {
    lines.set(3, lines.set(5, lines.get(3)));
    writeLines();
    VerifyReport r = verify();
    assertThat(r.problems()).extracting(Problem::kind).containsOnly(Problem.Kind.REORDERED);
    assertThat(r.has(Problem.Kind.MODIFIED)).isFalse();
  }

  @Test
  void shouldNameADeletedDigestAsAMissingInterval() throws Exception {
    Files.delete(digestFile(1));
    VerifyReport r = verify();
    assertThat(r.problems())
        .filteredOn(p -> p.kind() == Problem.Kind.MISSING_INTERVAL)
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("digests 1 are missing"));
    // its records are now claimed by nothing
    assertThat(r.problems())
        .filteredOn(p -> p.kind() == Problem.Kind.INSERTED)
        .extracting(Problem::eventId)
        .containsExactly("id-1-0", "id-1-1", "id-1-2");
  }

  @Test
  void shouldNameTheNewestDigestsDeletedWhenOtherChainsGoOn() throws Exception {
    // a second chain that goes on to the end; this one loses its last two digests
    RunningDigest other =
        new RunningDigest(
            "other",
            Duration.ofHours(1),
            DigestSigner.fromPem(TestKeys.privatePem(KEY), "key"),
            ChainStore.inMemory());
    other.open(T0);
    DigestFiles.write(digests, other.tick(T0 + 4 * HOUR).orElseThrow());
    Files.delete(digestFile(3));
    Files.delete(digestFile(2));
    VerifyReport r = verify();
    assertThat(r.problems())
        .filteredOn(p -> p.kind() == Problem.Kind.MISSING_INTERVAL)
        .singleElement()
        .satisfies(p -> assertThat(p.chain()).isEqualTo("replay"));
  }

  @Test
  void shouldNameDigestsSwappedBetweenFiles() throws Exception {
    byte[] a = Files.readAllBytes(digestFile(0));
    Files.write(digestFile(0), Files.readAllBytes(digestFile(1)));
    Files.write(digestFile(1), a);
    VerifyReport r = verify();
    assertThat(r.problems()).extracting(Problem::kind).containsOnly(Problem.Kind.REORDERED);
  }

  @Test
  void shouldNameADigestResignedWithAnotherKey() throws Exception {
    KeyPair other = TestKeys.generate("RSA");
    Digest d = Digest.parse(Files.readAllBytes(digestFile(1)));
    Digest forged =
        DigestSigner.fromPem(TestKeys.privatePem(other), "other")
            .sign(
                new Digest(
                    d.version(),
                    d.chainId(),
                    d.sequence(),
                    d.intervalStart(),
                    d.intervalEnd(),
                    d.interval(),
                    d.records().subList(0, 2),
                    d.previousSignature(),
                    d.keyFingerprint(),
                    d.algorithm(),
                    null));
    Files.write(digestFile(1), forged.toBytes());
    lines.remove(5);
    writeLines();
    VerifyReport r = verify();
    assertThat(r.problems())
        .extracting(Problem::kind)
        .contains(Problem.Kind.BAD_SIGNATURE, Problem.Kind.BROKEN_CHAIN);
    assertThat(r.problems())
        .filteredOn(p -> p.kind() == Problem.Kind.BAD_SIGNATURE)
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("not among the public keys given"));
    // given that key too, the signature holds but the chain does not
    VerifyReport both = verify(KEY, other);
    assertThat(both.has(Problem.Kind.BAD_SIGNATURE)).isFalse();
    assertThat(both.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.BROKEN_CHAIN);
  }

  @Test
  void shouldNameAForgedSignatureUnderTheRightFingerprint() throws Exception {
    String text = Files.readString(digestFile(2));
    Files.writeString(digestFile(2), text.replace("id-2-2", "id-2-X"));
    VerifyReport r = verify();
    assertThat(r.intervals().get(2).problems()).containsExactly(Problem.Kind.BAD_SIGNATURE);
  }

  @Test
  void shouldNameAChainCutAtItsStart() throws Exception {
    Files.delete(digestFile(0));
    lines.subList(0, 3).clear();
    writeLines();
    VerifyReport r = verify();
    assertThat(r.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.TRUNCATED_CHAIN);
  }

  @Test
  void shouldNameAnUnreadableDigest() throws Exception {
    Files.writeString(digestFile(3), "{\"version\":1");
    VerifyReport r = verify();
    assertThat(r.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.UNREADABLE_DIGEST);
  }

  @Test
  void shouldCountRecordsOfAnOpenIntervalAsPendingOnlyWhenTheyNameTheirChain() throws Exception {
    List<Verifier.Insight> read = new ArrayList<>(InsightLines.read(insights));
    Verifier.Insight last = read.get(read.size() - 1);
    read.add(new Verifier.Insight(last.source(), 100, "id-new", "00", "replay"));
    read.add(new Verifier.Insight(last.source(), 101, "id-unnamed", "00", null));
    VerifyReport r = new Verifier(List.of(KEY.getPublic())).verify(read, DigestFiles.read(digests));
    assertThat(r.pending()).isEqualTo(1);
    assertThat(r.problems()).extracting(Problem::eventId).containsExactly("id-unnamed");
    // a named record before a record its chain's digests list is not pending
    read.add(new Verifier.Insight(last.source(), 0, "id-early", "00", "replay"));
    VerifyReport again =
        new Verifier(List.of(KEY.getPublic())).verify(read, DigestFiles.read(digests));
    assertThat(again.problems()).extracting(Problem::eventId).contains("id-early");
  }

  @Test
  void shouldCloseAFullIntervalEarlyAndJoinTheNextToIt() throws Exception {
    RunningDigest chain =
        new RunningDigest(
            "full",
            Duration.ofHours(1),
            DigestSigner.fromPem(TestKeys.privatePem(KEY), "key"),
            ChainStore.inMemory());
    chain.open(T0);
    Digest full = null;
    for (int i = 0; i < Digest.MAX_RECORDS; i++) {
      var d = chain.add("e" + i, new byte[] {(byte) i}, T0 + 5);
      if (d.isPresent()) {
        full = d.get();
      }
    }
    assertThat(full).isNotNull();
    assertThat(full.records()).hasSize(Digest.MAX_RECORDS);
    assertThat(full.intervalEnd().toEpochMilli()).isEqualTo(T0 + 5);
    Digest next = chain.tick(T0 + HOUR).orElseThrow();
    assertThat(next.intervalStart()).isEqualTo(full.intervalEnd());
    assertThat(next.previousSignature()).isEqualTo(full.signature());
    assertThat(full.toBytes().length).isLessThan(1_000_000);
  }

  @Test
  void shouldCoverAPauseOfSeveralIntervalsWithOneDigest() throws Exception {
    RunningDigest chain =
        new RunningDigest(
            "paused",
            Duration.ofHours(1),
            DigestSigner.fromPem(TestKeys.privatePem(KEY), "key"),
            ChainStore.inMemory());
    chain.open(T0 + 10);
    assertThat(chain.tick(T0 + HOUR - 1)).isEmpty();
    Digest d = chain.tick(T0 + 5 * HOUR + 7).orElseThrow();
    assertThat(d.intervalStart().toEpochMilli()).isEqualTo(T0);
    assertThat(d.intervalEnd().toEpochMilli()).isEqualTo(T0 + 5 * HOUR);
    assertThat(Digest.parse(d.toBytes())).isEqualTo(d);
  }
}
