package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.ReportRecord;
import java.time.Instant;

/**
 * One stored record with the report it came from.
 *
 * @param recordNo its place in the report (1..n); 0 for rows of a report stored before every record
 *     was kept (sums without identifiers or auth results)
 * @param record the record; for rows of older reports the aligned verdicts are rebuilt from what
 *     was kept (pass or fail) and identifiers and auth results are absent
 */
public record StoredRecord(
    String orgName,
    String reportId,
    Instant begin,
    Instant end,
    int recordNo,
    ReportRecord record) {}
