package dev.senderdomain.operator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's output: one row per figure. A ratio is always against a reference measured in the
 * same run (the machines are shared and noisy, so absolute figures from different runs do not
 * compare).
 */
final class BenchTable {
  /** One figure; {@code ratio} and {@code target} may be blank. */
  record Row(
      String section, String metric, String value, String reference, String ratio, String target) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(
      String section, String metric, String value, String reference, String ratio, String target) {
    rows.add(new Row(section, metric, value, reference, ratio, target));
    System.out.printf(
        Locale.ROOT,
        "  [%s] %s: %s%s%s%n",
        section,
        metric,
        value,
        ratio.isEmpty() ? "" : " (" + ratio + " vs " + reference + ")",
        target.isEmpty() ? "" : "  target " + target);
    System.out.flush();
  }

  synchronized void note(String section, String metric, String value) {
    add(section, metric, value, "", "", "");
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  /** A Markdown table (it reads fine in a terminal too). */
  synchronized String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| # | Metric | Value | Reference (same run) | Ratio | Target |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.section())
          .append(" | ")
          .append(r.metric())
          .append(" | ")
          .append(r.value())
          .append(" | ")
          .append(r.reference())
          .append(" | ")
          .append(r.ratio())
          .append(" | ")
          .append(r.target())
          .append(" |\n");
    }
    return sb.toString();
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static String x(double ratio) {
    return f("%.2fx", ratio);
  }

  static String mib(long bytes) {
    return f("%.0f MiB", bytes / 1048576.0);
  }

  static String s(double seconds) {
    return seconds < 10 ? f("%.2f s", seconds) : f("%.1f s", seconds);
  }
}
