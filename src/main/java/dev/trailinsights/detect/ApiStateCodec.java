package dev.trailinsights.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of an {@link ApiState}: a version byte, then varints, relative minutes and a
 * per-state string table, so a quiet key costs tens of bytes and a busy one about a kilobyte.
 *
 * <p>Format version 2 (version 1 plus an open episode's first minute when unusual minutes before
 * its Start closed after it). Minutes are stored relative to the key's watermark; hour buckets only
 * where they differ from the value a silent, never-excluded hour would have; ring slots only where
 * they hold a count or a flag; attribution values once each. A state written with another lateness
 * or baseline window is read back into the current layout: ring minutes and hours that no longer
 * fit are dropped.
 */
public final class ApiStateCodec {
  /** The format version written; readers accept this and every earlier one. */
  public static final byte VERSION = 2;

  private final int ringSize;
  private final int hours;
  private final long block;

  public ApiStateCodec(Detector detector) {
    this.ringSize = detector.ringSize();
    this.hours = detector.hourBuckets();
    this.block = detector.attributionBlock();
  }

  // ---------------------------------------------------------------- encode

  public byte[] encode(ApiState st) {
    Writer w = new Writer();
    w.bytes.write(VERSION);
    w.varint(ringSize);
    w.varint(hours);
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

  private void writeSeries(Writer w, ApiState st, Series s) {
    long wm = st.watermark;
    w.string(s.errorCode == null ? "" : s.errorCode);
    // ring: slots with a count or a flag, as (minutes before the watermark, count, flags)
    int used = 0;
    for (int d = 0; d < ringSize; d++) {
      int slot = s.slot(wm - d);
      if (s.ring[slot] != 0 || s.ringFlags[slot] != 0) {
        used++;
      }
    }
    w.varint(used);
    for (int d = 0; d < ringSize; d++) {
      int slot = s.slot(wm - d);
      if (s.ring[slot] != 0 || s.ringFlags[slot] != 0) {
        w.varint(d);
        w.varint(s.ring[slot]);
        w.bytes.write(s.ringFlags[slot]);
      }
    }
    // hour buckets that differ from a silent, fully counted hour
    if (s.lastHour == Series.NONE) {
      w.varint(0);
    } else {
      w.varint(1);
      w.zigzag(Math.floorDiv(wm, 60) - s.lastHour);
      long foldedThrough = wm - ringSize;
      int diff = 0;
      for (int i = 0; i < hours; i++) {
        long h = s.lastHour - i;
        int slot = s.hourSlot(h);
        if (isNotDefault(s, slot, h, st.historyStart, foldedThrough)) {
          diff++;
        }
      }
      w.varint(diff);
      int previous = 0;
      for (int i = 0; i < hours; i++) {
        long h = s.lastHour - i;
        int slot = s.hourSlot(h);
        if (isNotDefault(s, slot, h, st.historyStart, foldedThrough)) {
          // (hour index, n differs, sum of squares differs from sum): counts of 0 and 1 need no q
          int n = s.hourN[slot] & 0xff;
          boolean nDiffers = n != defaultMinutes(h, st.historyStart, foldedThrough);
          boolean qDiffers = s.hourQ[slot] != s.hourS[slot];
          // the gap from the previous bucket written keeps sparse histories at a byte a bucket
          w.varint(((long) (i - previous) << 2) | (nDiffers ? 2 : 0) | (qDiffers ? 1 : 0));
          previous = i;
          if (nDiffers) {
            w.varint(n);
          }
          w.varint(s.hourS[slot]);
          if (qDiffers) {
            w.varint(s.hourQ[slot]);
          }
        }
      }
    }
    w.zigzag(s.lastSeenMinute == Series.NONE ? Long.MIN_VALUE : wm - s.lastSeenMinute);
    // the open episode
    if (!s.episodeOpen()) {
      w.bytes.write(0);
    } else {
      w.bytes.write(s.epFirst == Series.NONE ? 1 : 2);
      w.zigzag(wm - s.epStart);
      if (s.epFirst != Series.NONE) {
        w.zigzag(wm - s.epFirst);
      }
      w.zigzag(wm - s.epLastUnusual);
      w.varint(s.epPending);
      w.varint(s.epSumThroughLast);
      w.dbl(s.epBaselineAverage);
      w.varint(s.epBaselineMinutes);
      w.dbl(s.epExpected);
      w.varint(s.epThreshold == Long.MAX_VALUE ? -1L : s.epThreshold);
      w.dbl(s.epPValue);
      w.bytes.write(s.epModel);
      w.bytes.write(s.epSeasonal);
    }
    // sketches
    long wb = Math.floorDiv(wm, block);
    w.zigzag(s.recentBlock == Series.NONE ? Long.MIN_VALUE : wb - s.recentBlock);
    w.zigzag(s.olderBlock == Series.NONE ? Long.MIN_VALUE : wb - s.olderBlock);
    w.zigzag(s.baselineSketchMinute == Series.NONE ? Long.MIN_VALUE : wm - s.baselineSketchMinute);
    for (TopValues t : s.baseline) {
      writeSketch(w, t, true);
    }
    for (TopValues t : s.recent) {
      writeSketch(w, t, false);
    }
    for (TopValues t : s.older) {
      writeSketch(w, t, false);
    }
    for (TopValues t : s.episode) {
      writeSketch(w, t, false);
    }
  }

  private static void writeSketch(Writer w, TopValues t, boolean fractional) {
    w.varint(t.size);
    for (int i = 0; i < t.size; i++) {
      w.ref(t.values[i]);
      if (fractional) {
        w.dbl(t.weights[i]);
      } else {
        w.varint((long) t.weights[i]);
      }
    }
  }

  private static boolean isNotDefault(
      Series s, int slot, long hour, long historyStart, long foldedThrough) {
    return (s.hourN[slot] & 0xff) != defaultMinutes(hour, historyStart, foldedThrough)
        || s.hourS[slot] != 0
        || s.hourQ[slot] != 0;
  }

  /** Minutes a silent hour holds: those between the history start and the folded edge. */
  private static int defaultMinutes(long hour, long historyStart, long foldedThrough) {
    long a = Math.max(hour * 60, historyStart);
    long b = Math.min(hour * 60 + 59, foldedThrough);
    return b < a ? 0 : (int) (b - a + 1);
  }

  // ---------------------------------------------------------------- decode

  /**
   * @throws IllegalArgumentException when the bytes are not a state of a known version
   */
  public ApiState decode(ApiKey key, byte[] bytes) {
    Reader r = new Reader(bytes);
    int version = r.u8();
    if (version < 1 || version > VERSION) {
      throw new IllegalArgumentException("unknown state format version " + version);
    }
    int storedRing = (int) r.varint();
    int storedHours = (int) r.varint();
    long wm = r.varint();
    ApiState st = new ApiState(key, new Series(null, ringSize, hours));
    st.watermark = wm;
    st.historyStart = wm - r.zigzag();
    st.closedThrough = wm - r.zigzag();
    int count = (int) r.varint();
    readSeries(r, st, st.calls, storedRing, storedHours);
    for (int i = 1; i < count; i++) {
      Series s = new Series(r.peekString(), ringSize, hours);
      readSeries(r, st, s, storedRing, storedHours);
      st.errors.add(s);
    }
    return st;
  }

  private void readSeries(Reader r, ApiState st, Series s, int storedRing, int storedHours) {
    long wm = st.watermark;
    r.string(); // the error code, already used to build the series
    int used = (int) r.varint();
    for (int i = 0; i < used; i++) {
      int d = (int) r.varint();
      int c = (int) r.varint();
      byte flags = (byte) r.u8();
      if (d < ringSize) {
        int slot = s.slot(wm - d);
        s.ring[slot] = c;
        s.ringFlags[slot] = flags;
      }
    }
    if (r.varint() == 1) {
      s.lastHour = Math.floorDiv(wm, 60) - r.zigzag();
      long storedFoldedThrough = wm - storedRing;
      for (int i = 0; i < Math.min(hours, storedHours); i++) {
        long h = s.lastHour - i;
        s.hourN[s.hourSlot(h)] = (byte) defaultMinutes(h, st.historyStart, storedFoldedThrough);
      }
      int diff = (int) r.varint();
      int i = 0;
      for (int k = 0; k < diff; k++) {
        long head = r.varint();
        i += (int) (head >>> 2);
        int n = (head & 2) != 0 ? (int) r.varint() : -1;
        long sum = r.varint();
        long sq = (head & 1) != 0 ? r.varint() : sum;
        if (i < hours) {
          int slot = s.hourSlot(s.lastHour - i);
          if (n >= 0) {
            s.hourN[slot] = (byte) n;
          }
          s.hourS[slot] = sum;
          s.hourQ[slot] = sq;
        }
      }
    }
    s.lastSeenMinute = relative(wm, r.zigzag());
    int episode = r.u8();
    if (episode == 1 || episode == 2) {
      s.epStart = wm - r.zigzag();
      if (episode == 2) {
        s.epFirst = wm - r.zigzag();
      }
      s.epLastUnusual = wm - r.zigzag();
      s.epPending = r.varint();
      s.epSumThroughLast = r.varint();
      s.epBaselineAverage = r.dbl();
      s.epBaselineMinutes = r.varint();
      s.epExpected = r.dbl();
      long t = r.varint();
      s.epThreshold = t == -1L ? Long.MAX_VALUE : t;
      s.epPValue = r.dbl();
      s.epModel = (byte) r.u8();
      s.epSeasonal = (byte) r.u8();
    }
    long wb = Math.floorDiv(wm, block);
    s.recentBlock = relative(wb, r.zigzag());
    s.olderBlock = relative(wb, r.zigzag());
    s.baselineSketchMinute = relative(wm, r.zigzag());
    for (TopValues t : s.baseline) {
      readSketch(r, t, true);
    }
    for (TopValues t : s.recent) {
      readSketch(r, t, false);
    }
    for (TopValues t : s.older) {
      readSketch(r, t, false);
    }
    for (TopValues t : s.episode) {
      readSketch(r, t, false);
    }
  }

  private static long relative(long wm, long delta) {
    return delta == Long.MIN_VALUE ? Series.NONE : wm - delta;
  }

  private static void readSketch(Reader r, TopValues t, boolean fractional) {
    int n = (int) r.varint();
    if (n > TopValues.CAPACITY) {
      throw new IllegalArgumentException("corrupt state: sketch of " + n + " entries");
    }
    t.clear();
    for (int i = 0; i < n; i++) {
      t.values[i] = r.ref();
      t.weights[i] = fractional ? r.dbl() : r.varint();
    }
    t.size = n;
  }

  // ---------------------------------------------------------------- bytes

  private static final class Writer {
    final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
    final Map<String, Integer> refs = new HashMap<>();

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        bytes.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      bytes.write((int) v);
    }

    void zigzag(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    void dbl(double d) {
      long b = Double.doubleToRawLongBits(d);
      for (int i = 0; i < 8; i++) {
        bytes.write((int) (b >>> (8 * i)));
      }
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      bytes.write(b, 0, b.length);
    }

    /** A value of the string table: its index if seen, else 0 and the string itself. */
    void ref(String s) {
      Integer i = refs.get(s);
      if (i != null) {
        varint(i + 1L);
      } else {
        varint(0);
        string(s);
        refs.put(s, refs.size());
      }
    }

    byte[] finish() {
      return bytes.toByteArray();
    }
  }

  private static final class Reader {
    final byte[] b;
    int pos;
    final List<String> refs = new ArrayList<>();

    Reader(byte[] b) {
      this.b = b;
    }

    int u8() {
      if (pos >= b.length) {
        throw new IllegalArgumentException("corrupt state: truncated at " + pos);
      }
      return b[pos++] & 0xff;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("corrupt state: varint too long at " + pos);
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    double dbl() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (long) u8() << (8 * i);
      }
      return Double.longBitsToDouble(v);
    }

    String string() {
      int n = (int) varint();
      if (n < 0 || pos + n > b.length) {
        throw new IllegalArgumentException("corrupt state: string of " + n + " bytes at " + pos);
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    /** The next string, without consuming it (error series need their code before reading). */
    String peekString() {
      int save = pos;
      String s = string();
      pos = save;
      return s.isEmpty() ? null : s;
    }

    String ref() {
      long i = varint();
      if (i == 0) {
        String s = string();
        refs.add(s);
        return s;
      }
      if (i > refs.size()) {
        throw new IllegalArgumentException("corrupt state: string reference " + i);
      }
      return refs.get((int) i - 1);
    }
  }
}
