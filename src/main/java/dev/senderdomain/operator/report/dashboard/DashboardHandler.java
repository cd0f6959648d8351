package dev.senderdomain.operator.report.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.sender.SenderMap;
import dev.senderdomain.operator.report.store.GateVerdicts;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStoreException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /dashboard}: the report views, server-rendered (inline CSS and SVG, no script, no
 * external asset), so they work with no network and no JavaScript. Views, by query parameters
 * ({@link DashboardLinks}): the overview of every managed domain; a domain ({@code domain=}); a
 * source of it ({@code &ip=}); a reporter's reports ({@code &reporter=}); one report ({@code
 * &reporter=&report=}); each over a time range ({@link TimeRange}), and any of their tables as CSV
 * ({@code &csv=<table>}). Everything that came from a report or from DNS is escaped, and a
 * Content-Security-Policy forbids scripts and external loads anyway.
 */
public final class DashboardHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
  private static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
          + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final ViewSources from;
  private final Clock clock;

  /**
   * @param rdns reverse DNS for an IP literal, e.g. {@link ReverseDnsLookup}; may be slow or fail
   * @param verdicts the rollout gate's verdicts, shared with the reconciler
   */
  public DashboardHandler(
      DomainDirectory directory,
      ReportStore store,
      Function<String, Optional<String>> rdns,
      Clock clock,
      GateVerdicts verdicts,
      SenderMap senders) {
    this.from = new ViewSources(directory, store, new ReverseNames(rdns), verdicts, senders);
    this.clock = clock;
  }

  /** With its own gate verdicts and the shipped sender map (tests, tools). */
  public DashboardHandler(
      DomainDirectory directory,
      ReportStore store,
      Function<String, Optional<String>> rdns,
      Clock clock) {
    this(directory, store, rdns, clock, new GateVerdicts(store, clock), SenderMap.shipped());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        OperatorHttpServer.respond(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
        return;
      }
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      String query = exchange.getRequestURI().getRawQuery();
      Instant now = clock.instant();
      TimeRange range =
          TimeRange.parse(
              queryParameter(query, "range"),
              queryParameter(query, "from"),
              queryParameter(query, "to"),
              now);
      Page page;
      try {
        page = view(query, range, now);
      } catch (ReportStoreException e) {
        LOG.warn("dashboard: report store unavailable: {}", e.getMessage());
        page = new Page("Unavailable", List.of(new Page.Crumb("Domains", null)), null, List.of());
        OperatorHttpServer.respond(
            exchange,
            503,
            "text/html; charset=utf-8",
            HtmlPage.render(
                page, query, now, "The report store is unavailable; try again shortly."));
        return;
      }
      if (page == null) {
        String domain = queryParameter(query, "domain");
        page =
            new Page(
                "Not found",
                List.of(new Page.Crumb("Domains", DashboardLinks.overview(range))),
                null,
                List.of());
        OperatorHttpServer.respond(
            exchange,
            404,
            "text/html; charset=utf-8",
            HtmlPage.render(page, query, now, "No SenderDomain manages " + domain + "."));
        return;
      }
      String csv = queryParameter(query, "csv");
      if (csv == null) {
        OperatorHttpServer.respond(
            exchange, 200, "text/html; charset=utf-8", HtmlPage.render(page, query, now, null));
        return;
      }
      Optional<Table> table = page.table(csv);
      if (table.isEmpty()) {
        OperatorHttpServer.respond(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "no table named " + csv.replaceAll("[^A-Za-z0-9_-]", "?") + " in this view\n");
        return;
      }
      exchange
          .getResponseHeaders()
          .set(
              "Content-Disposition",
              "attachment; filename=\"" + fileName(page.title() + "-" + csv) + ".csv\"");
      OperatorHttpServer.respond(
          exchange, 200, "text/csv; charset=utf-8", CsvExport.write(table.get()));
    }
  }

  /** The view the query asks for; null when its domain is not managed. */
  private Page view(String query, TimeRange range, Instant now) {
    String domain = queryParameter(query, "domain");
    if (domain == null || domain.isBlank()) {
      return OverviewView.page(from, range, now);
    }
    String wanted = ReportDomain.normalize(domain);
    Optional<DomainView> v =
        from.directory().domains().stream().filter(d -> d.domain().equals(wanted)).findFirst();
    if (v.isEmpty()) {
      return null;
    }
    int records =
        queryParameter(query, "csv") == null ? RecordsTable.PAGE_LIMIT : RecordsTable.EXPORT_LIMIT;
    String ip = queryParameter(query, "ip");
    String reporter = queryParameter(query, "reporter");
    String report = queryParameter(query, "report");
    if (ip != null) {
      return SourceView.page(
          from, v.get(), ip.strip().toLowerCase(java.util.Locale.ROOT), range, records);
    }
    if (reporter != null && report != null) {
      return ReporterView.report(from, v.get(), reporter, report, range, records);
    }
    if (reporter != null) {
      return ReporterView.reports(from, v.get(), reporter, range);
    }
    return DomainReportView.page(from, v.get(), range, now);
  }

  private static String fileName(String s) {
    String f = s.replaceAll("[^A-Za-z0-9._-]+", "_");
    return f.length() > 100 ? f.substring(0, 100) : f;
  }

  static String queryParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return s;
    }
  }
}
