package dev.senderdomain.operator.report.dashboard;

import static dev.senderdomain.operator.report.dashboard.Html.clip;
import static dev.senderdomain.operator.report.dashboard.Html.esc;
import static dev.senderdomain.operator.report.dashboard.Html.number;
import static dev.senderdomain.operator.report.dashboard.Html.percent;

import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.TimelineRow;
import dev.senderdomain.operator.report.store.ReportStore.ReporterStats;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Renders the dashboard as one self-contained HTML document: inline CSS and SVG, no script, no
 * external asset.
 */
final class DashboardPage {
  static final int MAX_SOURCES = 50;

  /** Everything shown for one domain. {@code verdict} is null without a gate. */
  record DomainData(
      DomainView view,
      ReportSummary summary,
      List<DailyPassRate> daily,
      LocalDate chartFrom,
      List<ReporterStats> reporters,
      Map<String, String> rdns,
      GateVerdict verdict) {}

  private DashboardPage() {}

  static String render(List<DomainData> domains, Instant now, String notice) {
    StringBuilder h = new StringBuilder(32 * 1024);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>DMARC reports \u2013 senderdomain-operator</title><style>")
        .append(DashboardCss.CSS)
        .append(
            "</style></head><body><header><h1>DMARC reports</h1><p>senderdomain-operator \u00b7 ")
        .append(domains.size())
        .append(domains.size() == 1 ? " domain" : " domains")
        .append(" \u00b7 generated ")
        .append(esc(now.toString()))
        .append("</p></header><main>");
    if (notice != null) {
      h.append("<p class=\"notice\">").append(esc(notice)).append("</p>");
    }
    overview(h, domains);
    for (int i = 0; i < domains.size(); i++) {
      domain(h, i, domains.get(i), now);
    }
    return h.append("</main></body></html>\n").toString();
  }

  private static void overview(StringBuilder h, List<DomainData> domains) {
    h.append(
            "<section class=\"overview\"><h2>Domains</h2><table id=\"overview\"><thead><tr><th>Domain</th>")
        .append(
            "<th>SenderDomain</th><th>Policy</th><th class=\"n\">Messages (7d)</th><th class=\"n\">DMARC pass")
        .append(
            "</th><th class=\"n\">Expected senders pass</th><th class=\"n\">Unknown senders</th>")
        .append("<th>Last report</th></tr></thead><tbody>");
    if (domains.isEmpty()) {
      h.append("<tr><td colspan=\"8\">No SenderDomain yet.</td></tr>");
    }
    for (int i = 0; i < domains.size(); i++) {
      DomainData d = domains.get(i);
      ReportSummary s = d.summary();
      h.append("<tr><td><a href=\"#d")
          .append(i)
          .append("\">")
          .append(esc(d.view().domain()))
          .append("</a></td><td>")
          .append(esc(d.view().namespace()))
          .append('/')
          .append(esc(d.view().name()))
          .append("</td><td>")
          .append(policy(d.view()))
          .append("</td><td class=\"n\">")
          .append(number(s.messages()))
          .append("</td><td class=\"n rate\">")
          .append(percent(s.passRate()))
          .append("</td><td class=\"n\">")
          .append(percent(s.expectedPassRate()))
          .append("</td><td class=\"n\">")
          .append(count(s, SourceClass.UNKNOWN))
          .append("</td><td>")
          .append(s.lastReportAt() == null ? "never" : esc(s.lastReportAt().toString()))
          .append("</td></tr>");
    }
    h.append("</tbody></table></section>");
  }

  private static void domain(StringBuilder h, int i, DomainData d, Instant now) {
    DomainView v = d.view();
    ReportSummary s = d.summary();
    h.append("<section class=\"domain\" id=\"d")
        .append(i)
        .append("\"><h2>")
        .append(esc(v.domain()))
        .append(" <small>")
        .append(esc(v.namespace()))
        .append('/')
        .append(esc(v.name()))
        .append("</small></h2>");
    h.append("<div class=\"cards\">");
    card(h, "Policy now", policy(v));
    card(h, "Messages, 7 days", number(s.messages()));
    card(h, "DMARC pass", percent(s.passRate()));
    card(h, "Expected senders pass", percent(s.expectedPassRate()));
    card(h, "Unknown senders", count(s, SourceClass.UNKNOWN));
    card(
        h,
        "Last report",
        s.lastReportAt() == null ? "never" : esc(s.lastReportAt().toString().replace('T', ' ')));
    h.append("</div>");
    if (v.record() != null) {
      h.append("<p class=\"record\"><span>_dmarc.")
          .append(esc(v.domain()))
          .append(" TXT</span> <code>")
          .append(esc(v.record()))
          .append("</code></p>");
    }
    if (d.verdict() != null) {
      h.append("<p class=\"gate ")
          .append(d.verdict().open() ? "open" : "held")
          .append("\"><b>Rollout gate:</b> ")
          .append(esc(d.verdict().message()))
          .append("</p>");
    }
    timeline(h, v, now);
    h.append("<h3>DMARC pass rate per day</h3>")
        .append(
            PassRateChart.svg(
                d.daily(),
                d.chartFrom(),
                LocalDate.ofInstant(now, ZoneOffset.UTC),
                v.gate() == null ? null : v.gate().minPassRate()));
    sources(h, d);
    reporters(h, d.reporters());
    h.append("<p class=\"declared\"><b>Declared senders</b> (spec.spf ip4/ip6): ")
        .append(
            v.declaredSenders().isEmpty() ? "none" : esc(String.join(", ", v.declaredSenders())))
        .append("</p></section>");
  }

  private static void timeline(StringBuilder h, DomainView v, Instant now) {
    h.append("<h3>Rollout timeline</h3>");
    if (v.timeline().isEmpty()) {
      h.append("<p>No rollout planned.</p>");
      return;
    }
    int current = -1;
    for (int i = 0; i < v.timeline().size(); i++) {
      if (!v.timeline().get(i).at().isAfter(now)) {
        current = i;
      }
    }
    h.append(
            "<table class=\"timeline\"><thead><tr><th>From</th><th>Policy</th><th class=\"n\">pct</th><th>t=y</th>")
        .append("<th>Record</th><th>Step</th></tr></thead><tbody>");
    for (int i = 0; i < v.timeline().size(); i++) {
      TimelineRow r = v.timeline().get(i);
      String state = i < current ? "done" : i == current ? "current" : "planned";
      h.append("<tr class=\"")
          .append(state)
          .append("\"><td>")
          .append(esc(r.at().toString()))
          .append("</td><td>")
          .append(esc(r.policy()))
          .append("</td><td class=\"n\">")
          .append(r.pct())
          .append("</td><td>")
          .append(r.testing() ? "yes" : "")
          .append("</td><td><code>")
          .append(esc(r.record()))
          .append("</code></td><td>")
          .append(state)
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
    if (v.nextStepAt() != null) {
      h.append("<p class=\"next\">Next step: ")
          .append(esc(v.nextStepAt().toString()))
          .append("</p>");
    }
  }

  private static void sources(StringBuilder h, DomainData d) {
    List<ClassifiedSource> all = d.summary().sources();
    h.append("<h3>Sending sources, 7 days</h3><p class=\"legend\">");
    for (SourceClass c : SourceClass.values()) {
      long ips = all.stream().filter(s -> s.classification() == c).count();
      long msgs =
          all.stream()
              .filter(s -> s.classification() == c)
              .mapToLong(s -> s.stats().messages())
              .sum();
      h.append("<span class=\"badge ")
          .append(c.token())
          .append("\">")
          .append(c.token())
          .append("</span> ")
          .append(ips)
          .append(ips == 1 ? " IP, " : " IPs, ")
          .append(number(msgs))
          .append(" messages &nbsp; ");
    }
    h.append(
            "</p><table class=\"sources\"><thead><tr><th>Source IP</th><th>Reverse DNS</th><th>Sender</th>")
        .append(
            "<th class=\"n\">Messages</th><th class=\"n\">DMARC pass</th><th class=\"n\">DKIM aligned</th>")
        .append("<th class=\"n\">SPF aligned</th></tr></thead><tbody>");
    if (all.isEmpty()) {
      h.append("<tr><td colspan=\"7\">No reports in the last 7 days.</td></tr>");
    }
    for (ClassifiedSource s : all.subList(0, Math.min(MAX_SOURCES, all.size()))) {
      long m = s.stats().messages();
      String rdns = d.rdns().get(s.stats().ip());
      h.append("<tr class=\"")
          .append(s.classification().token())
          .append("\"><td><code>")
          .append(s.stats().ip().isEmpty() ? "(none)" : esc(s.stats().ip()))
          .append("</code></td><td>")
          .append(rdns == null ? "<span class=\"muted\">\u2013</span>" : clip(rdns, 80))
          .append("</td><td>")
          .append("<span class=\"badge ")
          .append(s.classification().token())
          .append("\">")
          .append(s.classification().token())
          .append("</span></td><td class=\"n\">")
          .append(number(m))
          .append("</td><td class=\"n\">")
          .append(share(s.stats().dmarcPass(), m))
          .append("</td><td class=\"n\">")
          .append(share(s.stats().dkimAligned(), m))
          .append("</td><td class=\"n\">")
          .append(share(s.stats().spfAligned(), m))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
    if (all.size() > MAX_SOURCES) {
      h.append("<p class=\"muted\">and ")
          .append(all.size() - MAX_SOURCES)
          .append(" more sources</p>");
    }
  }

  private static void reporters(StringBuilder h, List<ReporterStats> reporters) {
    h.append(
            "<h3>Reporters, 7 days</h3><table class=\"reporters\"><thead><tr><th>Organisation</th>")
        .append(
            "<th class=\"n\">Reports</th><th class=\"n\">Messages</th><th class=\"n\">DMARC pass</th></tr></thead>")
        .append("<tbody>");
    for (ReporterStats r : reporters.subList(0, Math.min(20, reporters.size()))) {
      h.append("<tr><td class=\"org\">")
          .append(r.orgName().isEmpty() ? "(empty org_name)" : clip(r.orgName(), 120))
          .append("</td><td class=\"n\">")
          .append(number(r.reports()))
          .append("</td><td class=\"n\">")
          .append(number(r.messages()))
          .append("</td><td class=\"n\">")
          .append(share(r.dmarcPass(), r.messages()))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static void card(StringBuilder h, String label, String valueHtml) {
    h.append("<div class=\"card\"><div class=\"label\">")
        .append(esc(label))
        .append("</div><div class=\"value\">")
        .append(valueHtml)
        .append("</div></div>");
  }

  private static String policy(DomainView v) {
    return "p=" + esc(v.policy()) + (v.pct() == null || v.pct() == 100 ? "" : " pct=" + v.pct());
  }

  private static String count(ReportSummary s, SourceClass c) {
    long ips = s.sources().stream().filter(x -> x.classification() == c).count();
    long msgs =
        s.sources().stream()
            .filter(x -> x.classification() == c)
            .mapToLong(x -> x.stats().messages())
            .sum();
    return ips + (ips == 1 ? " IP / " : " IPs / ") + number(msgs) + " msgs";
  }

  private static String share(long part, long whole) {
    return whole == 0 ? "\u2013" : percent(100.0 * part / whole);
  }
}
