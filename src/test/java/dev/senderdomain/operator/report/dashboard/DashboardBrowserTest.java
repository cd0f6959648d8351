package dev.senderdomain.operator.report.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportParseException;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.ingest.ReportIngestor;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.testsupport.CorpusFiles;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard view in a real headless Chromium (Debian's /usr/bin/chromium, installed by
 * .ci/services/chromium.sh; no browser download), served by the operator's HTTP server from reports
 * parsed and stored for real: the project's own fixture (two domains, 30 days, a hostile reporter)
 * and, when present, the shared corpus of real receivers' reports. Each view's screenshot is kept
 * under target/dashboard/. Chromium runs with networking features off, so a page can only render if
 * it needs nothing but the operator.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "dashboard");
  static final Instant CORPUS_NOW = Instant.parse("2024-04-20T00:00:00Z");

  static ReportStore store;
  static ReportStore corpusStore;
  static OperatorHttpServer server;
  static DashboardFixture fixture = new DashboardFixture();

  @TempDir static Path profile;

  @BeforeAll
  static void serveDashboard() throws IOException {
    Clock clock = Clock.fixed(DashboardFixture.NOW, ZoneOffset.UTC);
    store = ReportStores.open("h2:mem:browser-" + System.nanoTime(), null, clock);
    fixture.load(store);
    Clock corpusClock = Clock.fixed(CORPUS_NOW, ZoneOffset.UTC);
    corpusStore =
        ReportStores.open("h2:mem:browser-corpus-" + System.nanoTime(), null, corpusClock);
    loadCorpus(corpusStore, corpusClock);
    server =
        new OperatorHttpServer(
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                () -> true,
                () -> true)
            .handle(
                "/dashboard",
                new DashboardHandler(
                    DashboardFixture.directory(),
                    store,
                    ip -> Optional.ofNullable(DashboardFixture.ptrNames().get(ip)),
                    clock))
            .start();
    corpusServer =
        new OperatorHttpServer(
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                () -> true,
                () -> true)
            .handle(
                "/dashboard",
                new DashboardHandler(
                    DashboardBrowserTest::corpusDomains,
                    corpusStore,
                    ip -> Optional.empty(),
                    corpusClock))
            .start();
  }

  static OperatorHttpServer corpusServer;

  @AfterAll
  static void stop() {
    server.close();
    corpusServer.close();
    store.close();
    corpusStore.close();
  }

  static final List<String> CORPUS_DOMAINS = List.of("example.com", "freitagsrunde.org");

  static List<DomainView> corpusDomains() {
    List<DomainView> out = new ArrayList<>();
    for (String d : CORPUS_DOMAINS) {
      out.add(
          new DomainView(
              "mail",
              d.replace('.', '-'),
              d,
              "none",
              100,
              "v=DMARC1; p=none; rua=mailto:dmarc@" + d,
              null,
              List.of(),
              List.of(),
              null));
    }
    return out;
  }

  /** Every corpus report about the corpus domains, through the real parser and ingestor. */
  static void loadCorpus(ReportStore target, Clock clock) throws IOException {
    ReportIngestor ingestor =
        new ReportIngestor(
            target,
            null,
            ParserLimits.DEFAULTS,
            Set.copyOf(CORPUS_DOMAINS)::contains,
            clock,
            Duration.ofDays(20_000));
    for (Path file : CorpusFiles.reports()) {
      try {
        AggregateReport r = AggregateReportParser.parse(file, ParserLimits.DEFAULTS);
        ingestor.ingest(r, "corpus");
      } catch (ReportParseException e) {
        throw new IllegalStateException(file + " is in the well-formed corpus: " + e.getMessage());
      }
    }
  }

  @Test
  void overviewListsEveryDomainWithItsNumbers() throws Exception {
    String dom = view("overview", "/dashboard");

    assertThat(dom).contains("example.com", "shop.example.org", "mail/example-com");
    String passRate =
        String.format(Locale.ROOT, "%.1f%%", 100.0 * fixture.weekPass / fixture.weekMessages);
    assertThat(dom).contains(passRate);
    assertThat(dom).contains(String.format(Locale.ROOT, "%,d", fixture.weekMessages));
    assertThat(dom).contains("href=\"/dashboard?domain=example.com&amp;range=7d\"");
  }

  @Test
  void domainViewShowsRolloutSendersSourcesResultsAndReportersWithHostileNamesEscaped()
      throws Exception {
    String dom = view("domain", "/dashboard?domain=example.com&range=30d");

    // the current rollout step is marked, the next step announced
    assertThat(dom)
        .containsPattern(
            "<tr class=\"current\"><td>2026-11-15T00:00:00Z</td><td>quarantine</td>"
                + "<td class=\"n\">50</td>");
    assertThat(dom).contains("Next step: 2026-11-29T00:00:00Z");
    // sources classified, with reverse DNS, grouped by sender with what to fix
    assertThat(dom)
        .contains(
            "mta1.example.com",
            "lists.example.net",
            "badge expected",
            "badge forwarder",
            "badge unknown",
            "<table id=\"senders\">",
            "forwards or relays mail for example.com");
    // hostile org name and PTR name are text, not markup: the browser built no script or img
    // element from them
    assertThat(dom)
        .contains(
            "&lt;script&gt;alert(\"pwned\")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    assertThat(dom).contains("&lt;b&gt;evil&lt;/b&gt;.example");
    assertThat(dom.toLowerCase(Locale.ROOT)).doesNotContain("<script", "<img", "<b>evil");
    assertThat(dom).contains("<svg class=\"chart\"", "CSV</a>");
  }

  @Test
  void sourceViewShowsItsRecordsPerReporterAndDayWithTheirResults() throws Exception {
    String dom = view("source", "/dashboard?domain=example.com&ip=2001%3Adb8%3Abad%3A%3A66");

    assertThat(dom).contains("<code>2001:db8:bad::66</code>", "&lt;b&gt;evil&lt;/b&gt;.example");
    assertThat(dom).contains("<table id=\"records\">", ">google.com</a>", ">Yahoo</a>");
    assertThat(dom).contains("example.com (mfrom): fail", "What to fix:");
    assertThat(dom.toLowerCase(Locale.ROOT)).doesNotContain("<b>evil");
  }

  @Test
  void reporterViewListsItsReportsAndAReportItsRecords() throws Exception {
    String reporter = view("reporter", "/dashboard?domain=example.com&reporter=Yahoo&range=30d");
    assertThat(reporter).contains("<table id=\"reports\">", ">y-28</a>", ">y-0</a>");

    String report =
        view("report", "/dashboard?domain=example.com&reporter=Yahoo&report=y-28&range=30d");
    assertThat(report).contains("Report <code>y-28</code>", "192.0.2.10", "2001:db8:bad::66");
  }

  @Test
  void aCustomRangeIsAFormThatWorksWithoutScript() throws Exception {
    String dom =
        view("custom-range", "/dashboard?domain=example.com&from=2026-11-10&to=2026-11-12");

    assertThat(dom).contains("2026-11-10 .. 2026-11-12");
    assertThat(dom)
        .contains("<form class=\"range\" method=\"get\" action=\"/dashboard\">")
        .contains("<input type=\"hidden\" name=\"domain\" value=\"example.com\">");
  }

  @Test
  void realReportsFromTheCorpusRenderInEveryView() throws Exception {
    assumeThat(CorpusFiles.present()).as("shared corpus").isTrue();
    String range = "&from=2024-03-01&to=2024-04-20";
    long messages =
        corpusStore
            .totals("example.com", Instant.parse("2024-03-01T00:00:00Z"), CORPUS_NOW)
            .messages();
    String domain = corpusView("corpus-domain", "/dashboard?domain=example.com" + range);
    assertThat(messages).isPositive();
    assertThat(domain).contains(String.format(Locale.ROOT, "%,d", messages));
    assertThat(domain).contains("<table id=\"dkim\">", "<table id=\"sources\">");

    String source = firstLink(domain, "ip=");
    String sourceDom = corpusView("corpus-source", source);
    assertThat(sourceDom).contains("<table id=\"records\">", "DKIM results");

    String freitag =
        corpusView(
            "corpus-domain-2", "/dashboard?domain=freitagsrunde.org&from=2023-07-20&to=2023-08-15");
    assertThat(freitag)
        .contains(">google.com</a>", ">Mail.Ru</a>", ">Yahoo</a>", ">Outlook.com</a>");
    String reporter = firstLink(freitag, "reporter=");
    String reporterDom = corpusView("corpus-reporter", reporter);
    assertThat(reporterDom).contains("<table id=\"reports\">");
    String report = corpusView("corpus-report", firstLink(reporterDom, "report="));
    assertThat(report).contains("<table id=\"records\">", "freitagsrunde.org");
  }

  /** The view's DOM as Chromium built it, and its screenshot kept as target/dashboard/NAME.png. */
  private static String view(String name, String path) throws Exception {
    return inChromium(name, "http://127.0.0.1:" + server.port() + path);
  }

  private static String corpusView(String name, String path) throws Exception {
    return inChromium(name, "http://127.0.0.1:" + corpusServer.port() + path);
  }

  private static String inChromium(String name, String url) throws Exception {
    String dom = chromium("--dump-dom", url, name);
    Files.createDirectories(SCREENSHOTS);
    Path shot = SCREENSHOTS.resolve(name + ".png");
    Files.deleteIfExists(shot);
    chromium("--screenshot=" + shot.toAbsolutePath(), url, name);
    assertThat(shot).exists();
    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    // a rendered page has many colours (text, badges, chart); a blank or error page has a handful
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as(name + " screenshot colours").isGreaterThan(50);
    return dom;
  }

  private static String firstLink(String dom, String part) {
    Matcher m = Pattern.compile("href=\"(/dashboard\\?[^\"]*)\"").matcher(dom);
    while (m.find()) {
      String href = m.group(1).replace("&amp;", "&");
      if (href.contains(part) && !href.contains("csv=")) {
        return href;
      }
    }
    throw new AssertionError("no link with " + part);
  }

  private static String chromium(String action, String url, String name)
      throws IOException, InterruptedException {
    assertThat(CHROMIUM).as("Debian chromium; run .ci/services/chromium.sh").isExecutable();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir="
                    + profile.resolve(
                        name + (action.startsWith("--screenshot") ? "-shot" : "-dom")),
                "--window-size=1280,1600",
                action,
                url));
    Path out = Files.createTempFile(profile, "chromium", ".out");
    Path err = Files.createTempFile(profile, "chromium", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as("chromium exit; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
