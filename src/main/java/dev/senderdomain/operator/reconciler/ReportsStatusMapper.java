package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.SourceSummary;
import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.time.Durations;
import java.util.ArrayList;
import java.util.List;

/** {@link ReportSummary} to {@code status.reports}. Pure. */
public final class ReportsStatusMapper {
  /** Failing sources shown in the status; the dashboard has the full list. */
  public static final int FAILING_SOURCES = 5;

  private ReportsStatusMapper() {}

  /**
   * window as written in the gate ({@code 7d}); passRate in percent rounded to two decimals (absent
   * without messages, so "no data" is not shown as 0%); lastReportAt RFC 3339; the five sources
   * with most DMARC failures.
   */
  public static ReportsStatus toStatus(ReportSummary summary) {
    ReportsStatus status = new ReportsStatus();
    status.window = Durations.format(summary.window());
    status.messages = summary.messages();
    status.passRate = summary.messages() == 0 ? null : Math.round(summary.passRate() * 100) / 100.0;
    status.lastReportAt = summary.lastReportAt() == null ? null : summary.lastReportAt().toString();
    List<SourceSummary> failing = new ArrayList<>();
    List<ClassifiedSource> worst = summary.failingSources();
    for (ClassifiedSource s : worst.subList(0, Math.min(FAILING_SOURCES, worst.size()))) {
      SourceSummary row = new SourceSummary();
      row.ip = s.stats().ip();
      row.messages = s.stats().messages();
      row.failing = s.stats().failing();
      row.classification = s.classification().token();
      failing.add(row);
    }
    status.failingSources = failing;
    return status;
  }
}
