package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.Disposition;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints report summaries as JSON Lines, CSV or text. Report fields are hostile input: JSON escapes
 * them, CSV quotes them (RFC 4180) and CSV/text replace control characters so nothing can drive the
 * terminal.
 */
final class ReportSummaryWriter {
  enum Format {
    json,
    csv,
    text
  }

  private static final String[] CSV_HEADER = {
    "file",
    "orgName",
    "reportId",
    "begin",
    "end",
    "domain",
    "p",
    "pct",
    "records",
    "messages",
    "dkimPass",
    "spfPass",
    "none",
    "quarantine",
    "reject",
    "sourceIps",
    "error"
  };
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Format format;
  private final PrintWriter out;

  ReportSummaryWriter(Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  void begin() {
    if (format == Format.csv) {
      out.println(String.join(",", CSV_HEADER));
    }
  }

  /**
   * The summary of one report. {@code dispositions.none} also counts RFC 9990 {@code pass}
   * dispositions (delivered without policy action); records with an empty disposition are in none
   * of the three.
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
    row.put("messages", report.messages());
    row.put("dkimPass", report.dkimPass());
    row.put("spfPass", report.spfPass());
    Map<String, Long> dispositions = new LinkedHashMap<>();
    dispositions.put("none", d.get(Disposition.NONE) + d.get(Disposition.PASS));
    dispositions.put("quarantine", d.get(Disposition.QUARANTINE));
    dispositions.put("reject", d.get(Disposition.REJECT));
    row.put("dispositions", dispositions);
    row.put("sourceIps", report.distinctSourceIps());
    return row;
  }

  void report(String file, AggregateReport report) {
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
                  row.get("messages"),
                  row.get("dkimPass"),
                  row.get("spfPass"),
                  disp.get("none"),
                  disp.get("quarantine"),
                  disp.get("reject"),
                  row.get("sourceIps"),
                  null));
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
            "  records  %d, messages %d, distinct source IPs %d%n",
            report.records().size(), report.messages(), report.distinctSourceIps());
        out.printf(
            "  aligned  DKIM pass %d, SPF pass %d, DMARC pass %d%n",
            report.dkimPass(), report.spfPass(), report.dmarcPass());
        out.printf(
            "  disposed none %d, quarantine %d, reject %d%n",
            disp.get("none"), disp.get("quarantine"), disp.get("reject"));
      }
    }
  }

  void error(String file, String message) {
    switch (format) {
      case json -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", file);
        row.put("error", message);
        out.println(json(row));
      }
      case csv ->
          out.println(
              csv(
                  file, null, null, null, null, null, null, null, null, null, null, null, null,
                  null, null, null, message));
      case text -> out.printf("%s: ERROR %s%n", clean(file), clean(message));
    }
  }

  private static String json(Map<String, Object> row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String csv(Object... values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      if (values[i] != null) {
        String v = clean(values[i].toString());
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0;
        line.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
      }
    }
    return line.toString();
  }

  /** Replaces control characters (ANSI escapes, CR, LF) in untrusted text. */
  private static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
    }
    return out.toString();
  }
}
