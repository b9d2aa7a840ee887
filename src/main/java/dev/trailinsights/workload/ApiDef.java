package dev.trailinsights.workload;

import dev.trailinsights.config.EventClass;

/**
 * One AWS API as the synthetic workload calls it.
 *
 * @param service short service name, e.g. {@code ec2}
 * @param eventSource CloudTrail {@code eventSource}, e.g. {@code ec2.amazonaws.com}
 * @param eventName CloudTrail {@code eventName}
 * @param readOnly CloudTrail {@code readOnly}
 * @param data true for data events ({@code managementEvent=false}, {@code eventCategory=Data})
 * @param tier popularity tier: {@code 'H'} busy, {@code 'M'} regular, {@code 'L'} rarely called
 * @param resource what the call acts on; shapes {@code requestParameters} and {@code
 *     responseElements}
 * @param global the service logs in the first region only (IAM, Route 53, console sign-in)
 * @param eventVersion the record format version this service emits
 */
public record ApiDef(
    String service,
    String eventSource,
    String eventName,
    boolean readOnly,
    boolean data,
    char tier,
    ResourceType resource,
    boolean global,
    String eventVersion) {

  /** The Insights selection that sees this API's calls. */
  public EventClass selection() {
    if (data) {
      return EventClass.DATA;
    }
    return readOnly ? EventClass.READ_MANAGEMENT : EventClass.WRITE_MANAGEMENT;
  }

  /** True for console sign-in events ({@code eventType=AwsConsoleSignIn}). */
  public boolean consoleSignIn() {
    return "signin".equals(service);
  }

  /** True for calls whose name says they remove resources (mass-deletion candidates). */
  public boolean destructive() {
    return !readOnly
        && !data
        && (eventName.startsWith("Delete")
            || eventName.startsWith("Terminate")
            || eventName.startsWith("Deregister")
            || eventName.startsWith("BatchDelete")
            || eventName.startsWith("ScheduleKeyDeletion"));
  }
}
