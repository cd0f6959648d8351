package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.SenderAdvice;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.SourceSummary;
import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.sender.SenderGroup;
import dev.senderdomain.operator.time.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ReportSummary} to {@code status.reports}. Pure. */
public final class ReportsStatusMapper {
  /** Failing sources shown in the status; the dashboard has the full list. */
  public static final int FAILING_SOURCES = 5;

  /** Failing senders (with their fix) shown in the status; the dashboard has them all. */
  public static final int FAILING_SENDERS = 5;

  /** Longest suggestion kept in the status (the dashboard shows it whole). */
  static final int SUGGESTION_CHARS = 400;

  private ReportsStatusMapper() {}

  /**
   * window as written in the gate ({@code 7d}); passRate in percent rounded to two decimals (absent
   * without messages, so "no data" is not shown as 0%); lastReportAt RFC 3339; the five sources
   * with most DMARC failures.
   */
  public static ReportsStatus toStatus(ReportSummary summary) {
    return toStatus(summary, List.of());
  }

  /**
   * As {@link #toStatus(ReportSummary)}, with each failing source's sender and the senders that
   * fail most with their fix (forwarders left out: there is nothing to fix): at most {@link
   * #FAILING_SENDERS}, most failing messages first (the order {@code senders} comes in), so the
   * status is small and the same from every replica.
   */
  public static ReportsStatus toStatus(ReportSummary summary, List<SenderGroup> senders) {
    ReportsStatus status = new ReportsStatus();
    status.window = Durations.format(summary.window());
    status.messages = summary.messages();
    status.passRate = summary.messages() == 0 ? null : Math.round(summary.passRate() * 100) / 100.0;
    status.lastReportAt = summary.lastReportAt() == null ? null : summary.lastReportAt().toString();
    Map<String, String> senderOf = new HashMap<>();
    for (SenderGroup g : senders) {
      g.ips().forEach(ip -> senderOf.put(ip, g.sender().name()));
    }
    List<SourceSummary> failing = new ArrayList<>();
    List<ClassifiedSource> worst = summary.failingSources();
    for (ClassifiedSource s : worst.subList(0, Math.min(FAILING_SOURCES, worst.size()))) {
      SourceSummary row = new SourceSummary();
      row.ip = s.stats().ip();
      row.messages = s.stats().messages();
      row.failing = s.stats().failing();
      row.classification = s.classification().token();
      row.sender = senderOf.get(row.ip);
      failing.add(row);
    }
    status.failingSources = failing;
    List<SenderAdvice> advice = new ArrayList<>();
    for (SenderGroup g : senders) {
      // forwarders fail DMARC whatever the domain publishes: nothing to fix, no place here
      if (g.suggestion() == null
          || g.classification() == SourceClass.FORWARDER
          || advice.size() >= FAILING_SENDERS) {
        continue;
      }
      SenderAdvice a = new SenderAdvice();
      a.sender = g.sender().name();
      a.messages = g.messages();
      a.failing = g.failing();
      a.suggestion =
          g.suggestion().length() <= SUGGESTION_CHARS
              ? g.suggestion()
              : g.suggestion().substring(0, SUGGESTION_CHARS - 1) + "\u2026";
      advice.add(a);
    }
    status.senders = advice.isEmpty() ? null : advice;
    return status;
  }
}
