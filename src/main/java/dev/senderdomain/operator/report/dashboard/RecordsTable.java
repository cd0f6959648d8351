package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.DkimAuthResult;
import dev.senderdomain.operator.report.PolicyOverrideReason;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SpfAuthResult;
import dev.senderdomain.operator.report.dashboard.Table.Cell;
import dev.senderdomain.operator.report.dashboard.Table.Column;
import dev.senderdomain.operator.report.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records as receivers reported them, one row each, newest report first: day, reporter, report,
 * source, count, what the receiver did, the aligned verdicts, the identifiers, every DKIM result
 * (d=, s=, result), every SPF result (domain, scope, result) and the override reasons.
 */
final class RecordsTable {
  /** Records a page fetches; the CSV export fetches up to {@link #EXPORT_LIMIT}. */
  static final int PAGE_LIMIT = 500;

  static final int EXPORT_LIMIT = 100_000;

  private RecordsTable() {}

  static Table of(String domain, List<StoredRecord> records, TimeRange range, int limit) {
    Table.Builder t =
        new Table.Builder("records", "Records")
            .note(
                records.size() >= limit
                    ? "The newest " + limit + " records; narrow the range for older ones."
                    : null)
            .columns(
                Column.text("Day"),
                Column.text("Reporter"),
                Column.text("Report"),
                Column.text("Source IP"),
                Column.number("Messages"),
                Column.text("Disposition"),
                Column.text("DMARC"),
                Column.text("DKIM aligned"),
                Column.text("SPF aligned"),
                Column.text("header_from"),
                Column.text("envelope_from"),
                Column.text("envelope_to"),
                Column.text("DKIM results"),
                Column.text("SPF results"),
                Column.text("Override reasons"))
            .empty("No records in this range.");
    for (StoredRecord s : records) {
      ReportRecord r = s.record();
      String ip = r.sourceIp() == null ? "" : r.sourceIp();
      t.row(
          Cell.of(s.begin().toString().substring(0, 10)),
          Cell.link(
              s.orgName().isEmpty() ? "(empty org_name)" : s.orgName(),
              DashboardLinks.reporter(domain, s.orgName(), range)),
          Cell.link(s.reportId(), DashboardLinks.report(domain, s.orgName(), s.reportId(), range)),
          ip.isEmpty() ? Cell.of("") : Cell.link(ip, DashboardLinks.source(domain, ip, range)),
          Cell.number(r.count()),
          Cell.of(r.disposition() == null ? "" : r.disposition().token()),
          r.dmarcPass() ? Cell.badge("pass", "expected") : Cell.badge("fail", "unknown"),
          Cell.of(r.dkim() == null ? "" : r.dkim().token()),
          Cell.of(r.spf() == null ? "" : r.spf().token()),
          Cell.of(r.headerFrom()),
          Cell.of(r.envelopeFrom()),
          Cell.of(r.envelopeTo()),
          Cell.of(dkim(r.dkimResults())),
          Cell.of(spf(r.spfResults())),
          Cell.of(reasons(r.reasons())));
    }
    if (records.stream().anyMatch(x -> x.recordNo() == 0)) {
      t.note(
          "Reports stored before every record was kept show per-source sums without identifiers"
              + " or results.");
    }
    return t.build();
  }

  static String dkim(List<DkimAuthResult> results) {
    List<String> out = new ArrayList<>();
    for (DkimAuthResult d : results) {
      out.add(
          "d="
              + (d.domain() == null ? "?" : d.domain())
              + " s="
              + (d.selector() == null ? "?" : d.selector())
              + ": "
              + (d.result() == null ? "?" : d.result().token()));
    }
    return String.join("; ", out);
  }

  static String spf(List<SpfAuthResult> results) {
    List<String> out = new ArrayList<>();
    for (SpfAuthResult s : results) {
      out.add(
          (s.domain() == null ? "?" : s.domain())
              + " ("
              + (s.scope() == null ? "mfrom" : s.scope().token())
              + "): "
              + (s.result() == null ? "?" : s.result().token()));
    }
    return String.join("; ", out);
  }

  static String reasons(List<PolicyOverrideReason> reasons) {
    List<String> out = new ArrayList<>();
    for (PolicyOverrideReason r : reasons) {
      out.add(
          (r.type() == null ? "?" : r.type())
              + (r.comment() == null ? "" : " (" + r.comment() + ")"));
    }
    return String.join("; ", out);
  }
}
