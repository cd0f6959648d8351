package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.dashboard.Table.Cell;
import dev.senderdomain.operator.report.dashboard.Table.Column;
import dev.senderdomain.operator.report.sender.SenderGroup;
import dev.senderdomain.operator.report.sender.StoredSenders;
import dev.senderdomain.operator.report.store.AuthTallies;
import dev.senderdomain.operator.report.store.ReportFilter;
import dev.senderdomain.operator.report.store.ReportStore.ReporterStats;
import dev.senderdomain.operator.report.store.ReportSummaries;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /dashboard?domain=}: one domain over a time range: its numbers, the gate, the rollout
 * timeline, the pass rate per day, who is sending and what to fix, every source (each linking to
 * its records), the DKIM and SPF results with domains and selectors, the header/envelope From
 * pairs, and the reporters (each linking to its reports).
 */
final class DomainReportView {
  static final int SHOWN = 50;

  private DomainReportView() {}

  static Page page(ViewSources from, DomainView v, TimeRange range, Instant now) {
    SourceClassifier classifier = ViewSources.classifier(v);
    ReportSummary s =
        ReportSummaries.summarize(
            from.store(), v.domain(), range.length(), range.until(), classifier);
    Map<String, String> names =
        from.names().of(s.sources().stream().map(c -> c.stats().ip()).toList());
    ReportFilter filter = ReportFilter.of(v.domain(), range.since(), range.until());
    List<AuthTallies.Dkim> dkim = from.store().dkimResults(filter);
    List<AuthTallies.Spf> spf = from.store().spfResults(filter);
    List<SenderGroup> senders = StoredSenders.of(s, dkim, spf, names, from.senders(), classifier);
    Map<String, String> senderOf = new HashMap<>();
    senders.forEach(g -> g.ips().forEach(ip -> senderOf.put(ip, g.sender().name())));
    GateVerdict verdict = from.verdicts().verdict(v.domain(), v.gate(), v.declaredSenders());

    Page.Builder p = new Page.Builder();
    p.html(
        DomainFragments.heading(v)
            + DomainFragments.cards(v, s, range)
            + DomainFragments.gate(verdict, v.gate() != null)
            + DomainFragments.timeline(v, now)
            + "<h3>DMARC pass rate per day</h3>"
            + PassRateChart.svg(
                from.store().dailyPassRates(v.domain(), range.since(), range.until()),
                range.firstDay(),
                range.lastDay(),
                v.gate() == null ? null : v.gate().minPassRate()));
    p.table(senders(v, senders, range));
    p.table(sources(v, s, names, senderOf, range));
    p.table(AuthTables.dkim("dkim", v.domain(), dkim));
    p.table(AuthTables.spf("spf", v.domain(), spf));
    p.table(AuthTables.identifiers(v.domain(), from.store().identifiers(filter)));
    p.table(reporters(v, from.store().reporters(v.domain(), range.since(), range.until()), range));
    p.html(DomainFragments.declared(v));
    return new Page(
        v.domain(),
        List.of(
            new Page.Crumb("Domains", DashboardLinks.overview(range)),
            new Page.Crumb(v.domain(), null)),
        range,
        p.sections());
  }

  static Table senders(DomainView v, List<SenderGroup> senders, TimeRange range) {
    Table.Builder t =
        new Table.Builder("senders", "Who is sending, and what to fix")
            .note(
                "Sources grouped by sender: the sender map (IP ranges, reverse DNS, DKIM d=,"
                    + " return path), else the base domain of their reverse DNS name.")
            .columns(
                Column.text("Sender"),
                Column.number("IPs"),
                Column.number("Messages"),
                Column.number("Failing"),
                Column.number("DMARC pass"),
                Column.number("DKIM aligned"),
                Column.number("SPF aligned"),
                Column.text("Class"),
                Column.text("What to fix"))
            .shown(SHOWN);
    for (SenderGroup g : senders) {
      t.row(
          g.ips().size() == 1
              ? Cell.link(
                  g.sender().name(), DashboardLinks.source(v.domain(), g.ips().get(0), range))
              : Cell.of(g.sender().name()),
          Cell.number(g.ips().size()),
          Cell.number(g.messages()),
          Cell.number(g.failing()),
          Cell.share(g.dmarcPass(), g.messages()),
          Cell.share(g.dkimAligned(), g.messages()),
          Cell.share(g.spfAligned(), g.messages()),
          Cell.badge(g.classification().token(), g.classification().token()),
          Cell.of(g.suggestion() == null ? "nothing: passes DMARC" : g.suggestion()));
    }
    return t.build();
  }

  static Table sources(
      DomainView v,
      ReportSummary s,
      Map<String, String> names,
      Map<String, String> senderOf,
      TimeRange range) {
    Table.Builder t =
        new Table.Builder("sources", "Sending sources")
            .columns(
                Column.text("Source IP"),
                Column.text("Reverse DNS"),
                Column.text("Sender"),
                Column.text("Class"),
                Column.number("Messages"),
                Column.number("DMARC pass"),
                Column.number("DKIM aligned"),
                Column.number("SPF aligned"))
            .shown(SHOWN);
    for (ClassifiedSource c : s.sources()) {
      String ip = c.stats().ip();
      long m = c.stats().messages();
      t.row(
          ip.isEmpty()
              ? Cell.of("(none)")
              : Cell.link(ip, DashboardLinks.source(v.domain(), ip, range)),
          Cell.of(names.get(ip)),
          Cell.of(senderOf.get(ip)),
          Cell.badge(c.classification().token(), c.classification().token()),
          Cell.number(m),
          Cell.share(c.stats().dmarcPass(), m),
          Cell.share(c.stats().dkimAligned(), m),
          Cell.share(c.stats().spfAligned(), m));
    }
    return t.build();
  }

  static Table reporters(DomainView v, List<ReporterStats> reporters, TimeRange range) {
    Table.Builder t =
        new Table.Builder("reporters", "Reporters")
            .columns(
                Column.text("Organisation"),
                Column.number("Reports"),
                Column.number("Messages"),
                Column.number("DMARC pass"))
            .shown(SHOWN);
    for (ReporterStats r : reporters) {
      t.row(
          Cell.link(
              r.orgName().isEmpty() ? "(empty org_name)" : r.orgName(),
              DashboardLinks.reporter(v.domain(), r.orgName(), range)),
          Cell.number(r.reports()),
          Cell.number(r.messages()),
          Cell.share(r.dmarcPass(), r.messages()));
    }
    return t.build();
  }
}
