package dev.trailinsights.detect;

/**
 * The stored form of a series' {@link MinuteCounts}: ring slots only where they hold a count or a
 * flag, hour buckets only where they differ from the value a silent, never-excluded hour would
 * have. Read back into the current layout: ring minutes and hours that no longer fit are dropped.
 */
final class MinuteCountsCodec {
  private final int ringSize;
  private final int hours;

  MinuteCountsCodec(StateLayout layout) {
    this.ringSize = layout.ringSize();
    this.hours = layout.hours();
  }

  /**
   * @param wm the key's newest minute
   * @param historyStart the first minute of its account and region
   */
  void write(StateWriter w, MinuteCounts s, long wm, long historyStart) {
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
        w.u8(s.ringFlags[slot]);
      }
    }
    // hour buckets that differ from a silent, fully counted hour
    if (s.lastHour == MinuteCounts.NONE) {
      w.varint(0);
      return;
    }
    w.varint(1);
    w.zigzag(Math.floorDiv(wm, 60) - s.lastHour);
    long foldedThrough = wm - ringSize;
    int diff = 0;
    for (int i = 0; i < hours; i++) {
      long h = s.lastHour - i;
      if (isNotDefault(s, s.hourSlot(h), h, historyStart, foldedThrough)) {
        diff++;
      }
    }
    w.varint(diff);
    int previous = 0;
    for (int i = 0; i < hours; i++) {
      long h = s.lastHour - i;
      int slot = s.hourSlot(h);
      if (isNotDefault(s, slot, h, historyStart, foldedThrough)) {
        // (hour index, n differs, sum of squares differs from sum): counts of 0 and 1 need no q
        int n = s.hourN[slot] & 0xff;
        boolean nDiffers = n != defaultMinutes(h, historyStart, foldedThrough);
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

  /**
   * @param storedRing ring slots of the layout the state was written with
   * @param storedHours hour buckets of that layout
   */
  void read(
      StateReader r, MinuteCounts s, long wm, long historyStart, int storedRing, int storedHours) {
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
    if (r.varint() != 1) {
      return;
    }
    s.lastHour = Math.floorDiv(wm, 60) - r.zigzag();
    long storedFoldedThrough = wm - storedRing;
    for (int i = 0; i < Math.min(hours, storedHours); i++) {
      long h = s.lastHour - i;
      s.hourN[s.hourSlot(h)] = (byte) defaultMinutes(h, historyStart, storedFoldedThrough);
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

  private static boolean isNotDefault(
      MinuteCounts s, int slot, long hour, long historyStart, long foldedThrough) {
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
}
