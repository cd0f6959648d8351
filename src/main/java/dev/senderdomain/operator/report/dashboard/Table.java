package dev.senderdomain.operator.report.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One table of a dashboard view, kept as data so that the page and its CSV export ({@code
 * &csv=<id>}) are the same rows: the page shows the first {@link #shown} rows, the export all.
 *
 * @param id the table's name in the page ({@code id} attribute) and in {@code csv=}
 * @param title heading above it
 * @param note text under the heading, or null
 * @param columns header cells
 * @param rows every row (cells in column order)
 * @param shown rows the page shows; the rest are in the export
 * @param empty what the page says when there are no rows
 */
record Table(
    String id,
    String title,
    String note,
    List<Column> columns,
    List<List<Cell>> rows,
    int shown,
    String empty)
    implements Page.Section {
  Table {
    Objects.requireNonNull(id, "id");
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** A header cell; numeric columns are right-aligned. */
  record Column(String name, boolean numeric) {
    static Column text(String name) {
      return new Column(name, false);
    }

    static Column number(String name) {
      return new Column(name, true);
    }
  }

  /**
   * One cell: its text (escaped when rendered), its CSV value ({@code raw}: the number without
   * grouping or percent sign), an optional link (a dashboard URL built by {@link DashboardLinks})
   * and an optional CSS class (badges).
   */
  record Cell(String text, String raw, String href, String css) {
    Cell {
      text = text == null ? "" : text;
      raw = raw == null ? text : raw;
    }

    static Cell of(Object text) {
      return new Cell(text == null ? "" : text.toString(), null, null, null);
    }

    static Cell number(long n) {
      return new Cell(Html.number(n), Long.toString(n), null, null);
    }

    /** {@code part} of {@code whole} as a percentage with one decimal; "" without a whole. */
    static Cell share(long part, long whole) {
      if (whole == 0) {
        return new Cell("", "", null, null);
      }
      double p = 100.0 * part / whole;
      return new Cell(Html.percent(p), String.format(java.util.Locale.ROOT, "%.1f", p), null, null);
    }

    static Cell link(String text, String href) {
      return new Cell(text, null, href, null);
    }

    static Cell badge(String text, String css) {
      return new Cell(text, null, null, "badge " + css);
    }

    static Cell code(String text) {
      return new Cell(text, null, null, "code");
    }
  }

  /** Builds a table row by row. */
  static final class Builder {
    private final String id;
    private final String title;
    private String note;
    private final List<Column> columns = new ArrayList<>();
    private final List<List<Cell>> rows = new ArrayList<>();
    private int shown = Integer.MAX_VALUE;
    private String empty = "Nothing in this range.";

    Builder(String id, String title) {
      this.id = id;
      this.title = title;
    }

    Builder note(String text) {
      this.note = text;
      return this;
    }

    Builder columns(Column... c) {
      columns.addAll(List.of(c));
      return this;
    }

    Builder row(Cell... cells) {
      if (cells.length != columns.size()) {
        throw new IllegalArgumentException(
            id + ": row of " + cells.length + " cells for " + columns.size() + " columns");
      }
      rows.add(List.of(cells));
      return this;
    }

    Builder shown(int n) {
      this.shown = n;
      return this;
    }

    Builder empty(String text) {
      this.empty = text;
      return this;
    }

    Table build() {
      return new Table(id, title, note, columns, rows, shown, empty);
    }
  }
}
