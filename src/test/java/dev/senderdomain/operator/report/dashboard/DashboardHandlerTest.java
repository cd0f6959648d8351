package dev.senderdomain.operator.report.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.sender.SenderMap;
import dev.senderdomain.operator.report.store.ForwardingReportStore;
import dev.senderdomain.operator.report.store.GateVerdicts;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over HTTP without a browser: views, ranges, CSV, headers and failure modes. */
class DashboardHandlerTest {
  static final Clock CLOCK = Clock.fixed(DashboardFixture.NOW, ZoneOffset.UTC);
  static final List<String> VIEWS =
      List.of(
          "/dashboard",
          "/dashboard?domain=example.com",
          "/dashboard?domain=example.com&ip=198.51.100.25",
          "/dashboard?domain=example.com&reporter=google.com",
          "/dashboard?domain=example.com&reporter=google.com&report=g-27");

  final HttpClient http = HttpClient.newHttpClient();
  HttpServer server;
  ReportStore store;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (store != null) {
      store.close();
    }
  }

  private HttpResponse<String> get(DashboardHandler handler, String path) throws Exception {
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/dashboard", handler);
      server.start();
    }
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private DashboardHandler handler(java.util.function.Function<String, Optional<String>> rdns) {
    store = ReportStores.open("h2:" + dir.resolve("db"), null, CLOCK);
    new DashboardFixture().load(store);
    return new DashboardHandler(DashboardFixture.directory(), store, rdns, CLOCK);
  }

  @Test
  void forbidsScriptsAndExternalLoadsByPolicyOnEveryView() throws Exception {
    DashboardHandler h = handler(ip -> Optional.empty());
    for (String view : VIEWS) {
      HttpResponse<String> r = get(h, view);
      assertThat(r.statusCode()).as(view).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("default-src 'none'", "form-action 'self'")
                      .doesNotContain("script-src"));
      for (String forbidden :
          List.of("<script", "http://", "https://", "src=\"", "<link", "@import")) {
        assertThat(r.body().contains(forbidden)).as("%s contains %s", view, forbidden).isFalse();
      }
    }
  }

  @Test
  void rendersWhenReverseDnsFailsOrHangs() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    DashboardHandler h =
        handler(
            ip -> {
              calls.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
              if (ip.startsWith("192.")) {
                throw new IllegalStateException("resolver exploded");
              }
              try {
                Thread.sleep(10_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Optional.of("too-late.example");
            });
    HttpResponse<String> r = get(h, "/dashboard?domain=example.com");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("192.0.2.10").doesNotContain("too-late.example");
    // reloaded while the slow lookups still run: they are joined, not started again
    assertThat(get(h, "/dashboard?domain=example.com").statusCode()).isEqualTo(200);
    assertThat(calls.get("203.0.113.50")).hasValue(1);
  }

  @Test
  void findsADomainInAnySpellingAndAnswers404ForOneNoSenderDomainManages() throws Exception {
    DashboardHandler h = handler(ip -> Optional.empty());
    assertThat(get(h, "/dashboard?domain=SHOP.example.org.").body())
        .contains("<h2>shop.example.org <small>shop/shop</small></h2>");
    HttpResponse<String> r = get(h, "/dashboard?domain=%3Cb%3Evictim.example");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("No SenderDomain manages &lt;b&gt;victim.example.");
  }

  @Test
  void eachRangeCountsTheReportsEndingInIt() throws Exception {
    DashboardHandler h = handler(ip -> Optional.empty());
    Instant now = DashboardFixture.NOW;
    for (String range :
        List.of(
            "range=1d",
            "range=7d",
            "range=30d",
            "range=90d",
            "from=2026-11-10&to=2026-11-12",
            "range=bogus")) {
      TimeRange r =
          TimeRange.parse(
              DashboardHandler.queryParameter(range, "range"),
              DashboardHandler.queryParameter(range, "from"),
              DashboardHandler.queryParameter(range, "to"),
              now);
      long messages = store.totals("example.com", r.since(), r.until()).messages();
      String body = get(h, "/dashboard?domain=example.com&" + range).body();
      assertThat(body)
          .as(range)
          .contains(
              "<div class=\"label\">Messages, "
                  + r.label()
                  + "</div><div class=\"value\">"
                  + Html.number(messages)
                  + "</div>");
      // the custom-range form shows the range's days
      assertThat(body)
          .contains(
              "name=\"from\" value=\"" + r.firstDay() + "\"",
              "name=\"to\" value=\"" + r.lastDay() + "\"");
    }
    assertThat(TimeRange.parse(null, "2026-11-10", "2026-11-12", now).label())
        .isEqualTo("2026-11-10 .. 2026-11-12");
    assertThat(TimeRange.parse("bogus", null, null, now).preset()).isEqualTo("7d");
    assertThat(TimeRange.parse(null, "2026-11-12", "2026-11-10", now).preset()).isEqualTo("7d");
  }

  @Test
  void drillsDownFromADomainToASourceAndFromAReporterToItsReportsAndRecords() throws Exception {
    DashboardHandler h = handler(ip -> Optional.empty());
    String domain = get(h, "/dashboard?domain=example.com&range=30d").body();
    String source = link(domain, "ip=198.51.100.25");
    String sourcePage = get(h, source).body();
    assertThat(sourcePage)
        .contains("<table id=\"records\">", "198.51.100.25")
        .contains("d=", "example.com (mfrom)");
    String reporter = link(domain, "reporter=Yahoo");
    String reporterPage = get(h, reporter).body();
    assertThat(reporterPage).contains("<table id=\"reports\">", "y-28", "y-0");
    String report = link(reporterPage, "report=y-28");
    String reportPage = get(h, report).body();
    assertThat(reportPage)
        .contains("Report <code>y-28</code>")
        .contains("2001:db8:bad::66")
        .contains("192.0.2.10");
    // the records of one report: Yahoo's y-28 holds two
    assertThat(rows(reportPage, "records")).isEqualTo(2);
  }

  @Test
  void exportsEveryTableOfEveryViewAsCsvWithAllItsRows() throws Exception {
    DashboardHandler h = handler(ip -> Optional.empty());
    int tables = 0;
    for (String view : VIEWS) {
      String page = get(h, view + (view.contains("?") ? "&" : "?") + "range=30d").body();
      Matcher m = Pattern.compile("<table id=\"([a-z]+)\">").matcher(page);
      while (m.find()) {
        String id = m.group(1);
        HttpResponse<String> csv =
            get(h, view + (view.contains("?") ? "&" : "?") + "range=30d&csv=" + id);
        assertThat(csv.statusCode()).as(view + " " + id).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition"))
            .hasValueSatisfying(d -> assertThat(d).startsWith("attachment; filename=\""));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).as(id).isEqualTo(String.join(",", headers(page, id)));
        assertThat(lines.size() - 1).as(id).isGreaterThanOrEqualTo(rows(page, id));
        tables++;
      }
    }
    assertThat(tables).isGreaterThanOrEqualTo(10);
    assertThat(get(h, "/dashboard?domain=example.com&csv=nope").statusCode()).isEqualTo(404);
  }

  @Test
  void csvCellsCannotRunAsSpreadsheetFormulas() {
    assertThat(CsvExport.field("=HYPERLINK(\"http://x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(CsvExport.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvExport.field("-12.5")).isEqualTo("-12.5");
    assertThat(CsvExport.field("a\nb")).isEqualTo("a?b");
  }

  @Test
  void showsTheGateVerdictTheReconcilerGotWithoutComputingItAgain() throws Exception {
    store = ReportStores.open("h2:mem:gate-" + System.nanoTime(), null, CLOCK);
    new DashboardFixture().load(store);
    AtomicInteger totals = new AtomicInteger();
    ReportStore counting =
        new ForwardingReportStore(store) {
          @Override
          public WindowTotals totals(String domain, Instant since, Instant until) {
            totals.incrementAndGet();
            return super.totals(domain, since, until);
          }
        };
    GateVerdicts verdicts = new GateVerdicts(counting, CLOCK);
    DomainView example = DashboardFixture.directory().domains().get(0);
    GateVerdict reconciler =
        verdicts.verdict(example.domain(), example.gate(), example.declaredSenders());
    assertThat(totals).hasValue(1);
    DashboardHandler h =
        new DashboardHandler(
            DashboardFixture.directory(),
            counting,
            ip -> Optional.empty(),
            CLOCK,
            verdicts,
            SenderMap.shipped());

    String page = get(h, "/dashboard?domain=example.com&range=30d").body();

    assertThat(page).contains(Html.esc(reconciler.message()));
    assertThat(totals).as("one summary for the page's range, none for the gate").hasValue(2);
    assertThat(verdicts.verdict(example.domain(), example.gate(), example.declaredSenders()))
        .isSameAs(reconciler);
  }

  @Test
  void saysSoWhenTheStoreIsDown() throws Exception {
    DashboardHandler h = handler(ip -> Optional.empty());
    store.close();
    // H2 file store closed and its directory removed: every query fails
    java.nio.file.Files.walk(dir)
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    java.nio.file.Files.createFile(dir);
    HttpResponse<String> r = get(h, "/dashboard");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("report store is unavailable");
  }

  @Test
  void anEmptyDirectoryIsAPageToo() throws Exception {
    store = ReportStores.open("h2:mem:empty-" + System.nanoTime(), null);
    HttpResponse<String> r =
        get(
            new DashboardHandler(List::of, store, ip -> Optional.empty(), Clock.systemUTC()),
            "/dashboard");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("No SenderDomain yet.");
  }

  /** The first link in the page whose href contains {@code part}, unescaped. */
  static String link(String page, String part) {
    Matcher m = Pattern.compile("href=\"(/dashboard\\?[^\"]*)\"").matcher(page);
    while (m.find()) {
      String href = m.group(1).replace("&amp;", "&");
      if (href.contains(part)) {
        return href;
      }
    }
    throw new AssertionError("no link with " + part);
  }

  static int rows(String page, String table) {
    int start = page.indexOf("<table id=\"" + table + "\">");
    int end = page.indexOf("</table>", start);
    String body = page.substring(page.indexOf("<tbody>", start), end);
    return body.contains("colspan=") ? 0 : body.split("<tr>", -1).length - 1;
  }

  static List<String> headers(String page, String table) {
    int start = page.indexOf("<table id=\"" + table + "\">");
    String head = page.substring(start, page.indexOf("</thead>", start));
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<th[^>]*>([^<]*)</th>").matcher(head);
    while (m.find()) {
      out.add(m.group(1).replace("&#39;", "'").replace("&amp;", "&"));
    }
    return out;
  }
}
