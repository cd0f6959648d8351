package dev.senderdomain.operator.report.dashboard;

import static dev.senderdomain.operator.report.dashboard.Html.esc;

import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.sender.SenderGroup;
import dev.senderdomain.operator.report.sender.StoredSenders;
import dev.senderdomain.operator.report.store.AuthTallies;
import dev.senderdomain.operator.report.store.ReportFilter;
import dev.senderdomain.operator.report.store.ReportSummaries;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /dashboard?domain=&ip=}: one source of a domain: who it is, its numbers, what to fix, its
 * DKIM and SPF results, and its records per reporter and day.
 */
final class SourceView {
  private SourceView() {}

  static Page page(ViewSources from, DomainView v, String ip, TimeRange range, int recordLimit) {
    SourceClassifier classifier = ViewSources.classifier(v);
    ReportSummary s =
        ReportSummaries.summarize(
            from.store(), v.domain(), range.length(), range.until(), classifier);
    Map<String, String> names = from.names().of(List.of(ip));
    ReportFilter filter =
        ReportFilter.of(v.domain(), range.since(), range.until()).withSourceIp(ip);
    List<AuthTallies.Dkim> dkim = from.store().dkimResults(filter);
    List<AuthTallies.Spf> spf = from.store().spfResults(filter);
    // the source's own results are all its identification needs
    Optional<SenderGroup> sender =
        StoredSenders.of(s, dkim, spf, names, from.senders(), classifier).stream()
            .filter(g -> g.ips().contains(ip))
            .findFirst();
    Optional<ClassifiedSource> stats =
        s.sources().stream().filter(c -> c.stats().ip().equals(ip)).findFirst();
    StringBuilder h = new StringBuilder("<h2><code>").append(esc(ip)).append("</code> <small>");
    h.append(names.containsKey(ip) ? esc(names.get(ip)) : "no reverse DNS name")
        .append(" \u00b7 sending for ")
        .append(esc(v.domain()))
        .append("</small></h2><div class=\"cards\">");
    DomainFragments.card(h, "Sender", sender.map(g -> esc(g.sender().name())).orElse("\u2013"));
    if (stats.isPresent()) {
      ClassifiedSource c = stats.get();
      long m = c.stats().messages();
      DomainFragments.card(
          h,
          "Class",
          "<span class=\"badge "
              + c.classification().token()
              + "\">"
              + c.classification().token()
              + "</span>");
      DomainFragments.card(h, "Messages, " + range.label(), Html.number(m));
      DomainFragments.card(h, "DMARC pass", Table.Cell.share(c.stats().dmarcPass(), m).text());
      DomainFragments.card(h, "DKIM aligned", Table.Cell.share(c.stats().dkimAligned(), m).text());
      DomainFragments.card(h, "SPF aligned", Table.Cell.share(c.stats().spfAligned(), m).text());
    }
    h.append("</div>");
    sender
        .filter(g -> g.suggestion() != null)
        .ifPresent(
            g ->
                h.append("<p class=\"fix\"><b>What to fix:</b> ")
                    .append(esc(g.suggestion()))
                    .append("</p>"));
    Page.Builder p = new Page.Builder().html(h.toString());
    p.table(
        RecordsTable.of(v.domain(), from.store().records(filter, recordLimit), range, recordLimit));
    p.table(AuthTables.dkim("dkim", v.domain(), dkim));
    p.table(AuthTables.spf("spf", v.domain(), spf));
    return new Page(
        ip + " \u2013 " + v.domain(),
        List.of(
            new Page.Crumb("Domains", DashboardLinks.overview(range)),
            new Page.Crumb(v.domain(), DashboardLinks.domain(v.domain(), range)),
            new Page.Crumb(ip, null)),
        range,
        p.sections());
  }
}
