package dev.trailinsights.detect;

/**
 * How far one input has been read in event time, robust to records far ahead of their neighbours. A
 * record moves progress at once when it is at most {@link #MAX_STEP_MILLIS} ahead of it, or when it
 * is about as new as the wall clock when it was read (a live input after a quiet spell). A record
 * further ahead is a jump: progress follows it only when the input goes on from there, {@value
 * #CONFIRMATIONS} records in a row beyond the step and none of them back before the earliest by
 * more than the step; progress then moves to the earliest of them. A record dated hours or days
 * ahead of its neighbours, by a skewed clock or on purpose, is followed by records near the old
 * progress again, so it does not move progress and cannot make the events after it late; it is
 * counted in its own minute when the input gets there. {@code replay} (one input) and every live
 * parse task (one input partition each) measure progress this way, so the two agree. Two
 * comparisons per record, no allocation. Not thread-safe.
 */
public final class InputProgress {
  /** Records in a row that confirm a jump of more than {@link #MAX_STEP_MILLIS}. */
  public static final int CONFIRMATIONS = 3;

  /** How far ahead of progress one record may move it alone: an hour. */
  public static final long MAX_STEP_MILLIS = 3_600_000L;

  /** How far ahead of the wall clock a record read may be and still pass for a current one. */
  public static final long CLOCK_SKEW_MILLIS = 300_000L;

  private long progress = Long.MIN_VALUE;
  private long newest = Long.MIN_VALUE;
  // the jump being confirmed: how many records in a row, and the earliest of them
  private int run;
  private long runEarliest;

  /** Forgets everything read (a task that restarts reads from its committed position again). */
  public void reset() {
    progress = Long.MIN_VALUE;
    newest = Long.MIN_VALUE;
    run = 0;
  }

  /**
   * One record read, with its event time and the wall-clock time it was read ({@code
   * Long.MIN_VALUE} when the input is not live: a file read by {@code replay}).
   */
  public void add(long eventTimeMillis, long readAtMillis) {
    if (eventTimeMillis > newest) {
      newest = eventTimeMillis;
    }
    if (eventTimeMillis <= progress) {
      return; // behind: a late record says nothing of how far the input has come
    }
    boolean live = readAtMillis != Long.MIN_VALUE;
    boolean future = live && eventTimeMillis > readAtMillis + CLOCK_SKEW_MILLIS;
    if (!future
        && (progress == Long.MIN_VALUE
            || eventTimeMillis - progress <= MAX_STEP_MILLIS
            || (live && eventTimeMillis >= readAtMillis - MAX_STEP_MILLIS))) {
      progress = eventTimeMillis;
      run = 0;
      return;
    }
    if (run > 0 && eventTimeMillis < runEarliest - MAX_STEP_MILLIS) {
      run = 0; // not going on from the previous jump: start again from this one
    }
    if (run == 0 || eventTimeMillis < runEarliest) {
      runEarliest = eventTimeMillis;
    }
    if (++run >= CONFIRMATIONS) {
      progress = runEarliest;
      run = 0;
    }
  }

  /** How far the input has been read in event time: {@code Long.MIN_VALUE} before any record. */
  public long millis() {
    return progress;
  }

  /** The newest event time read, outliers included ({@code Long.MIN_VALUE} before any). */
  public long newestMillis() {
    return newest;
  }
}
