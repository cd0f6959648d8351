package dev.senderdomain.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Fabric8 CRUD mock API (as {@code MockApi}), counting every request by method and the wall and
 * CPU time the mock spends answering, so the benchmark can tell the operator's cost from the
 * mock's.
 */
final class CountingApi implements AutoCloseable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> writesByPath = new ConcurrentHashMap<>();
  private final LongAdder secretReads = new LongAdder();
  private final AtomicLong dispatchNanos = new AtomicLong();
  private final AtomicLong dispatchCpuNanos = new AtomicLong();
  private final KubernetesMockServer server;

  CountingApi() {
    KubernetesCrudDispatcher counting =
        new IndexedCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            byMethod.computeIfAbsent(request.getMethod(), m -> new LongAdder()).increment();
            if ("GET".equals(request.getMethod()) && request.getPath().contains("/secrets/")) {
              secretReads.increment();
            }
            if (!"GET".equals(request.getMethod())) {
              String path =
                  request
                      .getPath()
                      .replaceAll("\\?.*", "")
                      .replaceAll("/namespaces/([^/]+)/([^/]+)/[^/]+", "/namespaces/$1/$2/*");
              writesByPath
                  .computeIfAbsent(request.getMethod() + " " + path, m -> new LongAdder())
                  .increment();
            }
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try {
              return super.dispatch(request);
            } finally {
              dispatchNanos.addAndGet(System.nanoTime() - start);
              dispatchCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
            }
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), counting, false);
    server.init();
  }

  /**
   * A new client of this server (each closes on its own), on the JDK's HTTP client: the mock serves
   * on Vert.x, so with clients that never use Vert.x its event-loop threads are the mock's alone
   * and {@link #serverCpuSeconds} can count them.
   */
  KubernetesClient newClient() {
    return server.createClient(new JdkHttpClientFactory());
  }

  /**
   * CPU time of every thread of the mock's HTTP server so far (Vert.x event loops and workers):
   * parsing requests, the dispatcher, watch events, writing answers. The dispatcher alone ({@link
   * #dispatchCpuSeconds}) is about half of it.
   */
  double serverCpuSeconds() {
    long nanos = 0;
    for (ThreadInfo t : THREADS.dumpAllThreads(false, false)) {
      if (t.getThreadName().startsWith("vert.x-")) {
        long cpu = THREADS.getThreadCpuTime(t.getThreadId());
        nanos += Math.max(cpu, 0);
      }
    }
    return nanos / 1e9;
  }

  String url() {
    return server.url("/");
  }

  void namespace(String name) {
    try (KubernetesClient c = newClient()) {
      c.namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  /** GETs of one Secret so far: every reconcile reads its domain's key Secret once. */
  long secretReads() {
    return secretReads.sum();
  }

  /** Requests so far per HTTP method. */
  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    byMethod.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Writes so far per method and path (object names replaced by *). */
  Map<String, Long> writesByPath() {
    Map<String, Long> out = new TreeMap<>();
    writesByPath.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  static long writes(Map<String, Long> counts) {
    return total(counts) - counts.getOrDefault("GET", 0L);
  }

  static Map<String, Long> minus(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new TreeMap<>();
    a.forEach((k, v) -> out.put(k, v - b.getOrDefault(k, 0L)));
    return out;
  }

  double dispatchSeconds() {
    return dispatchNanos.get() / 1e9;
  }

  double dispatchCpuSeconds() {
    return dispatchCpuNanos.get() / 1e9;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
