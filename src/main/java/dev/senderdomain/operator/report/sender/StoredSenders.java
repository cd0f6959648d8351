package dev.senderdomain.operator.report.sender;

import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.store.AuthTallies;
import dev.senderdomain.operator.report.store.ReportFilter;
import dev.senderdomain.operator.report.store.ReportStore;
import java.util.List;
import java.util.Map;

/** {@link SenderAnalysis} over a store: the senders of a domain's summary window. */
public final class StoredSenders {
  private StoredSenders() {}

  /**
   * @param summary the domain's summary (its sources and window)
   * @param reverseNames PTR names by IP; empty for the status, which must not depend on DNS
   */
  public static List<SenderGroup> of(
      ReportStore store,
      ReportSummary summary,
      Map<String, String> reverseNames,
      SenderMap map,
      SourceClassifier classifier) {
    ReportFilter window = ReportFilter.of(summary.domain(), summary.since(), summary.until());
    return of(
        summary,
        store.dkimResults(window),
        store.spfResults(window),
        reverseNames,
        map,
        classifier);
  }

  /** With the window's DKIM and SPF results already read (a view that shows them too). */
  public static List<SenderGroup> of(
      ReportSummary summary,
      List<AuthTallies.Dkim> dkim,
      List<AuthTallies.Spf> spf,
      Map<String, String> reverseNames,
      SenderMap map,
      SourceClassifier classifier) {
    return SenderAnalysis.analyse(
        summary.domain(),
        summary.window(),
        summary.sources(),
        dkim,
        spf,
        reverseNames,
        map,
        classifier);
  }
}
