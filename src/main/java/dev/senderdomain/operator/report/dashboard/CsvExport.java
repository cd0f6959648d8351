package dev.senderdomain.operator.report.dashboard;

import java.util.List;

/**
 * A dashboard table as CSV (RFC 4180): the header, then every row (also those the page leaves out).
 * Cells come from reports, so besides quoting, a cell that a spreadsheet would run as a formula
 * ({@code =}, {@code +}, {@code -}, {@code @}, tab, CR) is prefixed with {@code '} (OWASP CSV
 * injection), and control characters are replaced.
 */
final class CsvExport {
  private CsvExport() {}

  static String write(Table t) {
    StringBuilder out = new StringBuilder();
    line(out, t.columns().stream().map(Table.Column::name).toList());
    for (List<Table.Cell> row : t.rows()) {
      line(out, row.stream().map(Table.Cell::raw).toList());
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      out.append(i == 0 ? "" : ",").append(field(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String field(String raw) {
    String v = raw == null ? "" : raw;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
      v = "'" + v;
    }
    StringBuilder clean = new StringBuilder(v.length());
    for (char c : v.toCharArray()) {
      clean.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    v = clean.toString();
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
