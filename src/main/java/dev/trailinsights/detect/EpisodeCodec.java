package dev.trailinsights.detect;

/**
 * The stored form of a series' {@link Episode}: a marker byte (0 none, 1 open, 2 open with a first
 * minute before its Start, which format version 1 never wrote), then its minutes relative to the
 * key's newest minute and its frozen figures.
 */
final class EpisodeCodec {
  private EpisodeCodec() {}

  static void write(StateWriter w, Episode ep, long wm) {
    if (!ep.open()) {
      w.u8(0);
      return;
    }
    w.u8(ep.first == Episode.NONE ? 1 : 2);
    w.zigzag(wm - ep.start);
    if (ep.first != Episode.NONE) {
      w.zigzag(wm - ep.first);
    }
    w.zigzag(wm - ep.lastUnusual);
    w.varint(ep.pending);
    w.varint(ep.sumThroughLast);
    w.dbl(ep.baselineAverage);
    w.varint(ep.baselineMinutes);
    w.dbl(ep.expected);
    w.varint(ep.threshold == Long.MAX_VALUE ? -1L : ep.threshold);
    w.dbl(ep.pValue);
    w.u8(ep.model);
    w.u8(ep.seasonal);
  }

  static void read(StateReader r, Episode ep, long wm) {
    int marker = r.u8();
    if (marker != 1 && marker != 2) {
      return;
    }
    ep.start = wm - r.zigzag();
    if (marker == 2) {
      ep.first = wm - r.zigzag();
    }
    ep.lastUnusual = wm - r.zigzag();
    ep.pending = r.varint();
    ep.sumThroughLast = r.varint();
    ep.baselineAverage = r.dbl();
    ep.baselineMinutes = r.varint();
    ep.expected = r.dbl();
    long t = r.varint();
    ep.threshold = t == -1L ? Long.MAX_VALUE : t;
    ep.pValue = r.dbl();
    ep.model = (byte) r.u8();
    ep.seasonal = (byte) r.u8();
  }
}
