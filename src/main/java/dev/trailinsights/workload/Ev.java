package dev.trailinsights.workload;

/**
 * One generated call, before serialisation. Everything random in its record is derived from {@code
 * seed}, so writing it twice (a duplicate delivery) gives the same bytes and the same {@code
 * eventID}.
 */
final class Ev {
  static final int OLD_FORMAT = 1;
  static final int ANOMALY = 2;
  static final int FAILED_LOGIN = 4;

  final long timeMillis;
  final KeyProfile key;
  final Identity caller;
  final String errorCode;
  final int flags;
  final long seed;

  Ev(long timeMillis, KeyProfile key, Identity caller, String errorCode, int flags, long seed) {
    this.timeMillis = timeMillis;
    this.key = key;
    this.caller = caller;
    this.errorCode = errorCode;
    this.flags = flags;
    this.seed = seed;
  }

  boolean oldFormat() {
    return (flags & OLD_FORMAT) != 0;
  }

  boolean failedLogin() {
    return (flags & FAILED_LOGIN) != 0;
  }
}
