package dev.trailinsights.detect;

import java.util.Arrays;

/**
 * Keeps one series' per-minute counts: a ring of the newest minutes (open minutes inside the
 * lateness horizon and the closed ones just behind them, exact counts and flags) and hour buckets
 * over the baseline window (minutes counted, sum and sum of squares of the per-minute counts, as
 * integers, so the baseline of a minute is exact whatever order minutes were closed in).
 */
final class MinuteCounts {
  static final long NONE = Long.MIN_VALUE;

  /** A ring flag: the minute is inside an insight and stays out of the baseline. */
  static final byte FLAG_EXCLUDED = 1;

  final int[] ring;
  final byte[] ringFlags;
  final byte[] hourN;
  final long[] hourS;
  final long[] hourQ;

  /** Newest hour that has a bucket; buckets hold hours (lastHour - hours.length, lastHour]. */
  long lastHour = NONE;

  MinuteCounts(int ringSize, int hours) {
    this.ring = new int[ringSize];
    this.ringFlags = new byte[ringSize];
    this.hourN = new byte[hours];
    this.hourS = new long[hours];
    this.hourQ = new long[hours];
  }

  int slot(long minute) {
    return (int) Math.floorMod(minute, (long) ring.length);
  }

  int hourSlot(long hour) {
    return (int) Math.floorMod(hour, (long) hourN.length);
  }

  /** The count of a minute still in the ring. */
  int count(long minute) {
    return ring[slot(minute)];
  }

  /** Counts one more event in {@code minute}; returns the minute's running count. */
  int increment(long minute) {
    return ++ring[slot(minute)];
  }

  /**
   * Events the series holds: those of the minutes in the ring and in the hour buckets (the baseline
   * window), minutes inside insights left out of the buckets.
   */
  long volume() {
    long v = 0;
    for (int c : ring) {
      v += c;
    }
    if (lastHour != NONE) {
      for (long s : hourS) {
        v += s;
      }
    }
    return v;
  }

  /**
   * Moves minutes {@code [from, to]} out of the ring into hour buckets; minutes after {@code
   * oldWatermark} were never counted and join as zeros, minutes before {@code historyStart} not at
   * all.
   */
  void fold(long from, long to, long oldWatermark, long historyStart) {
    long ringEnd = Math.min(to, oldWatermark);
    for (long c = from; c <= ringEnd; c++) {
      int slot = slot(c);
      if (c >= historyStart) {
        int count = ring[slot];
        ensureHour(Math.floorDiv(c, 60));
        if ((ringFlags[slot] & FLAG_EXCLUDED) == 0) {
          int h = hourSlot(Math.floorDiv(c, 60));
          hourN[h]++;
          hourS[h] += count;
          hourQ[h] += (long) count * count;
        }
      }
      ring[slot] = 0;
      ringFlags[slot] = 0;
    }
    foldZeros(Math.max(from, oldWatermark + 1), to, historyStart);
  }

  /** Adds the zero minutes {@code [from, to]} (none before {@code historyStart}) in closed form. */
  void foldZeros(long from, long to, long historyStart) {
    int hours = hourN.length;
    from = Math.max(from, historyStart);
    // minutes older than the buckets can hold would be evicted at once
    from = Math.max(from, (Math.floorDiv(to, 60) - hours + 1) * 60);
    if (to < from) {
      return;
    }
    long h = Math.floorDiv(from, 60);
    long last = Math.floorDiv(to, 60);
    ensureHour(last);
    for (; h <= last; h++) {
      long a = Math.max(from, h * 60);
      long b = Math.min(to, h * 60 + 59);
      hourN[hourSlot(h)] += (byte) (b - a + 1);
    }
  }

  private void ensureHour(long hour) {
    int hours = hourN.length;
    if (lastHour == NONE || hour - lastHour >= hours) {
      Arrays.fill(hourN, (byte) 0);
      Arrays.fill(hourS, 0);
      Arrays.fill(hourQ, 0);
      lastHour = hour;
      return;
    }
    for (long h = lastHour + 1; h <= hour; h++) {
      int slot = hourSlot(h);
      hourN[slot] = 0;
      hourS[slot] = 0;
      hourQ[slot] = 0;
    }
    if (hour > lastHour) {
      lastHour = hour;
    }
  }

  /**
   * Adds the minutes {@code [windowStart, cut]} to the seasonal cells ({@link SeasonalModel#cell}):
   * the folded ones from the hour buckets, the closed ones still in the ring (minutes inside an
   * insight left out) and, after the key's newest minute {@code watermark}, silent ones.
   */
  void sumCells(long windowStart, long cut, long watermark, long[] cs, long[] cn, long[] cq) {
    long cutHour = Math.floorDiv(cut, 60);
    long foldedThrough = watermark - ring.length;
    // 1. hour buckets: every folded minute of the window
    if (lastHour != NONE) {
      long firstHour = Math.max(Math.floorDiv(windowStart, 60), lastHour - hourN.length + 1);
      long last = Math.min(cutHour, lastHour);
      for (long h = firstHour; h <= last; h++) {
        int slot = hourSlot(h);
        int cell = SeasonalModel.cell(h);
        cn[cell] += hourN[slot] & 0xff;
        cs[cell] += hourS[slot];
        cq[cell] += hourQ[slot];
      }
    }
    // 2. closed minutes still in the ring
    long ringFrom = Math.max(foldedThrough + 1, windowStart);
    long ringTo = Math.min(cut, watermark);
    for (long c = ringFrom; c <= ringTo; c++) {
      int slot = slot(c);
      if ((ringFlags[slot] & FLAG_EXCLUDED) == 0) {
        int cell = SeasonalModel.cell(Math.floorDiv(c, 60));
        long count = ring[slot];
        cn[cell]++;
        cs[cell] += count;
        cq[cell] += count * count;
      }
    }
    // 3. silent minutes after the key's newest (closed by stream time)
    for (long c = Math.max(watermark + 1, windowStart); c <= cut; c++) {
      cn[SeasonalModel.cell(Math.floorDiv(c, 60))]++;
    }
  }
}
