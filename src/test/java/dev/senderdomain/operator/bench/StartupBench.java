package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;
import static dev.senderdomain.operator.bench.BenchTable.mib;
import static dev.senderdomain.operator.bench.BenchTable.s;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.testsupport.BindServer;
import dev.senderdomain.operator.testsupport.DnsTestServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * 6. Start-up and footprint: {@code java -jar target/senderdomain-operator.jar run} as its own
 * process, with the JVM sized as in the container (512 MiB limit, {@code MaxRAMPercentage=75}),
 * against the CRUD mock API holding N SenderDomains and a real BIND: time from process start to
 * {@code /healthz/ready} 200, then RSS once all N are Ready.
 */
final class StartupBench {
  private final BenchTable table;

  StartupBench(BenchTable table) {
    this.table = table;
  }

  /**
   * {@code java -jar target/senderdomain-operator.jar run} (or the same main class from the
   * classpath when the jar is not built) against a CRUD mock API without authentication, leader
   * election off, the JVM sized as in the container; output to {@code log}.
   */
  static ProcessBuilder operatorProcess(String apiUrl, int port, Path log, String... extraArgs) {
    Path jar = Path.of("target", "senderdomain-operator.jar");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                javaBin(),
                "-XX:MaxRAM=512m",
                "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError"));
    cmd.addAll(
        Files.exists(jar)
            ? List.of("-jar", jar.toString())
            : List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.senderdomain.operator.cli.Main"));
    cmd.addAll(
        List.of(
            "run",
            "--leader-election",
            "false",
            "--http-port",
            Integer.toString(port),
            "--log-format",
            "text"));
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KUBERNETES_MASTER", apiUrl);
    pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    pb.environment().put("KUBERNETES_NAMESPACE", ScaleBench.NS);
    pb.environment().put("POD_NAMESPACE", "operators");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    return pb;
  }

  static String launchDescription() {
    return Files.exists(Path.of("target", "senderdomain-operator.jar"))
        ? "java -jar"
        : "classpath, jar not built";
  }

  void run(int n, Duration timeout) throws Exception {
    String how = launchDescription();
    try (BindServer bind = BindServer.start(List.of(ScaleBench.ZONE), java.util.Map.of(), true);
        CountingApi api = new CountingApi();
        KubernetesClient user = api.newClient()) {
      api.namespace(ScaleBench.NS);
      ScaleFixtures.setUp(user, bind);
      for (int i = 0; i < n; i++) {
        user.resource(ScaleFixtures.domain(i, DkimAlgorithm.ED25519)).create();
      }
      int port = DnsTestServer.freePort();
      Path log = Path.of("target", "bench-operator.log");
      ProcessBuilder pb = operatorProcess(api.url(), port, log);
      long t0 = System.nanoTime();
      Process p = pb.start();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        double ready = -1;
        while (ready < 0) {
          if (!p.isAlive()) {
            throw new IllegalStateException("operator exited " + p.exitValue() + ", see " + log);
          }
          if (System.nanoTime() - t0 > timeout.toNanos()) {
            throw new IllegalStateException(
                "operator not ready within " + timeout + ", see " + log);
          }
          try {
            HttpResponse<Void> r =
                http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/healthz/ready"))
                        .timeout(Duration.ofSeconds(1))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
              ready = (System.nanoTime() - t0) / 1e9;
            }
          } catch (java.io.IOException notYet) {
            // not listening yet
          }
          if (ready < 0) {
            Thread.sleep(20);
          }
        }
        table.add(
            "6",
            f("process start to /healthz/ready (%,d domains in the API; %s)", n, how),
            s(ready),
            "",
            "",
            "<= 5 s");
        long rssAtReady = ProcStat.statusBytes(p.pid(), "VmRSS");
        while (true) {
          long inApi =
              user
                  .resources(SenderDomain.class)
                  .inNamespace(ScaleBench.NS)
                  .list()
                  .getItems()
                  .stream()
                  .filter(ScaleFixtures::isReady)
                  .count();
          if (inApi == n) {
            break;
          }
          if (System.nanoTime() - t0 > timeout.toNanos()) {
            throw new IllegalStateException(f("only %d of %d Ready, see %s", inApi, n, log));
          }
          Thread.sleep(500);
        }
        double allReady = (System.nanoTime() - t0) / 1e9;
        long rss = ProcStat.statusBytes(p.pid(), "VmRSS");
        long hwm = ProcStat.statusBytes(p.pid(), "VmHWM");
        table.add(
            "6",
            f("RSS with %,d domains Ready", n),
            f("%s (peak %s; %s at ready)", mib(rss), mib(hwm), mib(rssAtReady)),
            "",
            "",
            "<= 300 MiB");
        table.note("6", f("%,d domains Ready after start", n), s(allReady));
      } finally {
        p.destroy();
        p.waitFor();
      }
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
