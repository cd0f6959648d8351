package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.SourceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a domain's {@link ReportSummary} from a store: what status.reports, the gate and the
 * dashboard show.
 */
public final class ReportSummaries {
  /** status.reports and the dashboard look back this far. */
  public static final Duration STATUS_WINDOW = Duration.ofDays(7);

  private ReportSummaries() {}

  /**
   * The reports ending in (now - window, now], sources classified with the domain's declared
   * senders.
   */
  public static ReportSummary summarize(
      ReportStore store, String domain, Duration window, Instant now, SourceClassifier classifier) {
    Instant since = now.minus(window);
    ReportStore.WindowTotals totals = store.totals(domain, since, now);
    List<ClassifiedSource> sources = new ArrayList<>();
    for (SourceStats s : store.sources(domain, since, now)) {
      sources.add(classifier.classified(s));
    }
    return new ReportSummary(
        JdbcReportStore.normalize(domain),
        window,
        now,
        totals.reports(),
        totals.messages(),
        totals.dmarcPass(),
        store.lastReportAt(domain).orElse(null),
        sources);
  }
}
