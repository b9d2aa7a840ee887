package dev.trailinsights.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Verifier} found: every interval of every chain with its problems, every problem, and
 * the counts. {@link #valid()} only when there is no problem at all.
 *
 * @param intervals every digest read, by chain and sequence
 * @param problems everything found wrong
 * @param insights records read
 * @param validInsights records a valid-looking digest lists with their SHA-256
 * @param pending records written after their chain's newest digest, not judged yet
 */
public record VerifyReport(
    List<Interval> intervals,
    List<Problem> problems,
    int insights,
    int validInsights,
    int pending) {

  /** Problems listed one by one in the text and JSON output; the counts include all. */
  public static final int MAX_LISTED = 1000;

  /**
   * One digest and what is wrong with it.
   *
   * @param chain the chain
   * @param sequence the digest's sequence
   * @param start interval start
   * @param end interval end
   * @param records records it lists
   * @param where where it was read
   * @param problems the kinds of problem of this digest itself (signature, chain links); records
   *     are in {@link VerifyReport#problems()}
   */
  public record Interval(
      String chain,
      long sequence,
      Instant start,
      Instant end,
      int records,
      String where,
      List<Problem.Kind> problems) {
    public Interval {
      problems = List.copyOf(problems);
    }
  }

  public VerifyReport {
    intervals = List.copyOf(intervals);
    problems = List.copyOf(problems);
  }

  /** True when nothing is wrong. */
  public boolean valid() {
    return problems.isEmpty();
  }

  /** Problems by kind, every kind present. */
  public Map<Problem.Kind, Integer> counts() {
    Map<Problem.Kind, Integer> m = new EnumMap<>(Problem.Kind.class);
    for (Problem.Kind k : Problem.Kind.values()) {
      m.put(k, 0);
    }
    for (Problem p : problems) {
      m.merge(p.kind(), 1, Integer::sum);
    }
    return m;
  }

  /** Whether {@code kind} was found. */
  public boolean has(Problem.Kind kind) {
    return problems.stream().anyMatch(p -> p.kind() == kind);
  }

  /** The report for a person: per interval, then every problem, then the verdict. */
  public String text() {
    StringBuilder b = new StringBuilder();
    String chain = null;
    for (Interval i : intervals) {
      if (!i.chain().equals(chain)) {
        chain = i.chain();
        b.append("chain ").append(chain).append('\n');
      }
      b.append("  digest ")
          .append(i.sequence())
          .append("  ")
          .append(i.start())
          .append(" to ")
          .append(i.end())
          .append("  ")
          .append(i.records())
          .append(i.records() == 1 ? " record  " : " records  ")
          .append(
              i.problems().isEmpty()
                  ? "valid"
                  : String.join(", ", i.problems().stream().map(Problem.Kind::label).toList()))
          .append('\n');
    }
    if (!problems.isEmpty()) {
      b.append("problems:\n");
      int n = 0;
      for (Problem p : problems) {
        if (n++ == MAX_LISTED) {
          b.append("  ... and ").append(problems.size() - MAX_LISTED).append(" more\n");
          break;
        }
        b.append("  ").append(p.kind().label());
        if (p.chain() != null) {
          b.append(" chain ").append(p.chain());
        }
        if (p.sequence() >= 0) {
          b.append(" digest ").append(p.sequence());
        }
        if (p.eventId() != null) {
          b.append(" eventID ").append(p.eventId());
        }
        if (p.where() != null) {
          b.append(" at ").append(p.where());
        }
        b.append(": ").append(p.detail()).append('\n');
      }
    }
    b.append(intervals.size())
        .append(intervals.size() == 1 ? " digest, " : " digests, ")
        .append(insights)
        .append(" insights read: ")
        .append(validInsights)
        .append(" proven by a digest, ")
        .append(pending)
        .append(" pending (written after their chain's newest digest)\n");
    if (valid()) {
      b.append("VALID\n");
    } else {
      b.append("TAMPERING FOUND:");
      counts()
          .forEach(
              (k, v) -> {
                if (v > 0) {
                  b.append(' ').append(k.label()).append('=').append(v);
                }
              });
      b.append('\n');
    }
    return b.toString();
  }

  /** The report as one JSON object. */
  public String json() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeBooleanField("valid", valid());
      g.writeNumberField("digests", intervals.size());
      g.writeNumberField("insights", insights);
      g.writeNumberField("provenInsights", validInsights);
      g.writeNumberField("pendingInsights", pending);
      g.writeObjectFieldStart("problemCounts");
      for (Map.Entry<Problem.Kind, Integer> e : counts().entrySet()) {
        g.writeNumberField(e.getKey().label(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("intervals");
      for (Interval i : intervals) {
        g.writeStartObject();
        g.writeStringField("chain", i.chain());
        g.writeNumberField("sequence", i.sequence());
        g.writeStringField("start", i.start().toString());
        g.writeStringField("end", i.end().toString());
        g.writeNumberField("records", i.records());
        g.writeStringField("where", i.where());
        g.writeStringField(
            "status",
            i.problems().isEmpty()
                ? "valid"
                : String.join(",", i.problems().stream().map(Problem.Kind::label).toList()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("problems");
      for (Problem p : problems.subList(0, Math.min(problems.size(), MAX_LISTED))) {
        g.writeStartObject();
        g.writeStringField("kind", p.kind().label());
        g.writeStringField("chain", p.chain());
        if (p.sequence() >= 0) {
          g.writeNumberField("sequence", p.sequence());
        }
        g.writeStringField("eventID", p.eventId());
        g.writeStringField("where", p.where());
        g.writeStringField("detail", p.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
