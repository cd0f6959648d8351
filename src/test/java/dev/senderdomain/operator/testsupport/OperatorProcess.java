package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as deployed: {@code java -jar target/senderdomain-operator.jar} with the arguments
 * and environment the Helm chart gives its container (POD_NAMESPACE and POD_NAME from the downward
 * API, leader election on, the JVM flags), authenticated to an {@link ApiServerStandIn} as the
 * chart's ServiceAccount through a kubeconfig, in its own JVM. Stopped with SIGTERM as the kubelet
 * does, or SIGKILL.
 *
 * <p>Without the packaged jar (a test run from an IDE before {@code mvn package}) the same main
 * class runs from the test classpath, and {@link #launch()} says so.
 */
public final class OperatorProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target", "senderdomain-operator.jar");

  private final Process process;
  private final Path log;
  private final int port;
  private final String podName;
  private final String launch;

  private OperatorProcess(Process process, Path log, int port, String podName, String launch) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.podName = podName;
    this.launch = launch;
  }

  /**
   * Starts a pod's worth of operator against {@code api}.
   *
   * @param podName the pod's name (the leader identity)
   * @param overrides environment variables set on top of the chart's (e.g. a short
   *     SDO_RESYNC_INTERVAL); SDO_HTTP_PORT, the report store and the public DNS checks are set for
   *     a test machine (a free port, an in-memory store, no internet)
   */
  public static OperatorProcess start(
      ApiServerStandIn api, String podName, Map<String, String> overrides) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "ring", podName));
      Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
      int port = DnsTestServer.freePort();
      Map<String, String> env = new LinkedHashMap<>(api.chart().environment(podName));
      env.put("SDO_HTTP_PORT", Integer.toString(port));
      env.put("SDO_REPORT_STORE_URL", "h2:mem:" + podName);
      env.put("SDO_PUBLIC_DNS_CHECKS", "false");
      env.put("SDO_LOG_FORMAT", "text");
      env.putAll(overrides);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String launch;
      if (Files.exists(JAR)) {
        cmd.addAll(List.of("-jar", JAR.toString()));
        launch = "java -jar " + JAR;
      } else {
        cmd.addAll(
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.senderdomain.operator.cli.Main"));
        launch = "the test classpath (" + JAR + " not built)";
      }
      cmd.addAll(api.chart().args());
      Path log = dir.resolve("operator.log");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // Nothing of the test JVM's Kubernetes settings leaks in: the kubeconfig is the only way.
      pb.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES") || k.startsWith("SDO_"));
      pb.environment().putAll(env);
      pb.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
      // The chart's JAVA_TOOL_OPTIONS (heap as a share of the container) need a container size.
      pb.environment()
          .put("JAVA_TOOL_OPTIONS", env.getOrDefault("JAVA_TOOL_OPTIONS", "") + " -XX:MaxRAM=512m");
      // A new log per process: a pod name is never reused, a test run's leftovers are not read.
      Files.writeString(log, "=== " + podName + ": " + String.join(" ", cmd) + "\n");
      return new OperatorProcess(pb.start(), log, port, podName, launch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String podName() {
    return podName;
  }

  /** How the operator was started: the packaged jar, or the test classpath. */
  public String launch() {
    return launch;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for {@code /healthz/ready}; fails early, with the log, if the process exits. */
  public OperatorProcess awaitReady(Duration atMost) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            podName + " exited with " + process.exitValue() + ":\n" + logTail(40));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz/ready"))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    throw new IllegalStateException(podName + " not ready within " + atMost + ":\n" + logTail(40));
  }

  /** SIGTERM, as the kubelet stops a pod, then waits for the exit code. */
  public int terminate(Duration grace) {
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
      // The kubelet's SIGKILL after the grace period.
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          podName + " did not stop within " + grace + " of SIGTERM:\n" + logTail(40));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The process's output (JSON or text log lines) so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  public String logTail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
