package dev.trailinsights.event;

/**
 * One input record that could not be read, with where it was and why.
 *
 * @param source file path or topic-partition-offset the record came from
 * @param line 1-based line number in the source, or -1 when unknown
 * @param offset byte offset of the record's start in the source (or in the message), or -1
 * @param reason the category of failure
 * @param detail one line saying what was wrong, without the record's content
 */
public record BadRecord(String source, long line, long offset, BadReason reason, String detail) {

  /** {@code file:line: reason: detail} as printed in replay summaries. */
  public String describe() {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    } else if (offset >= 0) {
      sb.append("@").append(offset);
    }
    return sb.append(": ").append(reason.label()).append(": ").append(detail).toString();
  }
}
