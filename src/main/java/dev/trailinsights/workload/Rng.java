package dev.trailinsights.workload;

/**
 * A small, fast, seedable random generator (SplitMix64) with the distributions the workload needs.
 * Mutable and not thread-safe: each stream of the workload owns its own instances, so output does
 * not depend on thread scheduling. {@link #reseed(long)} lets one instance derive a record's
 * content from a per-record seed without allocating.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  void reseed(long seed) {
    this.state = seed;
  }

  /** A well-mixed 64-bit value of {@code seed} and {@code salt}: independent seeds for parts. */
  static long mix(long seed, long salt) {
    return mix64(seed + GOLDEN * (salt + 1));
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform in [lo, hi]. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Log-uniform in [lo, hi]: as many values per decade. */
  double logUniform(double lo, double hi) {
    return Math.exp(uniform(Math.log(lo), Math.log(hi)));
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal (Marsaglia polar method, one value per call). */
  double gaussian() {
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  /** Gamma with the given shape and mean 1 (Marsaglia and Tsang). */
  double gammaMeanOne(double shape) {
    if (shape < 1) {
      double u = nextDouble();
      return gammaMeanOne(shape + 1) * (shape + 1) / shape * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = gaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v / shape;
      }
    }
  }

  /**
   * Poisson-distributed count: inversion for small means, Hörmann's transformed rejection (PTRS)
   * for large ones; exact in both ranges.
   */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 12) {
      double p = Math.exp(-mean);
      double u = nextDouble();
      int k = 0;
      double cdf = p;
      while (u > cdf) {
        k++;
        p *= mean / k;
        cdf += p;
        if (k > 1000) {
          break;
        }
      }
      return k;
    }
    double slam = Math.sqrt(mean);
    double loglam = Math.log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = nextDouble() - 0.5;
      double v = nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return (int) k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -mean + k * loglam - logFactorial(k)) {
        return (int) k;
      }
    }
  }

  private static double logFactorial(long k) {
    if (k < 2) {
      return 0;
    }
    double x = k + 1;
    // Stirling series for log Gamma(k + 1), accurate to 1e-10 for k >= 2
    return (x - 0.5) * Math.log(x)
        - x
        + 0.5 * Math.log(2 * Math.PI)
        + 1 / (12 * x)
        - 1 / (360 * x * x * x);
  }

  /** Fills {@code out} with lower-case hex digits. */
  void hex(char[] out, int from, int count) {
    long bits = 0;
    int left = 0;
    for (int i = 0; i < count; i++) {
      if (left == 0) {
        bits = nextLong();
        left = 16;
      }
      out[from + i] = HEX[(int) (bits & 15)];
      bits >>>= 4;
      left--;
    }
  }

  /** A random string of {@code count} upper-case letters and digits. */
  String upperAlnum(int count) {
    char[] c = new char[count];
    for (int i = 0; i < count; i++) {
      c[i] = ALNUM.charAt(nextInt(ALNUM.length()));
    }
    return new String(c);
  }

  /** Writes a version-4 UUID from this generator into {@code out[0..36)}. */
  void uuid(char[] out) {
    long hi = nextLong();
    long lo = nextLong();
    hi = (hi & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    int p = 0;
    for (int i = 60; i >= 0; i -= 4) {
      if (p == 8 || p == 13) {
        out[p++] = '-';
      }
      out[p++] = HEX[(int) ((hi >>> i) & 15)];
    }
    for (int i = 60; i >= 0; i -= 4) {
      if (p == 18 || p == 23) {
        out[p++] = '-';
      }
      out[p++] = HEX[(int) ((lo >>> i) & 15)];
    }
  }

  String uuid() {
    char[] c = new char[36];
    uuid(c);
    return new String(c);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
}
