package dev.trailinsights.detect;

import dev.trailinsights.config.ApiPattern;
import dev.trailinsights.config.DetectorConfig;
import dev.trailinsights.config.EventClass;
import dev.trailinsights.event.Access;
import dev.trailinsights.event.CloudTrailRecord;
import dev.trailinsights.event.EventCategory;

/**
 * Decides which records feed which series, as AWS's Insights selectors do: call rate on write
 * management events by default (read management and data events selectable), error rate on read and
 * write management events; allow and deny lists by {@code eventSource:eventName}.
 */
public final class EventSelector {
  private final boolean callWrite;
  private final boolean callRead;
  private final boolean callData;
  private final boolean errorWrite;
  private final boolean errorRead;
  private final boolean errorData;
  private final DetectorConfig config;

  public EventSelector(DetectorConfig config) {
    this.config = config;
    this.callWrite = config.callRateClasses().contains(EventClass.WRITE_MANAGEMENT);
    this.callRead = config.callRateClasses().contains(EventClass.READ_MANAGEMENT);
    this.callData = config.callRateClasses().contains(EventClass.DATA);
    this.errorWrite = config.errorRateClasses().contains(EventClass.WRITE_MANAGEMENT);
    this.errorRead = config.errorRateClasses().contains(EventClass.READ_MANAGEMENT);
    this.errorData = config.errorRateClasses().contains(EventClass.DATA);
  }

  /** The class of a record, or null for what is never analysed (network activity, insights). */
  public static EventClass classify(CloudTrailRecord r) {
    if (r.category() == EventCategory.DATA) {
      return EventClass.DATA;
    }
    if (r.category() != EventCategory.MANAGEMENT) {
      return null;
    }
    boolean read =
        r.access() == Access.UNKNOWN ? looksReadOnly(r.eventName()) : r.access() == Access.READ;
    return read ? EventClass.READ_MANAGEMENT : EventClass.WRITE_MANAGEMENT;
  }

  /**
   * Old records (eventVersion 1.01/1.02) lack {@code readOnly}: read APIs follow AWS's naming
   * (Describe*, Get*, List*, ...), so the name decides.
   */
  static boolean looksReadOnly(String eventName) {
    return eventName.startsWith("Describe")
        || eventName.startsWith("Get")
        || eventName.startsWith("List")
        || eventName.startsWith("Head")
        || eventName.startsWith("Lookup")
        || eventName.startsWith("Search")
        || eventName.startsWith("BatchGet")
        || eventName.startsWith("Scan")
        || eventName.startsWith("Query");
  }

  /** The key of a record's series. */
  public static ApiKey keyOf(CloudTrailRecord r) {
    return new ApiKey(r.accountId(), r.awsRegion(), r.eventSource(), r.eventName());
  }

  /**
   * The compact form of a selected record, or null when no series takes it (not selected, filtered
   * out, or an Insights record).
   */
  public CompactEvent select(CloudTrailRecord r) {
    if (r.isInsight()) {
      return null;
    }
    EventClass c = classify(r);
    if (c == null) {
      return null;
    }
    boolean calls =
        switch (c) {
          case WRITE_MANAGEMENT -> callWrite;
          case READ_MANAGEMENT -> callRead;
          case DATA -> callData;
        };
    boolean errors =
        r.errorCode() != null
            && switch (c) {
              case WRITE_MANAGEMENT -> errorWrite;
              case READ_MANAGEMENT -> errorRead;
              case DATA -> errorData;
            };
    if (!calls && !errors) {
      return null;
    }
    if (!allowed(r.eventSource(), r.eventName())) {
      return null;
    }
    return new CompactEvent(
        r.eventTimeMillis(),
        calls,
        errors,
        r.errorCode(),
        r.userArn(),
        r.userAgent(),
        hash(r.eventId()));
  }

  private boolean allowed(String source, String name) {
    if (!config.allow().isEmpty()) {
      boolean any = false;
      for (ApiPattern p : config.allow()) {
        if (p.matches(source, name)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    for (ApiPattern p : config.deny()) {
      if (p.matches(source, name)) {
        return false;
      }
    }
    return true;
  }

  /** 64-bit FNV-1a of the event id; 0 (no de-duplication) when absent. */
  static long hash(String eventId) {
    if (eventId == null || eventId.isEmpty()) {
      return 0;
    }
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < eventId.length(); i++) {
      h ^= eventId.charAt(i);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }
}
