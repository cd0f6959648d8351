package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.SourceStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where parsed aggregate reports are kept. One small seam, two back ends: {@link JdbcReportStore}
 * on an embedded H2 file (default, nothing to run) or on PostgreSQL (several replicas). A report
 * belongs to the domain of its {@code policy_published/domain} (lower case); a report is "in" a
 * window when its period ends inside it. Every method throws {@link ReportStoreException} when the
 * database fails.
 */
public interface ReportStore extends AutoCloseable {

  /**
   * Stores a report in one transaction, unless a report with the same {@code org_name} and {@code
   * report_id} is already stored (RFC 7489 appendix C: the pair identifies a report).
   *
   * @param source where it came from, e.g. {@code imap:dmarc@example.com} or {@code upload}; kept
   *     for audits
   */
  StoreResult store(AggregateReport report, String source);

  /** Totals for a domain over reports ending in (since, until]. */
  WindowTotals totals(String domain, Instant since, Instant until);

  /**
   * Messages and passes per UTC day (of the report period's begin), oldest first, days without
   * reports left out.
   */
  List<DailyPassRate> dailyPassRates(String domain, Instant since, Instant until);

  /** Every source IP in the window with its counts, most messages first. */
  List<SourceStats> sources(String domain, Instant since, Instant until);

  /** End of the latest report period stored for the domain. */
  Optional<Instant> lastReportAt(String domain);

  /** Messages per reporting organisation in the window, most first. */
  List<ReporterStats> reporters(String domain, Instant since, Instant until);

  /** The reports matching the filter, newest period first, at most {@code limit}. */
  List<StoredReport> reports(ReportFilter filter, int limit);

  /**
   * The records matching the filter with their DKIM results, SPF results and override reasons,
   * newest report first and in document order within a report, at most {@code limit}.
   */
  List<StoredRecord> records(ReportFilter filter, int limit);

  /** Messages per (source IP, DKIM d=, s=, result) in the filter, most first. */
  List<AuthTallies.Dkim> dkimResults(ReportFilter filter);

  /** Messages per (source IP, SPF domain, scope, result) in the filter, most first. */
  List<AuthTallies.Spf> spfResults(ReportFilter filter);

  /**
   * Messages per (header_from, envelope_from) in the filter, most first; reports stored before
   * every record was kept have no identifiers and are left out.
   */
  List<AuthTallies.Identifiers> identifiers(ReportFilter filter);

  /**
   * Deletes reports whose period ended before {@code cutoff}, with their records (retention).
   *
   * @return the number of reports deleted
   */
  int deleteEndingBefore(Instant cutoff);

  @Override
  void close();

  /** Counts over a window. */
  record WindowTotals(long reports, long messages, long dmarcPass) {}

  /** One reporting organisation's share. */
  record ReporterStats(String orgName, long reports, long messages, long dmarcPass) {}
}
