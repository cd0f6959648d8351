package dev.senderdomain.operator.report.ingest;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.gzip;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.report;
import static dev.senderdomain.operator.report.TestReports.xml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /reports on the operator's real HTTP server, with the real parser and an H2 store. */
class ReportUploadHandlerTest {
  static final String TOKEN = "upload-token-0123456789";
  static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
  static final long LIMIT = 64 * 1024;

  PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  ReportStore store;
  OperatorHttpServer server;
  AtomicReference<String> token = new AtomicReference<>(TOKEN);
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    store = ReportStores.open("h2:mem:upload-" + System.nanoTime(), null);
    ReportIngestor ingestor =
        new ReportIngestor(
            store,
            new OperatorMetrics(registry),
            ParserLimits.DEFAULTS,
            Set.of("example.com")::contains,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofDays(400));
    server =
        new OperatorHttpServer(0, registry, () -> true, () -> true, () -> true)
            .handle("/reports", new ReportUploadHandler(ingestor, token::get, LIMIT))
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void storesAGzipReportThenCallsTheSameReportADuplicate() throws Exception {
    byte[] body =
        gzip(
            xml(
                report(
                    "google.com",
                    "u-1",
                    "example.com",
                    DAY,
                    pass("192.0.2.1", 7),
                    fail("198.51.100.9", 2))));

    HttpResponse<String> first = post(body, "Bearer " + TOKEN);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.body())
        .contains("\"result\":\"stored\"", "\"reportId\":\"u-1\"", "\"messages\":9");

    HttpResponse<String> again = post(body, "Bearer " + TOKEN);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"result\":\"duplicate\"");

    assertThat(store.totals("example.com", NOW.minus(Duration.ofDays(7)), NOW).messages())
        .isEqualTo(9);
    // counted once in /metrics, not twice
    String metrics = registry.scrape();
    assertThat(metrics)
        .contains(
            "senderdomain_report_messages_total{disposition=\"none\",domain=\"example.com\","
                + "reporter=\"google.com\",result=\"pass\"} 7.0");
    assertThat(metrics)
        .contains(
            "senderdomain_report_messages_total{disposition=\"none\",domain=\"example.com\","
                + "reporter=\"google.com\",result=\"fail\"} 2.0");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "Bearer wrong",
        "Bearer " + TOKEN + "x",
        "Basic dXNlcjpwYXNz",
        TOKEN,
        "Bearer ",
        "Bearer upload-token-012345678"
      })
  void refusesAMissingOrWrongToken(String authorization) throws Exception {
    HttpResponse<String> r =
        post(xml(report("a", "t", "example.com", DAY, pass("192.0.2.1", 1))), authorization);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(store.lastReportAt("example.com")).isEmpty();
  }

  @Test
  void theTokenIsReadPerRequestSoARotatedSecretTakesEffect() throws Exception {
    byte[] body = xml(report("a", "rot", "example.com", DAY, pass("192.0.2.1", 1)));
    token.set("rotated-token");
    assertThat(post(body, "Bearer " + TOKEN).statusCode()).isEqualTo(401);
    assertThat(post(body, "bearer rotated-token").statusCode()).isEqualTo(201);
    token.set("");
    assertThat(post(body, "Bearer ").statusCode()).isEqualTo(503);
  }

  @Test
  void refusesAnOversizedUploadFromItsContentLengthBeforeReadingTheBody() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      // claims a gigabyte and sends none of it: the answer can only come from the header
      out.write(
          ("POST /reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Length: 1000000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void refusesAnOversizedChunkedUploadWhileStreaming() throws Exception {
    dev.senderdomain.operator.report.ReportRecord[] many =
        new dev.senderdomain.operator.report.ReportRecord[2000];
    for (int i = 0; i < many.length; i++) {
      many[i] = pass("10.0." + (i / 250) + "." + (i % 250), 1);
    }
    byte[] padded =
        xml(report("a", "big", "example.com", DAY, many)); // a legal report, just too big
    assertThat(padded.length).isGreaterThan((int) LIMIT * 3);
    HttpRequest request =
        HttpRequest.newBuilder(uri())
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded)))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(store.lastReportAt("example.com")).isEmpty();
  }

  @Test
  void answersABrokenReportWithTheParsersReason() throws Exception {
    HttpResponse<String> r =
        post("<feedback><report_metadata>".getBytes(StandardCharsets.UTF_8), "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"result\":\"error\"").doesNotContain("Exception");
    HttpResponse<String> notXml = post(new byte[] {1, 2, 3, 4}, "Bearer " + TOKEN);
    assertThat(notXml.statusCode()).isEqualTo(400);
    assertThat(notXml.body()).contains("neither XML, gzip nor zip");
  }

  @Test
  void refusesReportsAboutDomainsNoSenderDomainManages() throws Exception {
    HttpResponse<String> r =
        post(xml(report("a", "x", "victim.example", DAY, pass("192.0.2.1", 1))), "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("victim.example", "no SenderDomain manages");
  }

  @Test
  void refusesAReportOlderThanTheRetentionInsteadOfStoringIt() throws Exception {
    HttpResponse<String> r =
        post(
            xml(
                report(
                    "google.com",
                    "2024-05",
                    "example.com",
                    Instant.parse("2024-05-01T00:00:00Z"),
                    pass("192.0.2.1", 1))),
            "Bearer " + TOKEN);

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains(
            "report period ended 2024-05-01T23:59:59Z",
            "retention of 400 days (SDO_REPORT_RETENTION)",
            "not stored");
    assertThat(store.lastReportAt("example.com")).isEmpty();
  }

  @Test
  void storesAReportWithABadRecordAndSaysWhichRecordWasSkipped() throws Exception {
    String body =
        new String(
                xml(report("google.com", "r-bad", "example.com", DAY, pass("192.0.2.1", 4))),
                StandardCharsets.UTF_8)
            .replace("</feedback>", BAD_RECORD + "</feedback>");

    HttpResponse<String> r = post(body.getBytes(StandardCharsets.UTF_8), "Bearer " + TOKEN);

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body())
        .contains(
            "\"messages\":4,\"skippedRecords\":1,\"skipped\":[\"record/row/source_ip (record 2)"
                + " is not an IPv4 or IPv6 address: \\\"mail.example\\\"\"]");
    assertThat(store.totals("example.com", DAY, NOW).messages()).isEqualTo(4);
  }

  static final String BAD_RECORD =
      "<record><row><source_ip>mail.example</source_ip><count>9</count></row></record>";

  @Test
  void onlyPostIsAllowed() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri()).header("Authorization", "Bearer " + TOKEN).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("POST");
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/reports");
  }

  private HttpResponse<String> post(byte[] body, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
