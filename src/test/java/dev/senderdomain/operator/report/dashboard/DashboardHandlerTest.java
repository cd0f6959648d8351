package dev.senderdomain.operator.report.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over HTTP without a browser: headers, filtering and failure modes. */
class DashboardHandlerTest {
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
    store = ReportStores.open("h2:" + dir.resolve("db"), null);
    new DashboardFixture().load(store);
    return new DashboardHandler(
        DashboardFixture.directory(),
        store,
        rdns,
        Clock.fixed(DashboardFixture.NOW, ZoneOffset.UTC));
  }

  @Test
  void forbidsScriptsAndExternalLoadsByPolicy() throws Exception {
    HttpResponse<String> r = get(handler(ip -> Optional.empty()), "/dashboard");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'none'").doesNotContain("script-src"));
    for (String forbidden :
        List.of("<script", "http://", "https://", "src=\"", "<link", "@import")) {
      assertThat(r.body().contains(forbidden)).as("page contains %s", forbidden).isFalse();
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
    HttpResponse<String> r = get(h, "/dashboard");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("192.0.2.10").doesNotContain("too-late.example");
    // reloaded while the slow lookups still run: they are joined, not started again
    assertThat(get(h, "/dashboard").statusCode()).isEqualTo(200);
    assertThat(calls.get("203.0.113.50")).hasValue(1);
  }

  @Test
  void showsOneDomainWhenAsked() throws Exception {
    HttpResponse<String> r =
        get(handler(ip -> Optional.empty()), "/dashboard?domain=shop.example.org");
    assertThat(r.body())
        .contains("shop.example.org", "1 domain")
        .doesNotContain("mail/example-com");
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
}
