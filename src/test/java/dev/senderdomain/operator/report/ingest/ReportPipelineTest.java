package dev.senderdomain.operator.report.ingest;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.gzip;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.report;
import static dev.senderdomain.operator.report.TestReports.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.reconciler.ReportsStatusMapper;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.store.ReportSummaries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled pipeline: IMAP on a schedule and upload into one store, read back as status, gate,
 * dashboard.
 */
class ReportPipelineTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");

  @TempDir Path dir;

  @Test
  void readsItsSettingsFromTheEnvironmentWithSecretsFromFiles() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "tok-1\n");
    PipelineConfigAssert.check(
        PipelineConfig.fromEnv(
            Map.of(
                "SDO_IMAP_HOST",
                "imap.example.com",
                "SDO_IMAP_USER",
                "dmarc",
                "SDO_IMAP_PASSWORD",
                "pw",
                "SDO_REPORT_UPLOAD_TOKEN_FILE",
                token.toString(),
                "SDO_IMAP_INTERVAL",
                "2m")),
        token);
    PipelineConfig none = PipelineConfig.fromEnv(Map.of());
    assertThat(none.imap()).isNull();
    assertThat(none.uploadToken().isSet()).isFalse();
    assertThat(none.storeUrl()).isNull();
    assertThatThrownBy(() -> PipelineConfig.fromEnv(Map.of("SDO_IMAP_HOST", "imap.example.com")))
        .hasMessageContaining("SDO_IMAP_USER");
    assertThatThrownBy(() -> PipelineConfig.fromEnv(Map.of("SDO_IMAP_INTERVAL", "often")))
        .hasMessageStartingWith("SDO_IMAP_INTERVAL: ") // the one duration notation: 30s, 5m, 1h
        .hasMessageContaining("is not a duration");
  }

  @Test
  void extendsTheSenderMapFromAFileAndSaysWhichFileItCannotUse() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("senders.yaml"),
            "senders:\n  - id: acme\n    name: ACME Mailer\n    dkim: [acme-mail.example]\n"
                + "    dkimSetup: publish acme._domainkey\n");
    PipelineConfig c = PipelineConfig.fromEnv(Map.of("SDO_REPORT_SENDERS_FILE", file.toString()));
    assertThat(c.sendersFile()).isEqualTo(file);
    assertThat(c.senderMap().senders())
        .extracting(s -> s.name())
        .contains("ACME Mailer", "Mailchimp");
    assertThat(PipelineConfig.fromEnv(Map.of()).senderMap().senders()).hasSizeGreaterThan(10);

    PipelineConfig missing =
        PipelineConfig.fromEnv(
            Map.of("SDO_REPORT_SENDERS_FILE", dir.resolve("nope.yaml").toString()));
    assertThatThrownBy(missing::senderMap)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "SDO_REPORT_SENDERS_FILE " + dir.resolve("nope.yaml") + " cannot be used");
  }

  @Test
  void mailAndUploadEndUpInStatusGateMetricsAndDashboard() throws Exception {
    GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DomainView view =
        new DomainView(
            "mail",
            "example",
            "example.com",
            "none",
            100,
            "v=DMARC1; p=none",
            null,
            List.of(),
            List.of("192.0.2.0/24"),
            new GateSpecValues(98, Duration.ofDays(7), 100));
    try {
      greenMail.setUser("dmarc@example.com", "dmarc", "imap-pw");
      MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
      mail.setDataHandler(
          new DataHandler(
              new ByteArrayDataSource(
                  gzip(
                      xml(
                          report(
                              "google.com",
                              "m-1",
                              "example.com",
                              DAY,
                              pass("192.0.2.1", 900),
                              fail("192.0.2.2", 100)))),
                  "application/gzip")));
      mail.saveChanges();
      greenMail.getUserManager().getUser("dmarc").deliver(mail);

      Map<String, String> env =
          Map.of(
              "SDO_REPORT_STORE_URL",
              "h2:" + dir.resolve("reports"),
              "SDO_IMAP_HOST",
              "127.0.0.1",
              "SDO_IMAP_PORT",
              Integer.toString(greenMail.getImap().getPort()),
              "SDO_IMAP_TLS",
              "false",
              "SDO_IMAP_USER",
              "dmarc",
              "SDO_IMAP_PASSWORD",
              "imap-pw",
              "SDO_IMAP_INTERVAL",
              "1s",
              "SDO_REPORT_UPLOAD_TOKEN",
              "up-token",
              "SDO_DASHBOARD_TOKEN",
              "read-token");
      try (ReportPipeline pipeline =
              ReportPipeline.start(
                  PipelineConfig.fromEnv(env),
                  new OperatorMetrics(registry),
                  "example.com"::equals,
                  () -> List.of(view),
                  Clock.fixed(NOW, ZoneOffset.UTC));
          OperatorHttpServer server =
              new OperatorHttpServer(0, registry, () -> true, () -> true, () -> true)) {
        pipeline.register(server);
        server.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> pipeline.store().lastReportAt("example.com").isPresent());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> upload =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/reports"))
                    .header("Authorization", "Bearer up-token")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            xml(
                                report(
                                    "Yahoo",
                                    "u-1",
                                    "example.com",
                                    DAY,
                                    pass("192.0.2.1", 50),
                                    fail("203.0.113.9", 50)))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(201);

        ReportSummary summary =
            pipeline.summary("example.com", ReportSummaries.STATUS_WINDOW, view.declaredSenders());
        ReportsStatus status =
            ReportsStatusMapper.toStatus(
                summary, pipeline.senders(summary, view.declaredSenders()));
        assertThat(status.messages).isEqualTo(1100);
        assertThat(status.passRate).isEqualTo(86.36);
        assertThat(status.failingSources)
            .extracting(s -> s.ip + "/" + s.classification)
            .containsExactly("192.0.2.2/expected", "203.0.113.9/unknown");

        GateVerdict verdict = pipeline.gate(view.gate(), "example.com", view.declaredSenders());
        assertThat(verdict.open()).isFalse();
        assertThat(verdict.message())
            .contains("90.48% (950 of 1050 messages)", "192.0.2.2 (100 of 100 failing)");

        assertThat(registry.scrape())
            .contains(
                "senderdomain_report_messages_total{disposition=\"none\","
                    + "domain=\"example.com\",reporter=\"yahoo\",result=\"fail\"} 50.0");
        URI dashboard =
            URI.create("http://127.0.0.1:" + server.port() + "/dashboard?domain=example.com");
        // Report data only with the read token; metrics stay open to the scraper.
        for (String auth :
            new String[] {null, "Bearer up-token", "Bearer read-token2", "Basic x"}) {
          HttpRequest.Builder r = HttpRequest.newBuilder(dashboard);
          if (auth != null) {
            r.header("Authorization", auth);
          }
          HttpResponse<String> refused = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
          assertThat(refused.statusCode()).as("dashboard with %s", auth).isEqualTo(401);
          assertThat(refused.body()).doesNotContain("203.0.113.9").doesNotContain("example.com");
          assertThat(refused.headers().allValues("WWW-Authenticate"))
              .anyMatch(h -> h.startsWith("Basic realm="));
        }
        assertThat(
                http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
        String basic =
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        "anyone:read-token".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(
                http.send(
                        HttpRequest.newBuilder(dashboard).header("Authorization", basic).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .as("a browser's Basic authentication with the token as password")
            .isEqualTo(200);
        String page =
            http.send(
                    HttpRequest.newBuilder(dashboard)
                        .header("Authorization", "Bearer read-token")
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(page).contains("example.com", "1,100", "86.4%", "203.0.113.9");
        // the dashboard shows the verdict the reconciler got, in its words
        assertThat(page).contains("<p class=\"gate held\"><b>Rollout gate:</b> step held");

        assertThat(pipeline.applyRetention())
            .as("400 days by default: nothing is that old")
            .isZero();
      }
    } finally {
      greenMail.stop();
    }
  }

  /** Field checks kept apart so the test above reads as a story. */
  static final class PipelineConfigAssert {
    static void check(PipelineConfig c, Path token) {
      assertThat(c.imap().host()).isEqualTo("imap.example.com");
      assertThat(c.imap().port()).isEqualTo(993);
      assertThat(c.imap().tls()).isTrue();
      assertThat(c.imap().folder()).isEqualTo("INBOX");
      assertThat(c.imap().processedFolder()).isEqualTo("dmarc-processed");
      assertThat(c.imapInterval()).isEqualTo(Duration.ofMinutes(2));
      assertThat(c.imapPassword().get()).isEqualTo("pw");
      assertThat(c.uploadToken().get()).isEqualTo("tok-1");
      assertThat(c.uploadToken().toString()).doesNotContain("tok-1");
      assertThat(c.imapPassword().toString()).doesNotContain("pw)").contains("(set)");
      assertThat(c.uploadMaxBytes()).isEqualTo(16L << 20);
      assertThat(c.retention()).isEqualTo(Duration.ofDays(400));
      assertThat(token).exists();
    }
  }
}
