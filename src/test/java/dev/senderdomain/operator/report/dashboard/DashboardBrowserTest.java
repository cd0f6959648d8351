package dev.senderdomain.operator.report.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, installed by
 * .ci/services/chromium.sh; no browser download): the page served by the operator's HTTP server
 * from reports parsed and stored for real. The screenshot is kept as target/dashboard.png. Chromium
 * runs with networking features off, so the page can only render if it needs nothing but the
 * operator.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOT = Path.of("target", "dashboard.png");

  static ReportStore store;
  static OperatorHttpServer server;
  static DashboardFixture fixture = new DashboardFixture();

  @TempDir static Path profile;

  @BeforeAll
  static void serveDashboard() throws IOException {
    store = ReportStores.open("h2:mem:browser-" + System.nanoTime(), null);
    fixture.load(store);
    DashboardHandler handler =
        new DashboardHandler(
            DashboardFixture.directory(),
            store,
            ip -> Optional.ofNullable(DashboardFixture.ptrNames().get(ip)),
            Clock.fixed(DashboardFixture.NOW, ZoneOffset.UTC));
    server =
        new OperatorHttpServer(
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                () -> true,
                () -> true)
            .handle("/dashboard", handler)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  @Test
  void rendersTheDomainsTheirNumbersAndHostileNamesEscapedInChromium() throws Exception {
    String dom = chromium("--dump-dom");

    assertThat(dom).contains("example.com", "shop.example.org", "mail/example-com");
    String passRate =
        String.format(Locale.ROOT, "%.1f%%", 100.0 * fixture.weekPass / fixture.weekMessages);
    assertThat(dom).contains(passRate);
    assertThat(dom).contains(String.format(Locale.ROOT, "%,d", fixture.weekMessages));
    // the current rollout step is marked, the next step announced
    assertThat(dom)
        .containsPattern(
            "<tr class=\"current\"><td>2026-11-15T00:00:00Z</td><td>quarantine</td>"
                + "<td class=\"n\">50</td>");
    assertThat(dom).contains("Next step: 2026-11-29T00:00:00Z");
    // sources classified, with reverse DNS
    assertThat(dom)
        .contains(
            "mta1.example.com",
            "lists.example.net",
            "badge expected",
            "badge forwarder",
            "badge unknown");
    // hostile org name and PTR name are text, not markup: the browser built no script or img
    // element from them
    assertThat(dom)
        .contains(
            "&lt;script&gt;alert(\"pwned\")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    assertThat(dom).contains("&lt;b&gt;evil&lt;/b&gt;.example");
    assertThat(dom.toLowerCase(Locale.ROOT)).doesNotContain("<script", "<img", "<b>evil");
    assertThat(dom).contains("<svg class=\"chart\"");
  }

  @Test
  void keepsAScreenshotThatIsNotBlank() throws Exception {
    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);
    chromium("--screenshot=" + SCREENSHOT.toAbsolutePath());

    assertThat(SCREENSHOT).exists();
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
    BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    // a rendered page has many colours (text, badges, chart); a blank or error page has a handful
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours.size()).isGreaterThan(50);
  }

  private static String chromium(String action) throws IOException, InterruptedException {
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
                    + profile.resolve(action.startsWith("--screenshot") ? "shot" : "dom"),
                "--window-size=1280,1600",
                action,
                "http://127.0.0.1:" + server.port() + "/dashboard"));
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
