package dev.trailinsights.topology;

import dev.trailinsights.integrity.ChainHead;
import dev.trailinsights.integrity.ChainStore;
import dev.trailinsights.integrity.Digest;
import dev.trailinsights.integrity.RunningDigest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the digest chain of one detector task: hashes each Insights record's exact bytes on its way
 * to the output topic, and at every interval boundary (wall clock, aligned to the epoch) forwards a
 * signed {@link Digest} for the digest topic. The chain ({@code <application.id>/<task>}) lives in
 * the changelogged store {@value Names#DIGEST_STORE}, written in the same exactly-once transaction
 * as the records and digests: a restart or a task move neither skips nor repeats a digest, and a
 * digest never lists an aborted record. Each record passed on carries its chain in the header
 * {@value #CHAIN_HEADER}, which tells {@code verify} it may still be waiting for its digest.
 */
final class DigestProcessor implements Processor<String, DetectorOutput, String, Digested> {
  /** Header naming the chain of an Insights record. */
  static final String CHAIN_HEADER = DigestConfig.CHAIN_HEADER;

  private static final Logger LOG = LoggerFactory.getLogger(DigestProcessor.class);
  private static final String HEAD = "head";
  private static final String ENTRY = "e/";

  private final DigestConfig config;
  private ProcessorContext<String, Digested> context;
  private RunningDigest chain;
  private String chainId;
  private byte[] chainBytes;

  DigestProcessor(DigestConfig config) {
    this.config = config;
  }

  /** How often the wall-clock punctuator looks for a passed boundary. */
  static Duration tick(Duration interval) {
    long ms = Math.max(100, Math.min(10_000, interval.toMillis() / 20));
    return Duration.ofMillis(ms);
  }

  @Override
  public void init(ProcessorContext<String, Digested> context) {
    this.context = context;
    this.chainId = context.applicationId() + "/" + context.taskId();
    this.chainBytes = chainId.getBytes(StandardCharsets.UTF_8);
    KeyValueStore<String, byte[]> store = context.getStateStore(Names.DIGEST_STORE);
    this.chain =
        new RunningDigest(chainId, config.interval(), config.signer(), new StoreChain(store));
    chain.open(context.currentSystemTimeMs());
    context.schedule(tick(config.interval()), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, DetectorOutput> record) {
    DetectorOutput out = record.value();
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.remove(CHAIN_HEADER);
    headers.add(CHAIN_HEADER, chainBytes);
    context.forward(
        new Record<>(record.key(), new Digested(false, out.value()), record.timestamp(), headers));
    try {
      emit(chain.add(out.eventId(), out.value(), context.currentSystemTimeMs()));
    } catch (GeneralSecurityException e) {
      failed(e);
    }
  }

  private void punctuate(long now) {
    if (!chain.due(now)) {
      return;
    }
    try {
      emit(chain.tick(now));
    } catch (GeneralSecurityException e) {
      failed(e);
    }
  }

  private void emit(Optional<Digest> digest) {
    if (digest.isEmpty()) {
      return;
    }
    Digest d = digest.get();
    context.forward(
        new Record<>(chainId, new Digested(true, d.toBytes()), context.currentSystemTimeMs()));
    config.counters().written(d);
  }

  private void failed(GeneralSecurityException e) {
    config.counters().signingFailed();
    // the message names the algorithm, never the key
    LOG.warn(
        "chain {}: signing the digest failed ({}); retrying at the next tick",
        chainId,
        e.getClass().getSimpleName());
  }

  /** The chain in the task's store: its head, and the open interval's entries by index. */
  private static final class StoreChain implements ChainStore {
    private final KeyValueStore<String, byte[]> store;

    StoreChain(KeyValueStore<String, byte[]> store) {
      this.store = store;
    }

    private static String key(int index) {
      return ENTRY + String.format("%010d", index);
    }

    @Override
    public ChainHead head() {
      byte[] b = store.get(HEAD);
      return b == null ? null : ChainHead.fromBytes(b);
    }

    @Override
    public void head(ChainHead head) {
      store.put(HEAD, head.toBytes());
    }

    @Override
    public void append(int index, Digest.Entry entry) {
      store.put(key(index), ChainHead.entryBytes(entry));
    }

    @Override
    public List<Digest.Entry> entries(int count) {
      List<Digest.Entry> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] b = store.get(key(i));
        if (b == null) {
          throw new IllegalStateException("digest entry " + i + " of " + count + " is missing");
        }
        out.add(ChainHead.entry(b));
      }
      return out;
    }

    @Override
    public void clear(int count) {
      for (int i = 0; i < count; i++) {
        store.delete(key(i));
      }
    }
  }
}
