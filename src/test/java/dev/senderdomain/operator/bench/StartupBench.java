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
 * process, with the JVM sized as in the chart's default pod (512 MiB and 1 CPU limit, {@code
 * MaxRAMPercentage=75}), against the CRUD mock API holding N SenderDomains and a real BIND: time
 * from process start to {@code /healthz/ready} 200, then RSS and the process's CPU per domain once
 * all N are Ready.
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
                // What the JVM sees in the chart's default pod (limits: cpu 1, memory 512Mi): its
                // ergonomics then pick the collector and compiler threads they pick there.
                "-XX:ActiveProcessorCount=1",
                "-XX:MaxRAM=512m",
                "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError"));
    // Extra flags for profiling, e.g. -Dbench.operator.jvm=-XX:StartFlightRecording=...
    String extra = System.getProperty("bench.operator.jvm", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
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
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        double cpuAtReady = ProcStat.cpuSeconds(stat);
        double jitAtReady = jitSeconds(http, port);
        double cpuAtHalf = -1;
        long readyAtHalf = 0;
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
          if (cpuAtHalf < 0 && inApi >= n / 2) {
            cpuAtHalf = ProcStat.cpuSeconds(stat);
            readyAtHalf = inApi;
          }
          if (System.nanoTime() - t0 > timeout.toNanos()) {
            throw new IllegalStateException(f("only %d of %d Ready, see %s", inApi, n, log));
          }
          Thread.sleep(500);
        }
        double allReady = (System.nanoTime() - t0) / 1e9;
        double cpuAtEnd = ProcStat.cpuSeconds(stat);
        double jitAtEnd = jitSeconds(http, port);
        long rss = ProcStat.statusBytes(p.pid(), "VmRSS");
        long hwm = ProcStat.statusBytes(p.pid(), "VmHWM");
        // The operator alone in its process: no mock API or benchmark threads to subtract. From
        // /healthz/ready on, so JVM start and class loading are not counted; JIT and GC are.
        table.add(
            "6",
            f("operator CPU per new Ed25519 domain, its own process, cold (%,d domains)", n),
            f(
                "%.1f ms from ready to all Ready (%.1f s, of it JIT compilation %.1f s); %.1f ms for"
                    + " the second half (%d domains)",
                1000 * (cpuAtEnd - cpuAtReady) / n,
                cpuAtEnd - cpuAtReady,
                jitAtEnd - jitAtReady,
                cpuAtHalf < 0 ? Double.NaN : 1000 * (cpuAtEnd - cpuAtHalf) / (n - readyAtHalf),
                n - readyAtHalf),
            "",
            "",
            "");
        // Then as an operator that has been running a while meets new customers' domains: the
        // same number again, twice, each batch created after the ones before are Ready. JIT
        // compilation is reported apart: it shrinks as the JVM warms, the rest is the operator's.
        double cpuBefore = cpuAtEnd;
        double jitBefore = jitAtEnd;
        for (int batch = 2; batch <= 3; batch++) {
          for (int i = (batch - 1) * n; i < batch * n; i++) {
            user.resource(ScaleFixtures.domain(i, DkimAlgorithm.ED25519)).create();
          }
          while (readyCount(user) < (long) batch * n) {
            if (System.nanoTime() - t0 > 3 * timeout.toNanos()) {
              throw new IllegalStateException(f("not all %d Ready, see %s", batch * n, log));
            }
            Thread.sleep(500);
          }
          double cpu = ProcStat.cpuSeconds(stat);
          double jit = jitSeconds(http, port);
          double spent = cpu - cpuBefore;
          double compiling = jit - jitBefore;
          table.add(
              "6",
              f(
                  "operator CPU per new Ed25519 domain, its own process, warm: batch %d (%,d more"
                      + " domains)",
                  batch, n),
              f(
                  "%.1f ms (%.1f s, of it JIT compilation %.1f s); without JIT %.1f ms",
                  1000 * spent / n, spent, compiling, 1000 * (spent - compiling) / n),
              "",
              "",
              "<= 10 ms");
          cpuBefore = cpu;
          jitBefore = jit;
        }
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

  /** The JVM's JIT compilation time so far, from the operator's own /metrics. */
  private static double jitSeconds(HttpClient http, int port) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : body.split("\n")) {
      if (line.startsWith("jvm_compilation_time_ms_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) / 1000;
      }
    }
    throw new IllegalStateException("no jvm_compilation_time_ms_total in /metrics");
  }

  private static long readyCount(KubernetesClient user) {
    return user.resources(SenderDomain.class).inNamespace(ScaleBench.NS).list().getItems().stream()
        .filter(ScaleFixtures::isReady)
        .count();
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
