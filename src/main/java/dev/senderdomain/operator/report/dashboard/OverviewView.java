package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.dashboard.Table.Cell;
import dev.senderdomain.operator.report.dashboard.Table.Column;
import dev.senderdomain.operator.report.store.ReportSummaries;
import java.time.Instant;
import java.util.List;

/** {@code /dashboard}: every managed domain in one table, each linking to its view. */
final class OverviewView {
  private OverviewView() {}

  static Page page(ViewSources from, TimeRange range, Instant now) {
    List<DomainView> domains = from.directory().domains();
    Table.Builder t =
        new Table.Builder("domains", "Domains")
            .columns(
                Column.text("Domain"),
                Column.text("SenderDomain"),
                Column.text("Policy"),
                Column.number("Messages"),
                Column.number("DMARC pass"),
                Column.number("Expected senders pass"),
                Column.number("Unknown IPs"),
                Column.number("Unknown messages"),
                Column.text("Rollout gate"),
                Column.text("Last report"))
            .empty("No SenderDomain yet.");
    for (DomainView v : domains) {
      ReportSummary s =
          ReportSummaries.summarize(
              from.store(), v.domain(), range.length(), range.until(), ViewSources.classifier(v));
      long unknownIps =
          s.sources().stream().filter(x -> x.classification() == SourceClass.UNKNOWN).count();
      long unknownMessages =
          s.sources().stream()
              .filter(x -> x.classification() == SourceClass.UNKNOWN)
              .mapToLong(x -> x.stats().messages())
              .sum();
      String gate = "none";
      if (v.gate() != null) {
        GateVerdict verdict = from.verdicts().verdict(v.domain(), v.gate(), v.declaredSenders());
        gate = verdict.open() ? "open" : "held";
      }
      t.row(
          Cell.link(v.domain(), DashboardLinks.domain(v.domain(), range)),
          Cell.of(v.namespace() + "/" + v.name()),
          Cell.of(
              "p="
                  + (v.policy() == null ? "?" : v.policy())
                  + (v.pct() == null || v.pct() == 100 ? "" : " pct=" + v.pct())),
          Cell.number(s.messages()),
          Cell.share(s.dmarcPass(), s.messages()),
          Cell.share(s.expectedPass(), s.expectedMessages()),
          Cell.number(unknownIps),
          Cell.number(unknownMessages),
          gate.equals("held") ? Cell.badge("held", "unknown") : Cell.of(gate),
          Cell.of(s.lastReportAt() == null ? "never" : s.lastReportAt().toString()));
    }
    return new Page(
        "Domains",
        List.of(
            new Page.Crumb(domains.size() + (domains.size() == 1 ? " domain" : " domains"), null)),
        range,
        new Page.Builder().table(t.build()).sections());
  }
}
