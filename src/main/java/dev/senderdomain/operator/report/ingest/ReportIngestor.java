package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.ReportParseException;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStoreException;
import dev.senderdomain.operator.report.store.StoreResult;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Parse, check, store, count: what the IMAP poller and the upload endpoint do with each report. Bad
 * input never throws (it comes back as {@link Outcome.Status#REJECTED} with the parser's one-line
 * reason); a store failure does ({@link ReportStoreException}), so the caller keeps the input for a
 * later try.
 */
public final class ReportIngestor {
  private final ReportStore store;
  private final OperatorMetrics metrics;
  private final ParserLimits limits;
  private final Predicate<String> managedDomain;
  private final ReporterLabels reporters = new ReporterLabels();

  /**
   * @param metrics where counts of new reports go, or null
   * @param managedDomain true for domains a SenderDomain manages; reports about any other domain
   *     are refused (anyone can mail the rua address: storing every domain's reports would let
   *     strangers fill the store)
   */
  public ReportIngestor(
      ReportStore store,
      OperatorMetrics metrics,
      ParserLimits limits,
      Predicate<String> managedDomain) {
    this.store = Objects.requireNonNull(store, "store");
    this.metrics = metrics;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.managedDomain = Objects.requireNonNull(managedDomain, "managedDomain");
  }

  /** What happened to one report. {@code reason} is set for REJECTED and UNMANAGED. */
  public record Outcome(
      Status status, String domain, String orgName, String reportId, long messages, String reason) {
    public enum Status {
      NEW,
      DUPLICATE,
      /** Not a usable report (the parser's reason). */
      REJECTED,
      /** A well-formed report about a domain no SenderDomain manages. */
      UNMANAGED
    }

    static Outcome rejected(String reason) {
      return new Outcome(Status.REJECTED, null, null, null, 0, reason);
    }

    public boolean stored() {
      return status == Status.NEW || status == Status.DUPLICATE;
    }
  }

  /** Parses {@code in} (XML, gzip or zip) and stores the report. */
  public Outcome ingest(InputStream in, String source) {
    AggregateReport report;
    try {
      report = AggregateReportParser.parse(in, limits);
    } catch (ReportParseException e) {
      return Outcome.rejected(e.getMessage());
    }
    return ingest(report, source);
  }

  public Outcome ingest(AggregateReport report, String source) {
    String domain = ReportDomain.of(report);
    if (domain.isEmpty()) {
      return Outcome.rejected(
          "report names no domain (policy_published/domain and header_from are empty)");
    }
    if (!managedDomain.test(domain)) {
      return new Outcome(
          Outcome.Status.UNMANAGED,
          domain,
          report.metadata().orgName(),
          report.metadata().reportId(),
          report.messages(),
          "report is about "
              + ReportParseException.quote(domain)
              + ", which no SenderDomain manages");
    }
    StoreResult result = store.store(report, source);
    if (result == StoreResult.NEW) {
      count(domain, report);
    }
    return new Outcome(
        result == StoreResult.NEW ? Outcome.Status.NEW : Outcome.Status.DUPLICATE,
        domain,
        report.metadata().orgName(),
        report.metadata().reportId(),
        report.messages(),
        null);
  }

  private void count(String domain, AggregateReport report) {
    if (metrics == null) {
      return;
    }
    // one increment per (result, disposition) rather than per record: a report can hold a million
    // records
    Map<String, Long> byLabels = new TreeMap<>();
    for (ReportRecord r : report.records()) {
      String key =
          (r.dmarcPass() ? "pass" : "fail")
              + " "
              + (r.disposition() == null ? "unknown" : r.disposition().token());
      byLabels.merge(key, r.count(), Long::sum);
    }
    String reporter = reporters.label(report.metadata().orgName());
    byLabels.forEach(
        (key, messages) -> {
          String[] labels = key.split(" ");
          metrics.reportMessages(domain, reporter, labels[0], labels[1], messages);
        });
  }
}
