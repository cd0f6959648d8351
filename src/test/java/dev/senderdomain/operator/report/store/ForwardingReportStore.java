package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.SourceStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that forwards to a real one; tests override {@link #store} to inject failures or crashes.
 */
public class ForwardingReportStore implements ReportStore {
  protected final ReportStore real;

  public ForwardingReportStore(ReportStore real) {
    this.real = real;
  }

  @Override
  public StoreResult store(AggregateReport report, String source) {
    return real.store(report, source);
  }

  @Override
  public WindowTotals totals(String domain, Instant since, Instant until) {
    return real.totals(domain, since, until);
  }

  @Override
  public List<DailyPassRate> dailyPassRates(String domain, Instant since, Instant until) {
    return real.dailyPassRates(domain, since, until);
  }

  @Override
  public List<SourceStats> sources(String domain, Instant since, Instant until) {
    return real.sources(domain, since, until);
  }

  @Override
  public Optional<Instant> lastReportAt(String domain) {
    return real.lastReportAt(domain);
  }

  @Override
  public int deleteEndingBefore(Instant cutoff) {
    return real.deleteEndingBefore(cutoff);
  }

  @Override
  public List<ReporterStats> reporters(String domain, Instant since, Instant until) {
    return real.reporters(domain, since, until);
  }

  @Override
  public List<StoredReport> reports(ReportFilter filter, int limit) {
    return real.reports(filter, limit);
  }

  @Override
  public List<StoredRecord> records(ReportFilter filter, int limit) {
    return real.records(filter, limit);
  }

  @Override
  public List<AuthTallies.Dkim> dkimResults(ReportFilter filter) {
    return real.dkimResults(filter);
  }

  @Override
  public List<AuthTallies.Spf> spfResults(ReportFilter filter) {
    return real.spfResults(filter);
  }

  @Override
  public List<AuthTallies.Identifiers> identifiers(ReportFilter filter) {
    return real.identifiers(filter);
  }

  @Override
  public void close() {
    real.close();
  }
}
