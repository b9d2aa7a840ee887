package dev.trailinsights.topology;

import dev.trailinsights.config.DetectorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;
import org.apache.kafka.streams.TopologyDescription.Subtopology;

/**
 * Renders {@code topology-docs/} from the topology's own description ({@code
 * InsightsTopology.build(...).describe()} with the default topic names and detector settings):
 *
 * <ul>
 *   <li>{@value #TEXT}: the {@code describe()} text, verbatim;
 *   <li>{@value #MERMAID}: a Mermaid flowchart of sub-topologies, processors, topics and stores;
 *   <li>{@value #README}: a table of every topic and store as deployed (name, key, value,
 *       retention, what it holds), the processors, and the diagram.
 * </ul>
 *
 * <p>Regenerate after changing the topology: {@value #REGENERATE}. A test compares the checked-in
 * files with {@link #render()}; rendering fails when a topic, store or processor appears in the
 * description without documentation here, or the other way round.
 */
public final class TopologyDocs {
  /** Where the files live, relative to the project directory. */
  public static final Path DIRECTORY = Path.of("topology-docs");

  /** The {@code describe()} text. */
  public static final String TEXT = "topology.txt";

  /** The Mermaid flowchart. */
  public static final String MERMAID = "topology.mmd";

  /** Tables and the embedded diagram. */
  public static final String README = "README.md";

  /** The command that rewrites the files. */
  public static final String REGENERATE =
      "./mvnw -q compile exec:java -Dexec.mainClass=dev.trailinsights.topology.TopologyDocs";

  private static final String APP = "<application.id>";

  /** A topic as deployed, with what it carries. */
  private record TopicDoc(
      String name,
      String deployed,
      String setting,
      String key,
      String value,
      String retention,
      String holds) {}

  /** A state store, with its changelog topic. */
  private record StoreDoc(
      String name, String type, String key, String value, String changelog, String holds) {}

  private TopologyDocs() {}

  /**
   * Writes the files into {@code args[0]}, or into {@code topology-docs} of the working directory.
   */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : DIRECTORY;
    write(dir);
    System.out.println("wrote " + String.join(", ", render().keySet()) + " to " + dir);
  }

  /** Writes every file of {@link #render()} into {@code dir}, creating it if needed. */
  public static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, String> f : render().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** The topology the documentation describes: default topics and detector settings. */
  public static TopologyDescription describe() {
    return InsightsTopology.build(
            TopologyOptions.defaults(),
            DetectorConfig.builder().build(),
            new ParseCounters(),
            new LiveDetectors())
        .describe();
  }

  /**
   * The files, by name, in a stable order.
   *
   * @throws IllegalStateException when the description and the documentation here disagree
   */
  public static Map<String, String> render() {
    TopologyDescription d = describe();
    check(d);
    String mermaid = mermaid(d);
    Map<String, String> files = new LinkedHashMap<>();
    files.put(TEXT, d.toString());
    files.put(MERMAID, mermaid);
    files.put(README, readme(mermaid));
    return files;
  }

  /**
   * The configuration Kafka Streams gives each internal topic, keyed by the topic's name with
   * {@code <application.id>-} left out: what the topics table promises, for tests to compare with a
   * running application's topics.
   */
  public static Map<String, Map<String, String>> internalTopicConfigs(DetectorConfig detection) {
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    m.put(
        Names.REPARTITION + "-repartition",
        Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
    for (String store :
        List.of(Names.API_STATE_STORE, Names.WARM_UP_STARTS_STORE, Names.OPEN_INSIGHTS_STORE)) {
      m.put(store + "-changelog", Map.of("cleanup.policy", "compact"));
    }
    m.put(Names.SEEN_IDS_STORE + "-changelog", Map.of("cleanup.policy", "compact"));
    for (String store : List.of(Names.PENDING_STORE, Names.PROGRESS_STORE, Names.DEFERRED_STORE)) {
      m.put(store + "-changelog", Map.of("cleanup.policy", "compact"));
    }
    return m;
  }

  // ---------------------------------------------------------------- what each name is

  private static List<TopicDoc> topics() {
    return List.of(
        new TopicDoc(
            TopologyOptions.DEFAULT_INPUT,
            TopologyOptions.DEFAULT_INPUT,
            "topics.input",
            "any (not read)",
            "CloudTrail JSON: a record, a `{\"Records\":[...]}` trail file or an EventBridge event",
            "yours: created before the first start; its partitions bound the parallelism",
            "CloudTrail events to analyse"),
        new TopicDoc(
            Names.REPARTITION + "-repartition",
            APP + "-" + Names.REPARTITION + "-repartition",
            "internal",
            "`account|region|eventSource|eventName` (UTF-8); `account|region` on first-minute"
                + " records; empty on progress records",
            "`RoutedSerde`: a compact event (version 1, about 100 bytes), an input partition's"
                + " progress (18 bytes) or an account and region's first minute",
            "`delete`, `retention.ms=-1`; purged by Kafka Streams once committed;"
                + " partitions as the input",
            "selected events keyed and partitioned by API key, stamped with event time; each"
                + " input partition's event-time progress and each account and region's first"
                + " minute, sent to every partition"),
        new TopicDoc(
            Names.API_STATE_STORE + "-changelog",
            APP + "-" + Names.API_STATE_STORE + "-changelog",
            "internal",
            "API key",
            "per-key detector state (`ApiStateCodec`, versioned)",
            "`compact`",
            "changelog of the `" + Names.API_STATE_STORE + "` store"),
        new TopicDoc(
            Names.WARM_UP_STARTS_STORE + "-changelog",
            APP + "-" + Names.WARM_UP_STARTS_STORE + "-changelog",
            "internal",
            "`account|region`",
            "first minute of history (long)",
            "`compact`",
            "changelog of the `" + Names.WARM_UP_STARTS_STORE + "` store"),
        new TopicDoc(
            Names.OPEN_INSIGHTS_STORE + "-changelog",
            APP + "-" + Names.OPEN_INSIGHTS_STORE + "-changelog",
            "internal",
            "API key",
            "the key's newest minute (epoch minute, long) when the insight opened",
            "`compact`",
            "changelog of the `" + Names.OPEN_INSIGHTS_STORE + "` store"),
        new TopicDoc(
            Names.PENDING_STORE + "-changelog",
            APP + "-" + Names.PENDING_STORE + "-changelog",
            "internal",
            "API key",
            "epoch minute (long)",
            "`compact`",
            "changelog of the `" + Names.PENDING_STORE + "` store"),
        new TopicDoc(
            Names.PROGRESS_STORE + "-changelog",
            APP + "-" + Names.PROGRESS_STORE + "-changelog",
            "internal",
            "input partition number (text)",
            "partition count, progress (epoch ms), idle flag: 13 bytes",
            "`compact`",
            "changelog of the `" + Names.PROGRESS_STORE + "` store"),
        new TopicDoc(
            Names.DEFERRED_STORE + "-changelog",
            APP + "-" + Names.DEFERRED_STORE + "-changelog",
            "internal",
            "event-time minute and arrival offset (16 bytes)",
            "API key and compact event",
            "`compact`; deleted (tombstones) as the watermark lets each event in",
            "changelog of the `" + Names.DEFERRED_STORE + "` store"),
        new TopicDoc(
            Names.SEEN_IDS_STORE + "-changelog",
            APP + "-" + Names.SEEN_IDS_STORE + "-changelog",
            "internal",
            "event-time minute and event-id hash (16 bytes)",
            "one byte",
            "`compact`; expired ids are deleted (tombstones) as stream time passes",
            "changelog of the `" + Names.SEEN_IDS_STORE + "` store"),
        new TopicDoc(
            TopologyOptions.DEFAULT_OUTPUT,
            TopologyOptions.DEFAULT_OUTPUT,
            "topics.output",
            "`sharedEventID` of the insight (UTF-8): Start and End of one insight share it",
            "Insights event JSON, AWS format (an EventBridge event with `output.eventbridge`)",
            "yours: created before the first start",
            "Insights events, written exactly once"),
        new TopicDoc(
            TopologyOptions.DEFAULT_HISTORY,
            TopologyOptions.DEFAULT_HISTORY,
            "topics.history",
            "`s|`, `e|`, `t|`, `p|` + `sharedEventID` (`HistoryKeys`)",
            "Start and End records (AWS format), a summary (JSON) and per-minute series points"
                + " (JSON) of each insight",
            "`compact,delete`, `retention.ms` = `history.retention` (90 days); created at start"
                + " when allowed",
            "the insight history behind the console; read whole by every instance into the"
                + " `"
                + Names.INSIGHT_HISTORY_STORE
                + "` global store"),
        new TopicDoc(
            TopologyOptions.DEFAULT_DEAD_LETTER,
            TopologyOptions.DEFAULT_DEAD_LETTER,
            "topics.dead-letter",
            "the original key",
            "the original message, byte for byte; headers `"
                + DeadLetters.REASON
                + "`, `"
                + DeadLetters.DETAIL
                + "`, `"
                + DeadLetters.BAD_RECORDS
                + "`, `"
                + DeadLetters.SOURCE_TOPIC
                + "`, `"
                + DeadLetters.SOURCE_PARTITION
                + "`, `"
                + DeadLetters.SOURCE_OFFSET
                + "`",
            "yours: created before the first start",
            "messages with unreadable records (reason `not-json`, `truncated`, `missing-field`,"
                + " `bad-timestamp`, `too-large`, `bad-field`, `empty`) and records that failed in"
                + " processing"));
  }

  private static List<StoreDoc> stores() {
    Duration seen = Duration.ofMinutes(DetectorConfig.builder().build().lateness().toMinutes() + 1);
    return List.of(
        new StoreDoc(
            Names.API_STATE_STORE,
            "RocksDB key-value, cached",
            "`account|region|eventSource|eventName`",
            "`ApiStateCodec` bytes: minute ring within the lateness horizon, hour buckets of the"
                + " baseline window, open insight, attribution sketches",
            APP + "-" + Names.API_STATE_STORE + "-changelog",
            "everything the detector knows about one API"),
        new StoreDoc(
            Names.WARM_UP_STARTS_STORE,
            "RocksDB key-value, cached",
            "`account|region`",
            "epoch minute (long)",
            APP + "-" + Names.WARM_UP_STARTS_STORE + "-changelog",
            "first minute of history of an account and region: the start of its warm-up"),
        new StoreDoc(
            Names.OPEN_INSIGHTS_STORE,
            "RocksDB key-value",
            "API key",
            "the key's newest minute (epoch minute, long) when the insight opened",
            APP + "-" + Names.OPEN_INSIGHTS_STORE + "-changelog",
            "keys with an open insight, walked when the watermark moves so that silent keys still"
                + " end"),
        new StoreDoc(
            Names.PENDING_STORE,
            "RocksDB key-value, cached",
            "API key",
            "oldest minute still to judge (epoch minute, long)",
            APP + "-" + Names.PENDING_STORE + "-changelog",
            "keys with minutes counted before the watermark reached them (their baselines were not"
                + " final yet), judged when it does"),
        new StoreDoc(
            Names.PROGRESS_STORE,
            "RocksDB key-value",
            "input partition number",
            "partition count, newest event time read (epoch ms), idle flag",
            APP + "-" + Names.PROGRESS_STORE + "-changelog",
            "event-time progress of every input partition; the watermark is the slowest active"
                + " one's"),
        new StoreDoc(
            Names.DEFERRED_STORE,
            "RocksDB key-value, cached, keys sorted by minute",
            "event-time minute and arrival offset",
            "API key and compact event",
            APP + "-" + Names.DEFERRED_STORE + "-changelog",
            "events further ahead of the watermark than a key's open minutes reach (`detection"
                + ".lateness` + 1 min), held until it comes closer; on disk, not in memory"),
        new StoreDoc(
            Names.SEEN_IDS_STORE,
            "RocksDB key-value, keys sorted by minute; ids of closed minutes (`detection.lateness`"
                + " + 1 min behind the watermark, "
                + minutes(seen)
                + " by default) are deleted as it moves",
            "event-time minute and 64-bit hash of `eventID`",
            "one byte",
            APP + "-" + Names.SEEN_IDS_STORE + "-changelog",
            "event ids within the lateness horizon: a repeated delivery counts once"),
        new StoreDoc(
            Names.INSIGHT_HISTORY_STORE,
            "RocksDB key-value, global (every instance holds all of it)",
            "`HistoryKeys`: `s|id`, `e|id`, `t|<inverted start minute>|id`, `p|id|<minute>`",
            "as in the history topic",
            TopologyOptions.DEFAULT_HISTORY + " (the source topic is the changelog)",
            "every insight of the retention, for the console's queries; insights older than"
                + " the retention before the newest are dropped"));
  }

  private static Map<String, String> processors() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Names.SOURCE, "reads the input topic as bytes");
    m.put(
        Names.PARSE,
        "streaming parse of every record of the message, selection, compact form, key by API;"
            + " messages with unreadable records are routed to the dead letters whole");
    m.put(Names.ROUTE, "splits events from dead letters");
    m.put(Names.ROUTE + Names.EVENT_BRANCH, "branch: selected events");
    m.put(Names.ROUTE + Names.DEAD_LETTER_BRANCH, "branch: dead letters");
    m.put(
        Names.COMPACT,
        "passes on compact events, progress reports and first minutes of accounts and regions");
    m.put(Names.REPARTITION + "-repartition-filter", "drops null keys before repartitioning");
    m.put(
        Names.REPARTITION + "-repartition-sink",
        "writes compact events partitioned by API key; progress and first-minute records to every"
            + " partition");
    m.put(Names.DEAD_LETTER_MAP, "restores the original key and value");
    m.put(Names.DEAD_LETTER_SINK, "writes the dead-letter topic");
    m.put(Names.REPARTITION + "-repartition-source", "reads compact events and control records");
    m.put(
        Names.DETECTOR,
        "the detection core per API key, driven by the watermark: the slowest input partition's"
            + " event time closes minutes, judges minutes read ahead of it and ends insights of"
            + " silent keys");
    m.put(Names.DETECTOR_ROUTE, "splits Insights events from history records");
    m.put(Names.DETECTOR_ROUTE + Names.INSIGHTS_BRANCH, "branch: Insights events");
    m.put(Names.DETECTOR_ROUTE + Names.HISTORY_BRANCH, "branch: history records");
    m.put(Names.INSIGHTS_VALUE, "unwraps the Insights event");
    m.put(Names.HISTORY_VALUE, "unwraps the history record");
    m.put(Names.INSIGHTS_SINK, "writes Insights events keyed by `sharedEventID`");
    m.put(Names.HISTORY_SINK, "writes the insight history");
    m.put(Names.HISTORY_UPDATER + "-source", "reads the history topic (global)");
    m.put(
        Names.HISTORY_UPDATER,
        "applies history records to the global store, drops insights past the retention");
    return m;
  }

  // ---------------------------------------------------------------- consistency

  private static void check(TopologyDescription d) {
    Set<String> nodes = new TreeSet<>();
    Set<String> topics = new TreeSet<>();
    Set<String> stores = new TreeSet<>();
    for (Subtopology s : d.subtopologies()) {
      for (Node n : s.nodes()) {
        nodes.add(n.name());
        if (n instanceof Source src) {
          topics.addAll(src.topicSet());
        } else if (n instanceof Sink sink) {
          topics.add(sink.topic());
        } else if (n instanceof Processor p) {
          stores.addAll(p.stores());
        }
      }
    }
    for (TopologyDescription.GlobalStore g : d.globalStores()) {
      nodes.add(g.source().name());
      nodes.add(g.processor().name());
      topics.addAll(g.source().topicSet());
      stores.addAll(g.processor().stores());
    }
    Set<String> documentedTopics = new TreeSet<>();
    for (TopicDoc t : topics()) {
      if (!t.name().endsWith("-changelog")) {
        documentedTopics.add(t.name());
      }
    }
    Set<String> documentedStores = new TreeSet<>();
    stores().forEach(s -> documentedStores.add(s.name()));
    same("processor", nodes, new TreeSet<>(processors().keySet()));
    same("topic", topics, documentedTopics);
    same("store", stores, documentedStores);
  }

  private static void same(String what, Set<String> described, Set<String> documented) {
    Set<String> missing = new TreeSet<>(described);
    missing.removeAll(documented);
    Set<String> extra = new TreeSet<>(documented);
    extra.removeAll(described);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException(
          "topology and TopologyDocs disagree on "
              + what
              + " names: undocumented "
              + missing
              + ", documented but absent "
              + extra
              + "; update TopologyDocs");
    }
  }

  // ---------------------------------------------------------------- Mermaid

  /** A flowchart: one subgraph per sub-topology, topics and stores around them. */
  static String mermaid(TopologyDescription d) {
    StringBuilder sb = new StringBuilder("flowchart LR\n");
    Set<String> topics = new LinkedHashSet<>();
    Set<String> stores = new LinkedHashSet<>();
    List<String> edges = new ArrayList<>();
    List<Subtopology> subs = new ArrayList<>(d.subtopologies());
    subs.sort(Comparator.comparingInt(Subtopology::id));
    for (Subtopology s : subs) {
      sb.append("  subgraph sub").append(s.id()).append("[\"sub-topology ").append(s.id());
      sb.append("\"]\n");
      // in the order describe() lists them: roughly the flow of a record
      for (Node n : s.nodes()) {
        String shape =
            n instanceof Source || n instanceof Sink
                ? "([\"" + n.name() + "\"])"
                : "[\"" + n.name() + "\"]";
        sb.append("    ").append(id("n", n.name())).append(shape).append('\n');
        if (n instanceof Source src) {
          for (String t : new TreeSet<>(src.topicSet())) {
            topics.add(t);
            edges.add(id("t", t) + " --> " + id("n", n.name()));
          }
        } else if (n instanceof Sink sink) {
          topics.add(sink.topic());
          edges.add(id("n", n.name()) + " --> " + id("t", sink.topic()));
        } else if (n instanceof Processor p) {
          for (String st : new TreeSet<>(p.stores())) {
            stores.add(st);
            edges.add(id("n", n.name()) + " -.- " + id("s", st));
          }
        }
        List<Node> next = new ArrayList<>(n.successors());
        next.sort(Comparator.comparing(Node::name));
        for (Node succ : next) {
          edges.add(id("n", n.name()) + " --> " + id("n", succ.name()));
        }
      }
      sb.append("  end\n");
    }
    for (TopologyDescription.GlobalStore g : d.globalStores()) {
      sb.append("  subgraph global").append(g.id()).append("[\"global store\"]\n");
      String src = g.source().name();
      String proc = g.processor().name();
      sb.append("    ").append(id("n", src)).append("([\"").append(src).append("\"])\n");
      sb.append("    ").append(id("n", proc)).append("[\"").append(proc).append("\"]\n");
      sb.append("  end\n");
      for (String t : new TreeSet<>(g.source().topicSet())) {
        topics.add(t);
        edges.add(id("t", t) + " --> " + id("n", src));
      }
      edges.add(id("n", src) + " --> " + id("n", proc));
      for (String st : new TreeSet<>(g.processor().stores())) {
        stores.add(st);
        edges.add(id("n", proc) + " -.- " + id("s", st));
      }
    }
    for (String t : topics) {
      String label = t.endsWith("-repartition") ? "#lt;application.id#gt;-" + t : t;
      sb.append("  ").append(id("t", t)).append("[/\"").append(label).append("\"/]\n");
    }
    for (String st : stores) {
      sb.append("  ").append(id("s", st)).append("[(\"").append(st).append("\")]\n");
    }
    for (String e : edges) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }

  private static String id(String prefix, String name) {
    return prefix + "_" + name.replaceAll("[^A-Za-z0-9]", "_");
  }

  // ---------------------------------------------------------------- README

  /** How event time crosses the repartition topic: the design the detector's exactness rests on. */
  private static final String EVENT_TIME =
      """
      ## Event time across partitions

      The input can be keyed any way or not at all, so one account's records are spread over every \
      input partition, and each parse task reads its partition at its own speed: while a backlog is \
      caught up, one partition can be hours of event time ahead of another. The detector must \
      nonetheless close a minute only when every partition has delivered it.

      - **Progress travels with the data.** Each parse task sends its input partition's progress \
      (the newest event time it has read; a record more than an hour ahead of it, or ahead of the \
      clock, counts only once 3 records in a row go on from there, so a stray record far ahead \
      cannot make the rest late) to *every* partition of the repartition topic, after the events it \
      covers (one producer, in order), when it reaches a new minute: at most every 200 ms of wall \
      clock or every quarter of `detection.lateness` of event time. A partition without records for \
      `input.idle-timeout`, over at least three checks (so a thread busy elsewhere does not make a \
      partition whose records wait in its buffer look idle), says so and stops holding progress \
      back until it has records again. Each detector task keeps every input partition's progress in `input-progress`; the \
      **watermark** is the minimum over the active partitions (Flink's per-partition watermarks, \
      min-combined, with idleness), never moves back, and waits until every input partition has \
      reported (partitions added later are learnt from their reports).
      - **Minutes close against the watermark**, for every key, touched or not: minutes up to \
      watermark − `detection.lateness` − 1 min are final. An event of a closed minute is late \
      (counted in `trail_insights_late_events_total`); nothing else is.
      - **A minute is judged once, either on arrival or as it closes.** The baseline of minute *m* \
      is the closed minutes up to *m* − lateness − 1, so *m* can be judged as soon as the watermark \
      reaches *m*. At the live edge (the watermark within `detection.live-edge` of the clock) it is: \
      on the event that makes it unusual when the watermark is already there (sub-second), else when \
      the watermark gets there (`pending-decisions`), oldest minute first. Further behind (a \
      backlog) and in `replay`, *m* is judged when it closes, on its final count (every key with \
      events in an open minute waits in `pending-decisions` until then), so the Start's minute and \
      figures do not depend on arrival order, and a live backlog gives `replay`'s records byte for \
      byte. Counting never waits.
      - **Far ahead waits on disk.** A key keeps its open minutes in memory, up to lateness + 1 min \
      past the watermark at the live edge and up to the watermark's minute in a backlog (where a \
      minute is judged as it closes, a key must not by then have folded minutes after its baseline \
      into hour sums, nor moved its attribution blocks on); an event further ahead waits in \
      `deferred-events` (RocksDB, by minute) and is counted when the watermark comes close, in \
      arrival order within its minute. A watermark that leaps lets deferred minutes in step by step, \
      so an event held back is never late for it.
      - **A key's state is written once per commit.** Events change a key's decoded state in memory; \
      it is encoded into `api-state` when Kafka Streams flushes the task's stores before committing \
      (with exactly-once, in the transaction that commits the input offsets behind the change), so \
      a busy key costs one encoding per commit interval, not one per event.
      - **A hot account spreads over every task.** Events are partitioned by API key, not by \
      account. Warm-up is per account and region, so each parse task also sends, to every partition \
      and before the events that follow, the first minute it has seen of each account and region \
      (`history-starts` keeps the earliest); a key created before an earlier minute of its account \
      was announced takes the silent minutes in between into its baseline when it is next touched, \
      exactly as if created knowing it.
      - **Restarts and task moves** resume from the changelogs of these stores; a parse task that \
      restarts reports progress again from its committed position (progress per partition only \
      ever moves forward).

      The same `EventTimeDriver` runs `replay`, as one input partition whose progress is the \
      newest event time read. What is decided (which minutes are unusual, Start and End minutes, \
      baselines, End figures) therefore does not depend on partitioning or on how fast each \
      partition was read; in a backlog nothing does, byte for byte, while at the live edge a \
      Start's own figures and the attributions are what had arrived when it was decided (see the \
      README's determinism section).

      """;

  private static String readme(String mermaid) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Topology\n\n")
        .append("Generated from `InsightsTopology.build(...).describe()` by `")
        .append(TopologyDocs.class.getName())
        .append("`, with the default topic names and detector settings. Do not edit these files;")
        .append(" after changing the topology, regenerate them from the project directory:\n\n")
        .append("```\n")
        .append(REGENERATE)
        .append("\n```\n\n")
        .append("`TopologyDocsTest` fails while they differ from what the code generates.")
        .append(" Every processor, store and internal topic is named explicitly")
        .append(" (`ensure.explicit.internal.resource.naming=true`): the names become topic names")
        .append(" and metric tags, so renaming one is a migration.\n\n")
        .append("- [`")
        .append(TEXT)
        .append("`](")
        .append(TEXT)
        .append("): `Topology.describe()`, verbatim\n")
        .append("- [`")
        .append(MERMAID)
        .append("`](")
        .append(MERMAID)
        .append("): the diagram below\n\n")
        .append(EVENT_TIME)
        .append("## Diagram\n\n")
        .append("Parallelograms are topics, cylinders state stores, rounded boxes sources and")
        .append(" sinks.\n\n")
        .append("```mermaid\n")
        .append(mermaid)
        .append("```\n\n")
        .append("## Topics\n\n")
        .append("Internal topics are created by Kafka Streams and prefixed with the application")
        .append(" id; the others must exist before the first start.\n\n")
        .append("| topic (as deployed) | setting | key | value | cleanup and retention | holds |\n")
        .append("|---|---|---|---|---|---|\n");
    for (TopicDoc t : topics()) {
      row(sb, "`" + t.deployed() + "`", t.setting(), t.key(), t.value(), t.retention(), t.holds());
    }
    sb.append("\n## State stores\n\n")
        .append("| store | type | key | value | changelog topic | holds |\n")
        .append("|---|---|---|---|---|---|\n");
    for (StoreDoc s : stores()) {
      row(
          sb,
          "`" + s.name() + "`",
          s.type(),
          s.key(),
          s.value(),
          "`" + s.changelog() + "`",
          s.holds());
    }
    sb.append("\n## Processors\n\n").append("| node | does |\n").append("|---|---|\n");
    for (Map.Entry<String, String> p : processors().entrySet()) {
      row(sb, "`" + p.getKey() + "`", p.getValue());
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String... cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(c.replace("|", "\\|")).append(" |");
    }
    sb.append('\n');
  }

  private static String minutes(Duration d) {
    long m = d.toMinutes();
    return m % 60 == 0 ? (m / 60) + " h" : (m / 60 > 0 ? (m / 60) + " h " : "") + (m % 60) + " min";
  }
}
