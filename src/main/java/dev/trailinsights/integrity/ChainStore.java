package dev.trailinsights.integrity;

import java.util.List;

/**
 * Where a {@link RunningDigest} keeps its chain: the head ({@link ChainHead}) and the entries of
 * the open interval. The live topology keeps them in a changelogged state store, so that the chain
 * survives restarts and task moves inside the same exactly-once transactions as the insights;
 * {@code replay} keeps them in memory.
 */
public interface ChainStore {
  /** The head, or null before the first interval opened. */
  ChainHead head();

  /** Replaces the head. */
  void head(ChainHead head);

  /** Stores the {@code index}-th entry (from 0) of the open interval. */
  void append(int index, Digest.Entry entry);

  /** The first {@code count} entries of the open interval, in order. */
  List<Digest.Entry> entries(int count);

  /** Forgets the first {@code count} entries. */
  void clear(int count);

  /** A store in memory. */
  static ChainStore inMemory() {
    return new ChainStore() {
      private ChainHead head;
      private final java.util.ArrayList<Digest.Entry> entries = new java.util.ArrayList<>();

      @Override
      public ChainHead head() {
        return head;
      }

      @Override
      public void head(ChainHead h) {
        head = h;
      }

      @Override
      public void append(int index, Digest.Entry entry) {
        if (index != entries.size()) {
          throw new IllegalStateException("entry " + index + " after " + entries.size());
        }
        entries.add(entry);
      }

      @Override
      public List<Digest.Entry> entries(int count) {
        return List.copyOf(entries.subList(0, count));
      }

      @Override
      public void clear(int count) {
        entries.subList(0, count).clear();
      }
    };
  }
}
