package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.ReportParseException;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SkippedRecords;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStoreException;
import dev.senderdomain.operator.report.store.StoreResult;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Parse, check, store, count: what the IMAP poller and the upload endpoint do with each report.
 * Refused before storing: reports about domains no SenderDomain manages, and reports older than the
 * retention (they would be purged within a day, so they are answered as refused, not as stored).
 * Bad input never throws (it comes back as {@link Outcome.Status#REJECTED} with the parser's
 * one-line reason); a store failure does ({@link ReportStoreException}), so the caller keeps the
 * input for a later try.
 */
public final class ReportIngestor {
  private final ReportStore store;
  private final OperatorMetrics metrics;
  private final ParserLimits limits;
  private final Predicate<String> managedDomain;
  private final Clock clock;
  private final Duration retention;
  private final ReporterLabels reporters = new ReporterLabels();
  private final List<Consumer<String>> storedListeners = new CopyOnWriteArrayList<>();

  /**
   * @param metrics where counts of new reports go, or null
   * @param managedDomain true for domains a SenderDomain manages; reports about any other domain
   *     are refused (anyone can mail the rua address: storing every domain's reports would let
   *     strangers fill the store)
   * @param retention reports whose period ended longer ago than this are refused: the store would
   *     delete them at its next purge ({@code SDO_REPORT_RETENTION})
   */
  public ReportIngestor(
      ReportStore store,
      OperatorMetrics metrics,
      ParserLimits limits,
      Predicate<String> managedDomain,
      Clock clock,
      Duration retention) {
    this.store = Objects.requireNonNull(store, "store");
    this.metrics = metrics;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.managedDomain = Objects.requireNonNull(managedDomain, "managedDomain");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  /** With the system clock and the default retention of {@value DEFAULT_RETENTION_DAYS} days. */
  public ReportIngestor(
      ReportStore store,
      OperatorMetrics metrics,
      ParserLimits limits,
      Predicate<String> managedDomain) {
    this(
        store,
        metrics,
        limits,
        managedDomain,
        Clock.systemUTC(),
        Duration.ofDays(DEFAULT_RETENTION_DAYS));
  }

  public static final int DEFAULT_RETENTION_DAYS = 400;

  /**
   * Called with the domain of every newly stored report (for instance to drop a cached gate
   * verdict).
   */
  public ReportIngestor onStored(Consumer<String> listener) {
    storedListeners.add(listener);
    return this;
  }

  /**
   * What happened to one report. {@code reason} is set for REJECTED, UNMANAGED and EXPIRED; {@code
   * skipped} says which records were left out of a stored report.
   */
  public record Outcome(
      Status status,
      String domain,
      String orgName,
      String reportId,
      long messages,
      String reason,
      SkippedRecords skipped) {
    public enum Status {
      NEW,
      DUPLICATE,
      /** Not a usable report (the parser's reason). */
      REJECTED,
      /** A well-formed report about a domain no SenderDomain manages. */
      UNMANAGED,
      /** A report whose period ended longer ago than the retention: not stored. */
      EXPIRED
    }

    static Outcome rejected(String reason) {
      return new Outcome(Status.REJECTED, null, null, null, 0, reason, SkippedRecords.NONE);
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
      return refused(
          Outcome.Status.UNMANAGED,
          domain,
          report,
          "report is about "
              + ReportParseException.quote(domain)
              + ", which no SenderDomain manages");
    }
    Instant cutoff = clock.instant().minus(retention);
    if (report.metadata().end().isBefore(cutoff)) {
      return refused(
          Outcome.Status.EXPIRED,
          domain,
          report,
          "report period ended "
              + report.metadata().end()
              + ", more than the retention of "
              + retention.toDays()
              + " days (SDO_REPORT_RETENTION) ago; it would be deleted at once, so it is not"
              + " stored");
    }
    StoreResult result = store.store(report, source);
    if (result == StoreResult.NEW) {
      count(domain, report);
      storedListeners.forEach(l -> l.accept(domain));
    }
    return new Outcome(
        result == StoreResult.NEW ? Outcome.Status.NEW : Outcome.Status.DUPLICATE,
        domain,
        report.metadata().orgName(),
        report.metadata().reportId(),
        report.messages(),
        null,
        report.skipped());
  }

  private static Outcome refused(
      Outcome.Status status, String domain, AggregateReport report, String reason) {
    return new Outcome(
        status,
        domain,
        report.metadata().orgName(),
        report.metadata().reportId(),
        report.messages(),
        reason,
        report.skipped());
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
