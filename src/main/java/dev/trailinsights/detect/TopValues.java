package dev.trailinsights.detect;

import dev.trailinsights.insight.ValueAverage;
import java.util.ArrayList;
import java.util.List;

/**
 * A small space-saving sketch of the most frequent values of one attribute (caller ARN, user agent,
 * error code), with weights that can decay. Bounded to {@link #CAPACITY} entries: a new value
 * replaces the lightest one and inherits its weight, so heavy hitters survive and the total weight
 * is kept.
 */
final class TopValues {
  /** Entries kept; one more than the five AWS reports, so the fifth is rarely an artefact. */
  static final int CAPACITY = 6;

  /** Values reported in attributions, as AWS does. */
  static final int REPORTED = 5;

  final String[] values = new String[CAPACITY];
  final double[] weights = new double[CAPACITY];
  int size;

  void add(String value, double weight) {
    for (int i = 0; i < size; i++) {
      if (values[i].equals(value)) {
        weights[i] += weight;
        return;
      }
    }
    if (size < CAPACITY) {
      values[size] = value;
      weights[size] = weight;
      size++;
      return;
    }
    int min = 0;
    for (int i = 1; i < size; i++) {
      if (weights[i] < weights[min]) {
        min = i;
      }
    }
    values[min] = value;
    weights[min] += weight;
  }

  void addAll(TopValues other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i], other.weights[i]);
    }
  }

  void scale(double factor) {
    for (int i = 0; i < size; i++) {
      weights[i] *= factor;
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      values[i] = null;
      weights[i] = 0;
    }
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  double total() {
    double t = 0;
    for (int i = 0; i < size; i++) {
      t += weights[i];
    }
    return t;
  }

  void copyFrom(TopValues other) {
    clear();
    System.arraycopy(other.values, 0, values, 0, other.size);
    System.arraycopy(other.weights, 0, weights, 0, other.size);
    size = other.size;
  }

  /**
   * The top {@link #REPORTED} values, heaviest first (ties by value, so the order is stable), each
   * with {@code weight * perUnit} as its average per minute.
   */
  List<ValueAverage> top(double perUnit) {
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(
        idx,
        (a, b) -> {
          int c = Double.compare(weights[b], weights[a]);
          return c != 0 ? c : values[a].compareTo(values[b]);
        });
    List<ValueAverage> out = new ArrayList<>(Math.min(size, REPORTED));
    for (int i = 0; i < size && out.size() < REPORTED; i++) {
      double w = weights[idx[i]];
      if (w > 0) {
        out.add(new ValueAverage(values[idx[i]], w * perUnit));
      }
    }
    return out;
  }
}
