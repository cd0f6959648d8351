package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.testsupport.DnsTestServer;
import dev.senderdomain.operator.testsupport.MockApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code run} as a user starts it: against the (mock) API server named by the standard Fabric8
 * settings, serving health probes that follow JOSDK's state, Prometheus metrics (JOSDK's and ours),
 * the report upload and the dashboard on one port; it stops cleanly when told to.
 */
class RunCommandIT {
  @Test
  void runServesProbesMetricsUploadAndDashboardAndStopsCleanly() throws Exception {
    try (MockApi api = new MockApi()) {
      System.setProperty("kubernetes.master", api.client().getMasterUrl().toString());
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      System.setProperty("kubernetes.auth.tryServiceAccount", "false");
      int port = DnsTestServer.freePort();
      RunCommand run = new RunCommand();
      CommandLine cl = new CommandLine(run);
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  cl.execute(
                      "--http-port",
                      String.valueOf(port),
                      "--leader-election",
                      "false",
                      "--log-format",
                      "text",
                      "--public-dns-checks",
                      "false",
                      "--report-store",
                      "h2:mem:run-it"));
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(http, base + "/healthz/ready").statusCode() == 200);
      assertThat(get(http, base + "/healthz/live").statusCode()).isEqualTo(200);
      String metrics = get(http, base + "/metrics").body();
      assertThat(metrics).contains("# TYPE").contains("operator_sdk");
      // JVM and process metrics next to the operator's own.
      assertThat(metrics)
          .contains("jvm_memory_used_bytes{")
          .contains("jvm_gc_")
          .contains("jvm_threads_live_threads")
          .contains("jvm_compilation_time_ms_total")
          .contains("process_cpu_usage")
          .contains("process_uptime_seconds");
      // No read token configured: report data is not served to whoever reaches the port.
      HttpResponse<String> dashboard = get(http, base + "/dashboard");
      assertThat(dashboard.statusCode()).isEqualTo(503);
      assertThat(dashboard.body()).contains("SDO_DASHBOARD_TOKEN");
      // No upload token configured: the endpoint refuses rather than accepting anonymous reports.
      HttpResponse<String> upload =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/reports"))
                  .POST(HttpRequest.BodyPublishers.ofString("<feedback/>"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).isIn(401, 403, 404, 503);

      run.stop.countDown();
      assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    } finally {
      System.clearProperty("kubernetes.master");
      System.clearProperty("kubernetes.auth.tryKubeConfig");
      System.clearProperty("kubernetes.auth.tryServiceAccount");
    }
  }

  static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
