package dev.senderdomain.operator.cli;

import static dev.senderdomain.operator.cli.ReportText.clean;
import static dev.senderdomain.operator.cli.ReportText.csv;
import static dev.senderdomain.operator.cli.ReportText.json;
import static dev.senderdomain.operator.cli.ReportText.shown;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AuthResult;
import dev.senderdomain.operator.report.DkimAuthResult;
import dev.senderdomain.operator.report.PolicyOverrideReason;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SpfAuthResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code reports parse --records}: one line per record, with the report it came from, as JSON
 * Lines, CSV or text (see {@link ReportText}). In CSV the DKIM and SPF results are spread over
 * parallel comma-separated columns (as parsedmarc does): the n-th domain, selector and result
 * belong together.
 */
final class ReportRecordWriter implements ReportsCommand.ReportWriter {
  static final String[] CSV_HEADER = {
    "file",
    "orgName",
    "reportId",
    "begin",
    "end",
    "domain",
    "sourceIp",
    "count",
    "disposition",
    "dkim",
    "spf",
    "dmarc",
    "headerFrom",
    "envelopeFrom",
    "envelopeTo",
    "dkimDomains",
    "dkimSelectors",
    "dkimResults",
    "spfDomains",
    "spfScopes",
    "spfResults",
    "reasons"
  };

  private final ReportSummaryWriter.Format format;
  private final PrintWriter out;

  ReportRecordWriter(ReportSummaryWriter.Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  @Override
  public void begin() {
    if (format == ReportSummaryWriter.Format.csv) {
      out.println(String.join(",", CSV_HEADER));
    }
  }

  @Override
  public void report(String file, AggregateReport report) {
    for (ReportRecord r : report.records()) {
      switch (format) {
        case json -> out.println(json(row(file, report, r)));
        case csv -> out.println(csvLine(file, report, r));
        case text -> out.println(textLine(file, report, r));
      }
    }
  }

  static Map<String, Object> row(String file, AggregateReport report, ReportRecord r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("file", file);
    row.put("orgName", report.metadata().orgName());
    row.put("reportId", report.metadata().reportId());
    row.put("begin", report.metadata().begin().getEpochSecond());
    row.put("end", report.metadata().end().getEpochSecond());
    row.put("domain", report.policy().domain());
    row.put("sourceIp", r.sourceIp());
    row.put("count", r.count());
    row.put("disposition", r.disposition() == null ? null : r.disposition().token());
    row.put("dkim", r.dkim() == null ? null : r.dkim().token());
    row.put("spf", r.spf() == null ? null : r.spf().token());
    row.put("dmarc", r.dmarcPass() ? "pass" : "fail");
    row.put("headerFrom", r.headerFrom());
    row.put("envelopeFrom", r.envelopeFrom());
    row.put("envelopeTo", r.envelopeTo());
    List<Map<String, Object>> dkim = new ArrayList<>();
    for (DkimAuthResult d : r.dkimResults()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("domain", d.domain());
      m.put("selector", d.selector());
      m.put("result", token(d.result()));
      m.put("humanResult", d.humanResult());
      dkim.add(m);
    }
    row.put("dkimResults", dkim);
    List<Map<String, Object>> spf = new ArrayList<>();
    for (SpfAuthResult s : r.spfResults()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("domain", s.domain());
      m.put("scope", s.scope() == null ? null : s.scope().token());
      m.put("result", token(s.result()));
      m.put("humanResult", s.humanResult());
      spf.add(m);
    }
    row.put("spfResults", spf);
    List<Map<String, Object>> reasons = new ArrayList<>();
    for (PolicyOverrideReason reason : r.reasons()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", reason.type());
      m.put("comment", reason.comment());
      reasons.add(m);
    }
    row.put("reasons", reasons);
    return row;
  }

  private static String csvLine(String file, AggregateReport report, ReportRecord r) {
    Map<String, Object> row = row(file, report, r);
    return csv(
        file,
        row.get("orgName"),
        row.get("reportId"),
        row.get("begin"),
        row.get("end"),
        row.get("domain"),
        row.get("sourceIp"),
        row.get("count"),
        row.get("disposition"),
        row.get("dkim"),
        row.get("spf"),
        row.get("dmarc"),
        row.get("headerFrom"),
        row.get("envelopeFrom"),
        row.get("envelopeTo"),
        joined(r.dkimResults(), DkimAuthResult::domain),
        joined(r.dkimResults(), DkimAuthResult::selector),
        joined(r.dkimResults(), d -> token(d.result())),
        joined(r.spfResults(), SpfAuthResult::domain),
        joined(r.spfResults(), s -> s.scope() == null ? null : s.scope().token()),
        joined(r.spfResults(), s -> token(s.result())),
        joined(r.reasons(), PolicyOverrideReason::type));
  }

  /**
   * {@code FILE: REPORTER REPORT-ID DAY SOURCE xCOUNT DISPOSITION dmarc=.. dkim=.. spf=.. from=..
   * envelope=.. dkim:d/s=result spf:domain(scope)=result reason:type}.
   */
  private static String textLine(String file, AggregateReport report, ReportRecord r) {
    StringBuilder line = new StringBuilder();
    line.append(clean(file))
        .append(": ")
        .append(shown(report.metadata().orgName(), "(no org_name)"))
        .append(' ')
        .append(clean(report.metadata().reportId()))
        .append(' ')
        .append(report.metadata().begin().toString(), 0, 10)
        .append(' ')
        .append(shown(r.sourceIp(), "(no source_ip)"))
        .append(" x")
        .append(r.count())
        .append(' ')
        .append(r.disposition() == null ? "-" : r.disposition().token())
        .append(" dmarc=")
        .append(r.dmarcPass() ? "pass" : "fail")
        .append(" dkim=")
        .append(r.dkim() == null ? "-" : r.dkim().token())
        .append(" spf=")
        .append(r.spf() == null ? "-" : r.spf().token())
        .append(" from=")
        .append(shown(r.headerFrom(), "-"))
        .append(" envelope=")
        .append(shown(r.envelopeFrom(), "-"));
    for (DkimAuthResult d : r.dkimResults()) {
      line.append(" dkim:")
          .append(shown(d.domain(), "-"))
          .append('/')
          .append(shown(d.selector(), "-"))
          .append('=')
          .append(d.result() == null ? "-" : d.result().token());
    }
    for (SpfAuthResult s : r.spfResults()) {
      line.append(" spf:")
          .append(shown(s.domain(), "-"))
          .append('(')
          .append(s.scope() == null ? "-" : s.scope().token())
          .append(")=")
          .append(s.result() == null ? "-" : s.result().token());
    }
    for (PolicyOverrideReason reason : r.reasons()) {
      line.append(" reason:").append(shown(reason.type(), "-"));
    }
    return line.toString();
  }

  private static String token(AuthResult r) {
    return r == null ? null : r.token();
  }

  private static <T> String joined(List<T> items, Function<T, String> field) {
    if (items.isEmpty()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (T item : items) {
      String v = field.apply(item);
      values.add(v == null ? "" : v);
    }
    return String.join(",", values);
  }
}
