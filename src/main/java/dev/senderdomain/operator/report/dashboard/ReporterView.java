package dev.senderdomain.operator.report.dashboard;

import static dev.senderdomain.operator.report.dashboard.Html.esc;

import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.dashboard.Table.Cell;
import dev.senderdomain.operator.report.dashboard.Table.Column;
import dev.senderdomain.operator.report.store.ReportFilter;
import dev.senderdomain.operator.report.store.StoredReport;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /dashboard?domain=&reporter=}: the reports one receiver sent about a domain; with {@code
 * &report=}, one of them with its records.
 */
final class ReporterView {
  static final int REPORTS = 1000;

  private ReporterView() {}

  static Page reports(ViewSources from, DomainView v, String org, TimeRange range) {
    ReportFilter filter =
        ReportFilter.of(v.domain(), range.since(), range.until()).withOrgName(org);
    List<StoredReport> reports = from.store().reports(filter, REPORTS);
    Table.Builder t =
        new Table.Builder("reports", "Reports")
            .columns(
                Column.text("Period begins"),
                Column.text("Period ends"),
                Column.text("Report ID"),
                Column.number("Messages"),
                Column.number("DMARC pass"),
                Column.number("Records"),
                Column.number("Skipped records"),
                Column.text("Policy seen"),
                Column.text("Received"),
                Column.text("Came in by"))
            .empty("No reports from this organisation in this range.");
    long messages = 0;
    long pass = 0;
    for (StoredReport r : reports) {
      messages += r.messages();
      pass += r.dmarcPass();
      t.row(
          Cell.of(r.begin().toString()),
          Cell.of(r.end().toString()),
          Cell.link(r.reportId(), DashboardLinks.report(v.domain(), org, r.reportId(), range)),
          Cell.number(r.messages()),
          Cell.share(r.dmarcPass(), r.messages()),
          r.records() == null ? Cell.of("") : Cell.number(r.records()),
          Cell.number(r.skippedRecords()),
          Cell.of("p=" + r.policy() + (r.pct() == null ? "" : " pct=" + r.pct())),
          Cell.of(r.received().toString()),
          Cell.of(r.source()));
    }
    StringBuilder h =
        new StringBuilder("<h2>").append(esc(name(org))).append(" <small>reporting on ");
    h.append(esc(v.domain())).append("</small></h2><div class=\"cards\">");
    DomainFragments.card(h, "Reports, " + range.label(), Html.number(reports.size()));
    DomainFragments.card(h, "Messages", Html.number(messages));
    DomainFragments.card(h, "DMARC pass", Cell.share(pass, messages).text());
    h.append("</div>");
    return new Page(
        name(org) + " \u2013 " + v.domain(),
        crumbs(v, org, null, range),
        range,
        new Page.Builder().html(h.toString()).table(t.build()).sections());
  }

  static Page report(
      ViewSources from, DomainView v, String org, String reportId, TimeRange range, int limit) {
    ReportFilter filter =
        ReportFilter.of(v.domain(), range.since(), range.until()).withReport(org, reportId);
    List<StoredReport> found = from.store().reports(filter, 1);
    StringBuilder h =
        new StringBuilder("<h2>Report <code>").append(esc(reportId)).append("</code> <small>from ");
    h.append(esc(name(org))).append("</small></h2>");
    if (found.isEmpty()) {
      h.append("<p class=\"notice\">No such report in this range.</p>");
    } else {
      StoredReport r = found.get(0);
      h.append("<div class=\"cards\">");
      DomainFragments.card(h, "Period", esc(r.begin() + " .. " + r.end()));
      DomainFragments.card(h, "Messages", Html.number(r.messages()));
      DomainFragments.card(h, "DMARC pass", Cell.share(r.dmarcPass(), r.messages()).text());
      DomainFragments.card(h, "Records", r.records() == null ? "\u2013" : Html.number(r.records()));
      DomainFragments.card(h, "Skipped records", Html.number(r.skippedRecords()));
      DomainFragments.card(h, "Came in by", esc(r.source()));
      h.append("</div>");
    }
    Page.Builder p = new Page.Builder().html(h.toString());
    p.table(RecordsTable.of(v.domain(), from.store().records(filter, limit), range, limit));
    return new Page(
        reportId + " \u2013 " + name(org), crumbs(v, org, reportId, range), range, p.sections());
  }

  private static List<Page.Crumb> crumbs(
      DomainView v, String org, String reportId, TimeRange range) {
    List<Page.Crumb> crumbs = new ArrayList<>();
    crumbs.add(new Page.Crumb("Domains", DashboardLinks.overview(range)));
    crumbs.add(new Page.Crumb(v.domain(), DashboardLinks.domain(v.domain(), range)));
    crumbs.add(
        new Page.Crumb(
            name(org), reportId == null ? null : DashboardLinks.reporter(v.domain(), org, range)));
    if (reportId != null) {
      crumbs.add(new Page.Crumb(reportId, null));
    }
    return crumbs;
  }

  private static String name(String org) {
    return org.isEmpty() ? "(empty org_name)" : Html.clipText(org, 120);
  }
}
