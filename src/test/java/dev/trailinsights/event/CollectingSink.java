package dev.trailinsights.event;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parser delivers, in order. */
final class CollectingSink implements RecordSink {
  final List<CloudTrailRecord> records = new ArrayList<>();
  final List<BadRecord> bad = new ArrayList<>();
  int insightsSkipped;

  @Override
  public void record(CloudTrailRecord record) {
    records.add(record);
  }

  @Override
  public void bad(BadRecord bad) {
    this.bad.add(bad);
  }

  @Override
  public void insightSkipped() {
    insightsSkipped++;
  }

  BadRecord onlyBad() {
    if (bad.size() != 1 || !records.isEmpty()) {
      throw new AssertionError("expected one bad record and nothing else, got " + this);
    }
    return bad.get(0);
  }

  CloudTrailRecord onlyRecord() {
    if (records.size() != 1 || !bad.isEmpty() || insightsSkipped != 0) {
      throw new AssertionError("expected one record and nothing else, got " + this);
    }
    return records.get(0);
  }

  @Override
  public String toString() {
    return "records=" + records + ", bad=" + bad + ", insightsSkipped=" + insightsSkipped;
  }
}
