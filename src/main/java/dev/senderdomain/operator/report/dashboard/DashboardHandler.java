package dev.senderdomain.operator.report.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.RolloutGate;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DashboardPage.DomainData;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStoreException;
import dev.senderdomain.operator.report.store.ReportSummaries;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /dashboard}: every managed domain with its rollout timeline (current step marked), the
 * DMARC pass rate per day over 30 days, the sending sources of the last 7 days with reverse DNS and
 * their classification (expected, forwarder, unknown), the reporters, and the rollout gate's
 * verdict. {@code ?domain=example.com} shows one domain. Server-rendered HTML with inline CSS and
 * SVG: works with no network and no JavaScript. Everything that came from a report or from DNS is
 * HTML-escaped, and a Content-Security-Policy forbids scripts and external loads anyway. Reverse
 * DNS runs in parallel with an overall deadline; names not resolved by then are left blank (and
 * cached for the next view).
 */
public final class DashboardHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
  static final Duration CHART_DAYS = Duration.ofDays(30);
  private static final Duration RDNS_DEADLINE = Duration.ofSeconds(2);
  private static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final DomainDirectory directory;
  private final ReportStore store;
  private final Function<String, Optional<String>> rdns;
  private final Clock clock;
  private final Map<String, CompletableFuture<Optional<String>>> inflight =
      new ConcurrentHashMap<>();
  private final ExecutorService lookups =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "dashboard-rdns");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param rdns reverse DNS for an IP literal, e.g. {@link ReverseDnsLookup}; may be slow or fail
   */
  public DashboardHandler(
      DomainDirectory directory,
      ReportStore store,
      Function<String, Optional<String>> rdns,
      Clock clock) {
    this.directory = directory;
    this.store = store;
    this.rdns = rdns;
    this.clock = clock;
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
      String only = queryParameter(exchange.getRequestURI().getRawQuery(), "domain");
      Instant now = clock.instant();
      String page;
      int status = 200;
      try {
        page = DashboardPage.render(collect(only, now), now, null);
      } catch (ReportStoreException e) {
        LOG.warn("dashboard: report store unavailable: {}", e.getMessage());
        page =
            DashboardPage.render(
                List.of(), now, "The report store is unavailable; try again shortly.");
        status = 503;
      }
      OperatorHttpServer.respond(exchange, status, "text/html; charset=utf-8", page);
    }
  }

  private List<DomainData> collect(String only, Instant now) {
    List<DomainData> out = new ArrayList<>();
    LocalDate chartFrom =
        LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(CHART_DAYS.toDays() - 1);
    Instant chartSince = chartFrom.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<DomainView> views = directory.domains();
    List<ReportSummary> summaries = new ArrayList<>();
    List<DomainView> shown = new ArrayList<>();
    for (DomainView v : views) {
      if (only != null && !only.equalsIgnoreCase(v.domain())) {
        continue;
      }
      shown.add(v);
      summaries.add(
          ReportSummaries.summarize(
              store, v.domain(), ReportSummaries.STATUS_WINDOW, now, classifier(v)));
    }
    Map<String, String> names = reverseNames(summaries);
    for (int i = 0; i < shown.size(); i++) {
      DomainView v = shown.get(i);
      ReportSummary s = summaries.get(i);
      GateVerdict verdict = null;
      if (v.gate() != null) {
        ReportSummary gated =
            v.gate().window().equals(s.window())
                ? s
                : ReportSummaries.summarize(
                    store, v.domain(), v.gate().window(), now, classifier(v));
        verdict = RolloutGate.evaluate(v.gate(), gated, now);
      }
      out.add(
          new DomainData(
              v,
              s,
              store.dailyPassRates(v.domain(), chartSince, now),
              chartFrom,
              store.reporters(v.domain(), s.since(), now),
              names,
              verdict));
    }
    return out;
  }

  private static SourceClassifier classifier(DomainView v) {
    try {
      return SourceClassifier.of(v.declaredSenders());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "dashboard: {} for {}; classifying without declared senders", e.getMessage(), v.domain());
      return SourceClassifier.of(List.of());
    }
  }

  /**
   * PTR names for the sources shown, looked up in parallel; whatever is not back by the deadline is
   * left out.
   */
  private Map<String, String> reverseNames(List<ReportSummary> summaries) {
    Map<String, CompletableFuture<Optional<String>>> pending = new LinkedHashMap<>();
    for (ReportSummary s : summaries) {
      for (ClassifiedSource c :
          s.sources().subList(0, Math.min(DashboardPage.MAX_SOURCES, s.sources().size()))) {
        String ip = c.stats().ip();
        if (!ip.isEmpty()) {
          pending.computeIfAbsent(ip, this::lookup);
        }
      }
    }
    Map<String, String> names = new HashMap<>();
    long deadline = System.nanoTime() + RDNS_DEADLINE.toNanos();
    for (Map.Entry<String, CompletableFuture<Optional<String>>> e : pending.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        e.getValue().get(left, TimeUnit.NANOSECONDS).ifPresent(n -> names.put(e.getKey(), n));
      } catch (Exception timeoutOrFailure) {
        // shown without a name
      }
    }
    return names;
  }

  /**
   * One lookup per IP at a time: a page reloaded while the resolver hangs joins the lookups already
   * running instead of queueing more.
   */
  private CompletableFuture<Optional<String>> lookup(String ip) {
    List<CompletableFuture<Optional<String>>> created = new ArrayList<>(1);
    CompletableFuture<Optional<String>> f =
        inflight.computeIfAbsent(
            ip,
            k -> {
              CompletableFuture<Optional<String>> started =
                  CompletableFuture.supplyAsync(() -> rdns.apply(k), lookups);
              created.add(started);
              return started;
            });
    // registered outside computeIfAbsent: a lookup that already finished would otherwise remove
    // inside it
    for (CompletableFuture<Optional<String>> started : created) {
      started.whenComplete((name, error) -> inflight.remove(ip, started));
    }
    return f;
  }

  static String queryParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        try {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
          return pair.substring(eq + 1);
        }
      }
    }
    return null;
  }
}
