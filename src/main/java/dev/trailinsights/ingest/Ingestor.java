package dev.trailinsights.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailinsights.event.CloudTrailInput;
import dev.trailinsights.event.InputException;
import dev.trailinsights.event.TrailMessages;
import dev.trailinsights.runtime.Startup;
import dev.trailinsights.runtime.TopicSpec;
import dev.trailinsights.runtime.Topics;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Reads the queue, and writes every record of each announced trail file to the input topic.
 *
 * <h2>Delivery</h2>
 *
 * Each file is written in one Kafka transaction (one transactional producer per worker, {@code
 * ingest.concurrency} of them) together with its entry in the ledger topic ({@code bucket/key} to
 * ETag); the queue message is deleted only once every file it names is committed (or was in the
 * ledger already, or is a digest or Insights file). So:
 *
 * <ul>
 *   <li>a crash before a commit leaves an open transaction that the restarted producer (same
 *       transactional id) or the broker's transaction timeout aborts: readers with {@code
 *       read_committed}, as the detector's Kafka Streams application ({@code exactly_once_v2}),
 *       never see those records; the message comes back after its visibility timeout and the file
 *       is written again, whole;
 *   <li>a crash after a commit and before the deletion gives a re-delivery whose files are in the
 *       ledger: skipped, nothing written twice; so are S3's occasional duplicate notifications.
 * </ul>
 *
 * <h2>Failures</h2>
 *
 * A file that cannot be ingested ({@link BadObject}) is counted, reported to the dead-letter topic
 * with its bucket, key and reason, and its message is left in the queue: it comes back after the
 * visibility timeout, and after the queue's {@code maxReceiveCount} goes to the queue's own
 * dead-letter queue. The other files of the message go on (and are in the ledger when it comes
 * back). A message of unknown form is reported to the dead-letter topic with its body and deleted.
 * A Kafka failure that is not about one record stops the ingest ({@link #failure()}).
 *
 * <p>Back-pressure: at most {@code ingest.max-messages-in-flight} messages are received and not
 * finished; a slow cluster blocks the producers' sends, so files finish later and fewer messages
 * are received.
 */
public final class Ingestor implements AutoCloseable {
  /** Header of a dead letter's reason (a {@link BadObject.Reason} label or unknown-message). */
  public static final String REASON = "trail-insights.reason";

  /** Header of a dead letter's detail, one line. */
  public static final String DETAIL = "trail-insights.detail";

  /** Header of the bucket of a bad object. */
  public static final String SOURCE_BUCKET = "trail-insights.source.bucket";

  /** Header of the key of a bad object. */
  public static final String SOURCE_KEY = "trail-insights.source.key";

  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
  private static final int CHUNK = 1 << 16;
  private static final int PEEK = 4096;
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final IngestConfig config;
  private final SqsClient sqs;
  private final S3Client s3;
  private final IngestMetrics metrics;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final AtomicReference<Exception> fatal = new AtomicReference<>();
  private final Semaphore permits;
  private final List<Worker> allWorkers = new ArrayList<>();
  private BlockingQueue<Worker> workers;
  private ExecutorService pool;
  private ScheduledExecutorService heartbeat;
  private Thread receiver;
  private ObjectLedger ledger;
  private volatile boolean running;
  private volatile boolean killed;
  private volatile boolean queueAnswers;

  /**
   * @param config the configuration
   * @param sqs the queue's client, closed with this
   * @param s3 the buckets' client, closed with this
   * @param metrics where counts go
   */
  public Ingestor(IngestConfig config, SqsClient sqs, S3Client s3, IngestMetrics metrics) {
    this.config = Objects.requireNonNull(config, "config");
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.permits = new Semaphore(config.maxMessages());
    metrics.readiness(this::ready);
  }

  /**
   * Checks the topics (creating missing ones when {@code topics.create}), reads the ledger, opens
   * the producers and starts receiving.
   *
   * @throws IllegalStateException in one line when the cluster cannot be reached or a topic is
   *     missing
   */
  public synchronized void start() {
    var loader = config.loader();
    try (Admin admin =
        Startup.connect(
            loader.adminProperties(),
            loader.bootstrapServers(),
            loader.startupTimeout(),
            loader.client())) {
      List<TopicSpec> specs =
          List.of(
              new TopicSpec(
                      config.inputTopic(),
                      loader.partitions(),
                      loader.replicationFactor(),
                      Map.of())
                  .anyPartitionCount(),
              new TopicSpec(
                      config.deadLetterTopic(),
                      loader.partitions(),
                      loader.replicationFactor(),
                      Map.of())
                  .anyPartitionCount(),
              new TopicSpec(
                      config.ledgerTopic(),
                      1,
                      loader.replicationFactor(),
                      Map.of(
                          "cleanup.policy",
                          "compact,delete",
                          "retention.ms",
                          Long.toString(Duration.ofDays(ObjectLedger.RETENTION_DAYS).toMillis())))
                  .anyPartitionCount());
      for (Topics.TopicResult o :
          Topics.ensureTopics(admin, specs, loader.createTopic(), loader.startupTimeout())) {
        LOG.info("ingest: {}", o.describe());
      }
    } catch (IllegalStateException e) {
      throw new IllegalStateException(config.client().sanitize(e.getMessage()), e);
    }
    ledger =
        new ObjectLedger(
            config.ledgerTopic(), config.consumerProperties(), loader.startupTimeout());
    workers = new ArrayBlockingQueue<>(config.concurrency());
    try {
      for (int i = 0; i < config.concurrency(); i++) {
        Worker w = new Worker(new KafkaProducer<>(config.producerProperties(i)));
        allWorkers.add(w);
        w.producer.initTransactions();
        workers.add(w);
      }
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "cannot open the transactional producers at "
              + loader.bootstrapServers()
              + ": "
              + Startup.reason(e, config.client()),
          e);
    }
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            config.concurrency(),
            config.concurrency(),
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "trail-insights-ingest-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "trail-insights-ingest-visibility");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1000, config.visibility().toMillis() / 3);
    heartbeat.scheduleWithFixedDelay(this::extendVisibility, every, every, TimeUnit.MILLISECONDS);
    running = true;
    receiver = new Thread(this::receive, "trail-insights-ingest-receiver");
    receiver.setDaemon(true);
    receiver.start();
  }

  /** Whether the ledger is read and followed, and the last receive answered. */
  public boolean ready() {
    return running && queueAnswers && ledger != null && ledger.ready() && fatal.get() == null;
  }

  /** One line for {@code /readyz}. */
  public String describe() {
    if (fatal.get() != null) {
      return "not ready: stopped: " + failureMessage();
    }
    if (ledger == null || !ledger.ready()) {
      return "not ready: reading the ledger topic " + config.ledgerTopic();
    }
    if (!queueAnswers) {
      return "not ready: the queue has not answered yet";
    }
    return running ? "ingesting" : "not ready: stopped";
  }

  /** The failure that stopped the ingest, or null while it runs. */
  public Exception failure() {
    return fatal.get();
  }

  /** The failure in one line, secrets removed. */
  public String failureMessage() {
    Exception f = fatal.get();
    return f == null ? "" : Startup.reason(f, config.client());
  }

  /** Waits until the ingest stops by failure or {@link #close}, at most {@code timeout}. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    Thread r = receiver;
    if (r != null) {
      r.join(Math.max(1, timeout.toMillis()));
      return !r.isAlive();
    }
    return true;
  }

  private void receive() {
    while (running && fatal.get() == null) {
      try {
        ledger.check();
      } catch (RuntimeException e) {
        fatal.compareAndSet(null, e);
        break;
      }
      int want;
      try {
        if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        break;
      }
      want = 1 + permits.drainPermits();
      if (want > 10) {
        permits.release(want - 10);
        want = 10;
      }
      ReceiveMessageResponse r;
      int n = want;
      try {
        r =
            sqs.receiveMessage(
                b ->
                    b.queueUrl(config.queueUrl())
                        .maxNumberOfMessages(n)
                        .waitTimeSeconds((int) config.waitTime().toSeconds())
                        .visibilityTimeout((int) config.visibility().toSeconds()));
        queueAnswers = true;
      } catch (SdkException e) {
        permits.release(want);
        queueAnswers = false;
        if (!running) {
          break;
        }
        LOG.warn("ingest: cannot receive from the queue: {}", oneLine(e));
        sleep(Duration.ofSeconds(5));
        continue;
      }
      List<Message> messages = r.messages();
      permits.release(want - Math.min(messages.size(), want));
      for (Message m : messages) {
        if (killed) {
          return;
        }
        handle(m);
      }
    }
  }

  private void handle(Message m) {
    metrics.messagesInFlight().incrementAndGet();
    Notifications.Notification n = Notifications.parse(m.body());
    if (n instanceof Notifications.Unknown u) {
      InFlight f = new InFlight(m, 1);
      inFlight.put(m.receiptHandle(), f);
      pool.execute(() -> unknown(f, u.reason()));
    } else if (n instanceof Notifications.Objects o) {
      InFlight f = new InFlight(m, o.objects().size());
      inFlight.put(m.receiptHandle(), f);
      for (ObjectRef ref : o.objects()) {
        pool.execute(() -> file(f, ref));
      }
    } else {
      delete(m);
      finishMessage("ignored");
    }
  }

  private void unknown(InFlight f, String reason) {
    Worker w = null;
    try {
      w = workers.take();
      metrics.unknownMessage();
      ProducerRecord<byte[], byte[]> dl =
          new ProducerRecord<>(
              config.deadLetterTopic(), null, f.message.body().getBytes(StandardCharsets.UTF_8));
      dl.headers().add(header(REASON, IngestMetrics.UNKNOWN_MESSAGE));
      dl.headers().add(header(DETAIL, reason));
      dl.headers().add(header("trail-insights.source.message-id", f.message.messageId()));
      w.inTransaction(List.of(dl));
      LOG.warn("ingest: message {} is unknown ({}): dead letter", f.message.messageId(), reason);
    } catch (InterruptedException e) {
      f.failed = true;
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      f.failed = true;
      fatal.compareAndSet(null, e);
    } finally {
      if (w != null) {
        workers.add(w);
      }
      f.unknown = true;
      fileDone(f);
    }
  }

  private void file(InFlight f, ObjectRef ref) {
    if (killed) {
      return;
    }
    metrics.filesInFlight().incrementAndGet();
    Worker w = null;
    try {
      switch (ref.kind()) {
        case DIGEST -> metrics.file("skipped-digest");
        case INSIGHT -> metrics.file("skipped-insight");
        case LOG -> {
          if (ref.etag() != null && ledger.ingested(ref.id(), ref.etag())) {
            metrics.file("duplicate");
          } else {
            w = workers.take();
            try {
              w.ingest(ref);
            } catch (BadObject b) {
              f.failed = true;
              if (!killed) {
                bad(w, b);
              }
            }
          }
        }
      }
    } catch (InterruptedException e) {
      f.failed = true;
      Thread.currentThread().interrupt();
    } catch (KafkaException | IllegalStateException e) {
      f.failed = true;
      if (!killed) {
        fatal.compareAndSet(null, e);
        LOG.error("ingest: stopping: {}", Startup.reason(e, config.client()));
      }
    } finally {
      if (w != null) {
        workers.add(w);
      }
      metrics.filesInFlight().decrementAndGet();
      if (!killed) {
        fileDone(f);
      }
    }
  }

  private void bad(Worker w, BadObject b) {
    metrics.error(b.reason());
    metrics.file("bad");
    ObjectRef o = b.object();
    LOG.warn(
        "ingest: s3://{}/{}: {} ({}): dead letter, message left for the queue to retry",
        o.bucket(),
        o.key(),
        b.reason().label(),
        b.getMessage());
    ObjectNode v = MAPPER.createObjectNode();
    v.put("bucket", o.bucket());
    v.put("key", o.key());
    v.put("etag", o.etag());
    v.put("reason", b.reason().label());
    v.put("detail", b.getMessage());
    byte[] value;
    try {
      value = MAPPER.writeValueAsBytes(v);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ProducerRecord<byte[], byte[]> dl =
        new ProducerRecord<>(
            config.deadLetterTopic(), o.id().getBytes(StandardCharsets.UTF_8), value);
    dl.headers().add(header(REASON, b.reason().label()));
    dl.headers().add(header(DETAIL, b.getMessage()));
    dl.headers().add(header(SOURCE_BUCKET, o.bucket()));
    dl.headers().add(header(SOURCE_KEY, o.key()));
    w.inTransaction(List.of(dl));
  }

  private void fileDone(InFlight f) {
    if (f.remaining.decrementAndGet() > 0) {
      return;
    }
    inFlight.remove(f.message.receiptHandle());
    if (f.failed) {
      finishMessage("retried");
      return;
    }
    delete(f.message);
    finishMessage(f.unknown ? "unknown" : "done");
  }

  private void finishMessage(String outcome) {
    metrics.message(outcome);
    metrics.messagesInFlight().decrementAndGet();
    permits.release();
  }

  private void delete(Message m) {
    try {
      sqs.deleteMessage(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle()));
    } catch (SdkException e) {
      // it comes back; its files are in the ledger
      LOG.warn("ingest: cannot delete message {}: {}", m.messageId(), oneLine(e));
    }
  }

  private void extendVisibility() {
    for (InFlight f : inFlight.values()) {
      changeVisibility(f.message.receiptHandle(), (int) config.visibility().toSeconds());
    }
  }

  private void changeVisibility(String receipt, int seconds) {
    try {
      sqs.changeMessageVisibility(
          b -> b.queueUrl(config.queueUrl()).receiptHandle(receipt).visibilityTimeout(seconds));
    } catch (SdkException e) {
      LOG.warn("ingest: cannot change a message's visibility: {}", oneLine(e));
    }
  }

  /**
   * Stops receiving, lets the files under way finish (at most {@code timeout}), then closes the
   * producers (aborting what is still open), the ledger and the clients. Messages not finished come
   * back after their visibility timeout.
   */
  public void close(Duration timeout) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (receiver != null) {
        receiver.join(Math.max(1, timeout.toMillis()));
      }
      if (pool != null) {
        pool.shutdown();
        pool.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    for (Worker w : allWorkers) {
      w.producer.close(Duration.ofSeconds(5));
    }
    if (ledger != null) {
      ledger.close();
    }
    sqs.close();
    s3.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(20));
  }

  /**
   * Stops at once as a killed process would: no transaction is committed or aborted and no message
   * deleted from here on; the producers are left open (their transactions stay open on the broker
   * until a producer with the same transactional id starts, or the transaction timeout). For tests
   * of what a crash does; {@link #releaseKilled} frees the resources afterwards.
   */
  void kill() {
    killed = true;
    running = false;
    pool.shutdownNow();
    heartbeat.shutdownNow();
    receiver.interrupt();
  }

  /** Frees what {@link #kill} left behind. */
  void releaseKilled() {
    for (Worker w : allWorkers) {
      try {
        w.producer.close(Duration.ZERO);
      } catch (KafkaException e) {
        // fenced: expected
      }
    }
    ledger.close();
    sqs.close();
    s3.close();
  }

  private static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A message being worked on. */
  private static final class InFlight {
    final Message message;
    final AtomicInteger remaining;
    volatile boolean failed;
    volatile boolean unknown;

    InFlight(Message message, int files) {
      this.message = message;
      this.remaining = new AtomicInteger(files);
    }
  }

  /** A transactional producer and a splitter, used by one file at a time. */
  private final class Worker {
    final KafkaProducer<byte[], byte[]> producer;
    final TrailMessages messages = new TrailMessages(TrailMessages.Keying.ACCOUNT_REGION, false);

    Worker(KafkaProducer<byte[], byte[]> producer) {
      this.producer = producer;
    }

    void inTransaction(List<ProducerRecord<byte[], byte[]>> records) {
      producer.beginTransaction();
      try {
        for (ProducerRecord<byte[], byte[]> r : records) {
          producer.send(r);
        }
        producer.commitTransaction();
      } catch (KafkaException e) {
        abort();
        throw e;
      }
    }

    private void abort() {
      if (killed) {
        return;
      }
      try {
        producer.abortTransaction();
      } catch (KafkaException e) {
        fatal.compareAndSet(null, e);
      }
    }

    /** Reads one object and commits its records with its ledger entry. */
    void ingest(ObjectRef ref) throws BadObject {
      ResponseInputStream<GetObjectResponse> in;
      try {
        in = s3.getObject(GetObjectRequest.builder().bucket(ref.bucket()).key(ref.key()).build());
      } catch (NoSuchKeyException e) {
        throw new BadObject(ref, BadObject.Reason.MISSING, "no such key", e);
      } catch (S3Exception e) {
        throw new BadObject(
            ref,
            e.statusCode() == 403 ? BadObject.Reason.ACCESS_DENIED : BadObject.Reason.S3_ERROR,
            "S3 answered " + e.statusCode() + " " + oneLine(e),
            e);
      } catch (SdkException e) {
        throw new BadObject(ref, BadObject.Reason.S3_ERROR, oneLine(e), e);
      }
      boolean open = false;
      Counting counted = null;
      try (in) {
        GetObjectResponse head = in.response();
        String etag = head.eTag() == null ? "" : ObjectRef.unquote(head.eTag());
        ObjectRef object = new ObjectRef(ref.bucket(), ref.key(), etag, ref.created());
        if (ledger.ingested(object.id(), etag)) {
          in.abort();
          metrics.file("duplicate");
          return;
        }
        long max = config.maxObjectBytes();
        if (head.contentLength() != null && head.contentLength() > max) {
          in.abort();
          throw new BadObject(
              object,
              BadObject.Reason.TOO_LARGE,
              head.contentLength() + " bytes compressed, more than ingest.max-object-bytes " + max,
              null);
        }
        counted = new Counting(in, Long.MAX_VALUE, "compressed");
        BufferedInputStream compressed = new BufferedInputStream(counted, CHUNK);
        if (!CloudTrailInput.isGzip(compressed)) {
          in.abort();
          throw new BadObject(object, BadObject.Reason.NOT_GZIP, "not gzip data", null);
        }
        BufferedInputStream plain =
            new BufferedInputStream(
                new Counting(new GZIPInputStream(compressed, CHUNK), max, "uncompressed"), CHUNK);
        String notTrail = notCloudTrail(plain);
        if (notTrail != null) {
          in.abort();
          throw new BadObject(object, BadObject.Reason.NOT_CLOUDTRAIL, notTrail, null);
        }
        Acks acks = new Acks();
        producer.beginTransaction();
        open = true;
        TrailMessages.FileResult result =
            messages.read(
                plain,
                "s3://" + object.id(),
                (k, v) -> producer.send(new ProducerRecord<>(config.inputTopic(), k, v), acks));
        if (killed) {
          return;
        }
        if (!result.clean()) {
          // records the splitter could not send as they were (a damaged record, an oversized
          // line): the file is a bad object as a whole, nothing of it is written
          abort();
          open = false;
          throw new BadObject(
              object,
              BadObject.Reason.NOT_CLOUDTRAIL,
              result.damaged() + " damaged and " + result.skipped() + " oversized records",
              null);
        }
        producer.send(ledger.record(object.id(), etag));
        try {
          producer.commitTransaction();
        } catch (KafkaException e) {
          Exception first = acks.first.get();
          if (first instanceof RecordTooLargeException
              || first instanceof RecordBatchTooLargeException) {
            abort();
            open = false;
            throw new BadObject(object, BadObject.Reason.RECORD_REJECTED, oneLine(first), first);
          }
          throw e;
        }
        open = false;
        ledger.remember(object.id(), etag);
        Instant created = head.lastModified() != null ? head.lastModified() : ref.created();
        metrics.committed(
            result.messages(),
            result.bytes(),
            created == null ? null : Duration.between(created, Instant.now()));
        metrics.file("ingested");
      } catch (TooLarge e) {
        throw new BadObject(ref, BadObject.Reason.TOO_LARGE, e.getMessage(), e);
      } catch (EOFException e) {
        throw new BadObject(ref, BadObject.Reason.TRUNCATED, "gzip data ends early", e);
      } catch (ZipException e) {
        throw new BadObject(
            ref, BadObject.Reason.CORRUPT_GZIP, "corrupt gzip data: " + e.getMessage(), e);
      } catch (InputException e) {
        // the shared reader names gzip failures in its message
        String d = detail(e, ref);
        BadObject.Reason reason =
            d.contains("ends early")
                ? BadObject.Reason.TRUNCATED
                : d.contains("corrupt gzip")
                    ? BadObject.Reason.CORRUPT_GZIP
                    : BadObject.Reason.NOT_CLOUDTRAIL;
        throw new BadObject(ref, reason, d, e);
      } catch (IOException | SdkException e) {
        throw new BadObject(ref, BadObject.Reason.S3_ERROR, "reading: " + oneLine(e), e);
      } finally {
        if (open) {
          abort();
        }
        if (counted != null && !killed) {
          metrics.read(counted.count); // bytes of files that failed count too
        }
      }
    }
  }

  /** The splitter's message without the source it prefixes. */
  private static String detail(InputException e, ObjectRef ref) {
    String m = e.getMessage();
    String prefix = "s3://" + ref.id() + ": ";
    return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : String.valueOf(m);
  }

  /**
   * Why the start of an uncompressed file is not a CloudTrail log file {@code {"Records":[}, or
   * null when it is; leaves the stream where it was.
   */
  static String notCloudTrail(BufferedInputStream in) throws IOException {
    in.mark(PEEK);
    byte[] head = in.readNBytes(PEEK);
    in.reset();
    if (head.length == 0) {
      return "empty file";
    }
    try (JsonParser p = JSON.createParser(head)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "not a JSON object";
      }
      if (p.nextToken() != JsonToken.FIELD_NAME || !"Records".equals(p.currentName())) {
        return "not a CloudTrail log file: the first field is not Records";
      }
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return "not a CloudTrail log file: Records is not an array";
      }
      return null;
    } catch (IOException e) {
      return "not a CloudTrail log file: not JSON";
    }
  }

  /** Acknowledgements of one file's records: the first failure. */
  private static final class Acks implements Callback {
    final AtomicReference<Exception> first = new AtomicReference<>();
    final AtomicLong acked = new AtomicLong();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
      if (e == null) {
        acked.incrementAndGet();
      } else {
        first.compareAndSet(null, e);
      }
    }
  }

  /** More bytes than allowed. */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** Counts the bytes read, and fails past a bound. */
  static final class Counting extends FilterInputStream {
    private final long max;
    private final String what;
    long count;

    Counting(InputStream in, long max, String what) {
      super(in);
      this.max = max;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) throws TooLarge {
      count += n;
      if (count > max) {
        throw new TooLarge("more than ingest.max-object-bytes " + max + " bytes " + what);
      }
    }
  }
}
