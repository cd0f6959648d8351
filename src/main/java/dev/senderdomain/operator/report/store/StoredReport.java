package dev.senderdomain.operator.report.store;

import java.time.Instant;

/**
 * One stored report as the reporter view lists it.
 *
 * @param policy the {@code p} the receiver saw published
 * @param pct the published pct, null when absent
 * @param records records stored; null for reports stored before every record was kept
 * @param skippedRecords records the parser left out for a bad field
 * @param detailed true when each record is kept with its identifiers and auth results; false for
 *     reports stored before schema version 2, whose rows are per-source sums
 */
public record StoredReport(
    String orgName,
    String reportId,
    Instant begin,
    Instant end,
    Instant received,
    String source,
    String policy,
    Integer pct,
    long messages,
    long dmarcPass,
    Integer records,
    int skippedRecords,
    boolean detailed) {}
