package dev.senderdomain.operator.cli;

import static dev.senderdomain.operator.cli.ReportText.clean;
import static dev.senderdomain.operator.cli.ReportText.csv;
import static dev.senderdomain.operator.cli.ReportText.json;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.Disposition;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints one summary per report as JSON Lines, CSV or text (see {@link ReportText}). */
final class ReportSummaryWriter implements ReportsCommand.ReportWriter {
  enum Format {
    json,
    csv,
    text
  }

  static final String[] CSV_HEADER = {
    "file",
    "orgName",
    "reportId",
    "begin",
    "end",
    "domain",
    "p",
    "pct",
    "records",
    "skippedRecords",
    "messages",
    "dkimPass",
    "spfPass",
    "dmarcPass",
    "none",
    "quarantine",
    "reject",
    "sourceIps"
  };

  private final Format format;
  private final PrintWriter out;

  ReportSummaryWriter(Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  @Override
  public void begin() {
    if (format == Format.csv) {
      out.println(String.join(",", CSV_HEADER));
    }
  }

  /**
   * The summary of one report. {@code dispositions.none} also counts RFC 9990 {@code pass}
   * dispositions (delivered without policy action); records with an empty disposition are in none
   * of the three. Skipped records are in no count but {@code skippedRecords}.
   */
  static Map<String, Object> summary(String file, AggregateReport report) {
    Map<String, Object> row = new LinkedHashMap<>();
    Map<Disposition, Long> d = report.dispositions();
    row.put("file", file);
    row.put("orgName", report.metadata().orgName());
    row.put("reportId", report.metadata().reportId());
    row.put("begin", report.metadata().begin().getEpochSecond());
    row.put("end", report.metadata().end().getEpochSecond());
    row.put("domain", report.policy().domain());
    row.put("p", report.policy().p().token());
    row.put("pct", report.policy().pct());
    row.put("records", report.records().size());
    row.put("skippedRecords", report.skipped().count());
    row.put("messages", report.messages());
    row.put("dkimPass", report.dkimPass());
    row.put("spfPass", report.spfPass());
    row.put("dmarcPass", report.dmarcPass());
    Map<String, Long> dispositions = new LinkedHashMap<>();
    dispositions.put("none", d.get(Disposition.NONE) + d.get(Disposition.PASS));
    dispositions.put("quarantine", d.get(Disposition.QUARANTINE));
    dispositions.put("reject", d.get(Disposition.REJECT));
    row.put("dispositions", dispositions);
    row.put("sourceIps", report.distinctSourceIps());
    return row;
  }

  @Override
  public void report(String file, AggregateReport report) {
    Map<String, Object> row = summary(file, report);
    @SuppressWarnings("unchecked")
    Map<String, Long> disp = (Map<String, Long>) row.get("dispositions");
    switch (format) {
      case json -> out.println(json(row));
      case csv ->
          out.println(
              csv(
                  file,
                  row.get("orgName"),
                  row.get("reportId"),
                  row.get("begin"),
                  row.get("end"),
                  row.get("domain"),
                  row.get("p"),
                  row.get("pct"),
                  row.get("records"),
                  row.get("skippedRecords"),
                  row.get("messages"),
                  row.get("dkimPass"),
                  row.get("spfPass"),
                  row.get("dmarcPass"),
                  disp.get("none"),
                  disp.get("quarantine"),
                  disp.get("reject"),
                  row.get("sourceIps")));
      case text -> {
        out.printf(
            "%s: report %s from %s for %s (p=%s%s)%n",
            clean(file),
            clean(report.metadata().reportId()),
            report.metadata().orgName().isEmpty()
                ? "(no org_name)"
                : clean(report.metadata().orgName()),
            report.policy().domain() == null ? "(no domain)" : clean(report.policy().domain()),
            report.policy().p().token(),
            report.policy().pct() == null ? "" : ", pct=" + report.policy().pct());
        out.printf("  period   %s .. %s%n", report.metadata().begin(), report.metadata().end());
        out.printf(
            "  records  %d, messages %d, distinct source IPs %d%s%n",
            report.records().size(),
            report.messages(),
            report.distinctSourceIps(),
            report.skipped().isEmpty()
                ? ""
                : ", skipped " + report.skipped().count() + " bad records");
        out.printf(
            "  aligned  DKIM pass %d, SPF pass %d, DMARC pass %d%n",
            report.dkimPass(), report.spfPass(), report.dmarcPass());
        out.printf(
            "  disposed none %d, quarantine %d, reject %d%n",
            disp.get("none"), disp.get("quarantine"), disp.get("reject"));
      }
    }
  }
}
