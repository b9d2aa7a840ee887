package dev.trailinsights.workload;

import java.util.List;

/**
 * One synthetic AWS account: its id, business hours and the callers that work in it.
 *
 * @param index position in the workload
 * @param id 12-digit account id
 * @param weight relative size of the account's traffic
 * @param diurnal its load curve (local business hours)
 * @param humans people: console and CLI users
 * @param automation CI/CD and infrastructure-as-code callers
 * @param workloads application roles calling through SDKs
 * @param services AWS services calling on the account's behalf
 */
record AccountModel(
    int index,
    String id,
    double weight,
    Diurnal diurnal,
    List<Identity> humans,
    List<Identity> automation,
    List<Identity> workloads,
    List<Identity> services) {}
