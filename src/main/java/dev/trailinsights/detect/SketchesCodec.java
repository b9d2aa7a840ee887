package dev.trailinsights.detect;

/**
 * The stored form of a series' {@link AttributionSketches}: the newest blocks and the baseline's
 * decay minute relative to the key's newest minute, then each sketch's values (once each, through
 * the state's string table) and weights (fractional for the decaying baseline, whole counts
 * otherwise).
 */
final class SketchesCodec {
  private final long block;

  SketchesCodec(StateLayout layout) {
    this.block = layout.attributionBlock();
  }

  void write(StateWriter w, AttributionSketches s, long wm) {
    long wb = Math.floorDiv(wm, block);
    w.relative(wb, s.recentBlock);
    w.relative(wb, s.olderBlock);
    w.relative(wm, s.baselineSketchMinute);
    TopValues[][] sets = inStoredOrder(s);
    for (int i = 0; i < sets.length; i++) {
      for (TopValues t : sets[i]) {
        writeSketch(w, t, i == 0);
      }
    }
  }

  void read(StateReader r, AttributionSketches s, long wm) {
    long wb = Math.floorDiv(wm, block);
    s.recentBlock = r.relative(wb);
    s.olderBlock = r.relative(wb);
    s.baselineSketchMinute = r.relative(wm);
    TopValues[][] sets = inStoredOrder(s);
    for (int i = 0; i < sets.length; i++) {
      for (TopValues t : sets[i]) {
        readSketch(r, t, i == 0);
      }
    }
  }

  /** The baseline's sketches (fractional weights) first, then the recent, older and episode's. */
  private static TopValues[][] inStoredOrder(AttributionSketches s) {
    return new TopValues[][] {s.baseline, s.recent, s.older, s.episode};
  }

  private static void writeSketch(StateWriter w, TopValues t, boolean fractional) {
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

  private static void readSketch(StateReader r, TopValues t, boolean fractional) {
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
}
