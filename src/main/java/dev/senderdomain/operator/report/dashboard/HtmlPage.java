package dev.senderdomain.operator.report.dashboard;

import static dev.senderdomain.operator.report.dashboard.Html.esc;

import java.time.Instant;
import java.util.List;

/**
 * Renders a {@link Page} as one self-contained HTML document: inline CSS (and SVG in fragments), no
 * script, no external asset; the time range is a row of links and a GET form, so everything works
 * without JavaScript. Every text from a report or DNS is escaped here or by the view that built a
 * fragment.
 */
final class HtmlPage {
  private HtmlPage() {}

  static String render(Page page, String rawQuery, Instant now, String notice) {
    StringBuilder h = new StringBuilder(32 * 1024);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(page.title()))
        .append(" \u2013 DMARC reports</title><style>")
        .append(DashboardCss.CSS)
        .append("</style></head><body><header><h1>DMARC reports</h1><p>senderdomain-operator")
        .append(" \u00b7 generated ")
        .append(esc(now.toString()))
        .append("</p></header><nav class=\"crumbs\">");
    List<Page.Crumb> crumbs = page.crumbs();
    for (int i = 0; i < crumbs.size(); i++) {
      Page.Crumb c = crumbs.get(i);
      h.append(i == 0 ? "" : " \u203a ");
      if (c.href() == null) {
        h.append("<b>").append(esc(c.label())).append("</b>");
      } else {
        h.append("<a href=\"")
            .append(esc(c.href()))
            .append("\">")
            .append(esc(c.label()))
            .append("</a>");
      }
    }
    h.append("</nav><main>");
    if (notice != null) {
      h.append("<p class=\"notice\">").append(esc(notice)).append("</p>");
    }
    if (page.range() != null) {
      range(h, page.range(), rawQuery);
    }
    h.append("<section>");
    for (Page.Section s : page.sections()) {
      if (s instanceof Page.Fragment f) {
        h.append(f.html());
      } else if (s instanceof Table t) {
        table(h, t, rawQuery);
      }
    }
    return h.append("</section></main></body></html>\n").toString();
  }

  /** The range picker: preset links, and a date form that submits with GET (no script). */
  private static void range(StringBuilder h, TimeRange r, String rawQuery) {
    h.append("<form class=\"range\" method=\"get\" action=\"")
        .append(DashboardLinks.BASE)
        .append("\"><span>Range:</span>");
    for (String p : TimeRange.PRESETS) {
      TimeRange preset = TimeRange.parse(p, null, null, r.until());
      boolean current = p.equals(r.preset());
      h.append(current ? "<b class=\"on\">" : "<a href=\"")
          .append(current ? "" : esc(DashboardLinks.withRange(rawQuery, preset)) + "\">")
          .append(p.equals("1d") ? "day" : p)
          .append(current ? "</b>" : "</a>");
    }
    // the view's other parameters ride along as hidden fields, so the form keeps the view
    for (String pair : DashboardLinks.strip(rawQuery, "range", "from", "to", "csv").split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        h.append("<input type=\"hidden\" name=\"")
            .append(esc(DashboardHandler.decode(pair.substring(0, eq))))
            .append("\" value=\"")
            .append(esc(DashboardHandler.decode(pair.substring(eq + 1))))
            .append("\">");
      }
    }
    h.append("<label>from <input type=\"date\" name=\"from\" value=\"")
        .append(r.firstDay())
        .append("\"></label><label>to <input type=\"date\" name=\"to\" value=\"")
        .append(r.lastDay())
        .append("\"></label><button type=\"submit\">Show</button><span class=\"muted\">")
        .append(esc(r.label()))
        .append(", reports ending ")
        .append(esc(r.since().toString()))
        .append(" .. ")
        .append(esc(r.until().toString()))
        .append("</span></form>");
  }

  static void table(StringBuilder h, Table t, String rawQuery) {
    h.append("<h3 id=\"h-").append(esc(t.id())).append("\">").append(esc(t.title()));
    if (!t.rows().isEmpty()) {
      h.append(" <a class=\"csv\" href=\"")
          .append(esc(DashboardLinks.csv(rawQuery, t.id())))
          .append("\">CSV</a>");
    }
    h.append("</h3>");
    if (t.note() != null) {
      h.append("<p class=\"legend\">").append(esc(t.note())).append("</p>");
    }
    h.append("<table id=\"").append(esc(t.id())).append("\"><thead><tr>");
    for (Table.Column c : t.columns()) {
      h.append(c.numeric() ? "<th class=\"n\">" : "<th>").append(esc(c.name())).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    if (t.rows().isEmpty()) {
      h.append("<tr><td colspan=\"")
          .append(t.columns().size())
          .append("\">")
          .append(esc(t.empty()))
          .append("</td></tr>");
    }
    int n = Math.min(t.shown(), t.rows().size());
    for (List<Table.Cell> row : t.rows().subList(0, n)) {
      h.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        cell(h, row.get(i), t.columns().get(i).numeric());
      }
      h.append("</tr>");
    }
    h.append("</tbody></table>");
    if (t.rows().size() > n) {
      h.append("<p class=\"muted\">and ")
          .append(Html.number(t.rows().size() - n))
          .append(" more rows in the CSV</p>");
    }
  }

  private static void cell(StringBuilder h, Table.Cell c, boolean numeric) {
    h.append(numeric ? "<td class=\"n\">" : "<td>");
    String text = Html.clip(c.text(), 200);
    if (c.css() != null && c.css().equals("code")) {
      text = "<code>" + text + "</code>";
    } else if (c.css() != null) {
      text = "<span class=\"" + esc(c.css()) + "\">" + text + "</span>";
    }
    if (c.href() != null) {
      h.append("<a href=\"").append(esc(c.href())).append("\">").append(text).append("</a>");
    } else {
      h.append(text.isEmpty() ? "<span class=\"muted\">\u2013</span>" : text);
    }
    h.append("</td>");
  }
}
