package dev.trailinsights.detect;

import dev.trailinsights.config.DetectorConfig;

/**
 * The stored form of an {@link ApiState}: a version byte, the layout it was written with, the key's
 * minutes, then per series its error code, {@link MinuteCountsCodec minute counts}, last-seen
 * minute, {@link EpisodeCodec episode} and {@link SketchesCodec attribution sketches}. Varints,
 * minutes relative to the key's newest and a per-state string table keep a quiet key at tens of
 * bytes and a busy one about a kilobyte.
 *
 * <p>Format version 2 (version 1 plus an open episode's first minute when unusual minutes before
 * its Start closed after it). A state written with another lateness or baseline window is read back
 * into the current layout. Thread-safe: it keeps no state between calls.
 */
public final class ApiStateCodec {
  /** The format version written; readers accept this and every earlier one. */
  public static final byte VERSION = 2;

  private final StateLayout layout;
  private final MinuteCountsCodec counts;
  private final SketchesCodec sketches;

  /** A codec for the layout {@code config} gives (its lateness and baseline window). */
  public ApiStateCodec(DetectorConfig config) {
    this.layout = StateLayout.of(config);
    this.counts = new MinuteCountsCodec(layout);
    this.sketches = new SketchesCodec(layout);
  }

  public byte[] encode(ApiState st) {
    StateWriter w = new StateWriter();
    w.u8(VERSION);
    w.varint(layout.ringSize());
    w.varint(layout.hours());
    w.varint(st.watermark);
    w.zigzag(st.watermark - st.historyStart);
    w.zigzag(st.watermark - st.closedThrough);
    w.varint(1 + st.errors.size());
    writeSeries(w, st, st.calls);
    for (Series s : st.errors) {
      writeSeries(w, st, s);
    }
    return w.finish();
  }

  private void writeSeries(StateWriter w, ApiState st, Series s) {
    long wm = st.watermark;
    w.string(s.errorCode == null ? "" : s.errorCode);
    counts.write(w, s.counts, wm, st.historyStart);
    w.relative(wm, s.lastSeenMinute);
    EpisodeCodec.write(w, s.episode, wm);
    sketches.write(w, s.sketches, wm);
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a state of a known version
   */
  public ApiState decode(ApiKey key, byte[] bytes) {
    StateReader r = new StateReader(bytes);
    int version = r.u8();
    if (version < 1 || version > VERSION) {
      throw new IllegalArgumentException("unknown state format version " + version);
    }
    int storedRing = (int) r.varint();
    int storedHours = (int) r.varint();
    long wm = r.varint();
    ApiState st = new ApiState(key, new Series(null, layout));
    st.watermark = wm;
    st.historyStart = wm - r.zigzag();
    st.closedThrough = wm - r.zigzag();
    int count = (int) r.varint();
    readSeries(r, st, st.calls, storedRing, storedHours);
    for (int i = 1; i < count; i++) {
      Series s = new Series(r.peekString(), layout);
      readSeries(r, st, s, storedRing, storedHours);
      st.errors.add(s);
    }
    return st;
  }

  private void readSeries(StateReader r, ApiState st, Series s, int storedRing, int storedHours) {
    long wm = st.watermark;
    r.string(); // the error code, already used to build the series
    counts.read(r, s.counts, wm, st.historyStart, storedRing, storedHours);
    s.lastSeenMinute = r.relative(wm);
    EpisodeCodec.read(r, s.episode, wm);
    sketches.read(r, s.sketches, wm);
  }
}
