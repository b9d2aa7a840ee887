package dev.trailinsights.detect;

import java.util.function.Consumer;

/**
 * The bound on API keys one detector tracks ({@code detection.max-keys}). Once {@code max} keys
 * have a state, a new key is refused: its events are counted as untracked ({@link
 * DetectionCounters#untrackedEvents()}, {@link DetectionCounters#untrackedKeys()}), the keys
 * already tracked go on as before, and {@code warn} gets one line the first time. Not thread-safe.
 */
public final class KeyLimit {
  /** Distinct refused keys are counted exactly up to this many (then "at least"). */
  static final int MAX_DISTINCT = 393_216;

  private final int max;
  private final DetectionCounters counters;
  private final Consumer<String> warn;
  private long tracked;
  private final HashSet64 refused = new HashSet64();

  /**
   * @param max most keys tracked
   * @param tracked keys tracked already (restored from a store)
   * @param counters where untracked events and keys are counted
   * @param warn receives one line when the limit is first reached
   */
  public KeyLimit(int max, long tracked, DetectionCounters counters, Consumer<String> warn) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
    this.tracked = tracked;
    this.counters = counters;
    this.warn = warn;
  }

  /**
   * Whether the new key {@code key} may get a state; counts it as tracked when it may, and its
   * event as untracked when it may not.
   */
  public boolean admit(String key) {
    if (tracked < max) {
      tracked++;
      return true;
    }
    boolean firstRefusal = counters.untrackedEvents == 0;
    counters.untrackedEvents++;
    if (refused.add(hash(key))) {
      counters.untrackedKeys++;
    } else if (refused.full()) {
      counters.untrackedKeysSaturated = true;
    }
    if (firstRefusal) {
      warn.accept(
          "detection.max-keys ("
              + max
              + ") reached: events of API keys not tracked yet are counted as untracked from now"
              + " on; the "
              + tracked
              + " keys tracked go on");
    }
    return false;
  }

  /** Keys tracked. */
  public long tracked() {
    return tracked;
  }

  /** The limit. */
  public int max() {
    return max;
  }

  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    // finaliser of SplitMix64: spreads FNV's low-entropy high bits
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /**
   * A set of 64-bit hashes, open addressing, growing up to {@link #MAX_DISTINCT} entries (4 MiB);
   * once full, new hashes are not added.
   */
  static final class HashSet64 {
    private long[] slots = new long[64];
    private boolean hasZero;
    private int size;

    /** Adds {@code h}; false when it was there, or when the set is full. */
    boolean add(long h) {
      if (h == 0) {
        if (hasZero) {
          return false;
        }
        hasZero = true;
        size++;
        return true;
      }
      int mask = slots.length - 1;
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (slots[i] != 0) {
        if (slots[i] == h) {
          return false;
        }
        i = (i + 1) & mask;
      }
      if (full()) {
        return false;
      }
      slots[i] = h;
      size++;
      if (size * 4L > slots.length * 3L) {
        grow();
      }
      return true;
    }

    boolean full() {
      return size >= MAX_DISTINCT;
    }

    private void grow() {
      long[] old = slots;
      slots = new long[old.length * 2];
      int mask = slots.length - 1;
      for (long h : old) {
        if (h != 0) {
          int i = (int) (h ^ (h >>> 32)) & mask;
          while (slots[i] != 0) {
            i = (i + 1) & mask;
          }
          slots[i] = h;
        }
      }
    }
  }
}
