package dev.senderdomain.operator.report.dashboard;

import static dev.senderdomain.operator.report.dashboard.Html.esc;
import static dev.senderdomain.operator.report.dashboard.Html.number;
import static dev.senderdomain.operator.report.dashboard.Html.percent;

import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.TimelineRow;
import java.time.Instant;

/** The HTML pieces of a domain's view that are not tables: cards, record, gate, timeline. */
final class DomainFragments {
  private DomainFragments() {}

  static String heading(DomainView v) {
    return "<h2>"
        + esc(v.domain())
        + " <small>"
        + esc(v.namespace())
        + "/"
        + esc(v.name())
        + "</small></h2>";
  }

  static String cards(DomainView v, ReportSummary s, TimeRange range) {
    StringBuilder h = new StringBuilder("<div class=\"cards\">");
    card(h, "Policy now", policy(v));
    card(h, "Messages, " + range.label(), number(s.messages()));
    card(h, "DMARC pass", percent(s.passRate()));
    card(h, "Expected senders pass", percent(s.expectedPassRate()));
    card(h, "Unknown senders", unknown(s));
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
    return h.toString();
  }

  /** The gate's verdict in the words of the RolloutGated condition; "" without a gate. */
  static String gate(GateVerdict verdict, boolean hasGate) {
    if (!hasGate) {
      return "";
    }
    return "<p class=\"gate "
        + (verdict.open() ? "open" : "held")
        + "\"><b>Rollout gate:</b> "
        + esc(verdict.message())
        + "</p>";
  }

  static String timeline(DomainView v, Instant now) {
    StringBuilder h = new StringBuilder("<h3>Rollout timeline</h3>");
    if (v.timeline().isEmpty()) {
      return h.append("<p>No rollout planned.</p>").toString();
    }
    int current = -1;
    for (int i = 0; i < v.timeline().size(); i++) {
      if (!v.timeline().get(i).at().isAfter(now)) {
        current = i;
      }
    }
    h.append(
            "<table class=\"timeline\"><thead><tr><th>From</th><th>Policy</th><th class=\"n\">pct</th>")
        .append("<th>t=y</th><th>Record</th><th>Step</th></tr></thead><tbody>");
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
    return h.toString();
  }

  static String declared(DomainView v) {
    return "<p class=\"declared\"><b>Declared senders</b> (spec.spf ip4/ip6): "
        + (v.declaredSenders().isEmpty() ? "none" : esc(String.join(", ", v.declaredSenders())))
        + "</p>";
  }

  static String policy(DomainView v) {
    return "p="
        + esc(v.policy() == null ? "?" : v.policy())
        + (v.pct() == null || v.pct() == 100 ? "" : " pct=" + v.pct());
  }

  static String unknown(ReportSummary s) {
    long ips = s.sources().stream().filter(x -> x.classification() == SourceClass.UNKNOWN).count();
    long msgs =
        s.sources().stream()
            .filter(x -> x.classification() == SourceClass.UNKNOWN)
            .mapToLong(x -> x.stats().messages())
            .sum();
    return ips + (ips == 1 ? " IP / " : " IPs / ") + number(msgs) + " msgs";
  }

  static void card(StringBuilder h, String label, String valueHtml) {
    h.append("<div class=\"card\"><div class=\"label\">")
        .append(esc(label))
        .append("</div><div class=\"value\">")
        .append(valueHtml)
        .append("</div></div>");
  }
}
