package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;
import static dev.senderdomain.operator.bench.BenchTable.mib;
import static dev.senderdomain.operator.bench.BenchTable.s;
import static dev.senderdomain.operator.bench.BenchTable.x;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dns.publish.SharedProviders;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.reconciler.AuthoritativeServers;
import dev.senderdomain.operator.reconciler.KeyManager;
import dev.senderdomain.operator.reconciler.KubernetesSecretResolver;
import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.reconciler.ProviderLookup;
import dev.senderdomain.operator.reconciler.ProviderRecordPublisher;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import dev.senderdomain.operator.reconciler.SecretKeyManager;
import dev.senderdomain.operator.testsupport.BindServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 3 and 4. Reconcile at scale and steady state: the real {@link OperatorRuntime} with its
 * production seams ({@link SecretKeyManager}, {@link ProviderRecordPublisher} with the RFC 2136
 * adapter, verification at the server) against the Fabric8 CRUD mock API and a real BIND. N
 * SenderDomains are applied; the clock runs until the API shows every one Ready. The reference is
 * generating the same number of keys of the same algorithm, alone, on all cores, in the same run.
 * Then the operator is restarted as a new process (the jar), which reconciles every domain again (a
 * full resync of unchanged domains), and the writes that causes are counted.
 */
final class ScaleBench {
  static final String NS = "mail";
  static final String ZONE = "scale.test";
  // The resync interval and so the zone listing window: longer than any run, as in production.
  static final Duration RESYNC = Duration.ofHours(1);

  private final BenchTable table;
  private final int threads;

  ScaleBench(BenchTable table, int threads) {
    this.table = table;
    this.threads = threads;
  }

  /** One scenario; {@code steadyState} also runs the restart resync. */
  void run(String section, DkimAlgorithm alg, int n, boolean steadyState, Duration timeout)
      throws Exception {
    double keygen = keygenSeconds(alg, n, threads);
    try (BindServer bind = BindServer.start(List.of(ZONE), java.util.Map.of(), true);
        CountingApi api = new CountingApi();
        KubernetesClient user = api.newClient();
        KubernetesClient operatorClient = api.newClient()) {
      api.namespace(NS);
      ScaleFixtures.setUp(user, bind);
      Timings timings = new Timings();
      OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
      OperatorRuntime runtime = start(operatorClient, metrics, timings);
      long userRequests = 0;
      Map<String, Long> api0 = api.counts();
      long[] dns0 = bind.opcodes();
      double cpu0 = processCpu();
      double bindCpu0 = ProcStat.cpuSeconds(java.nio.file.Path.of("/proc", bind.pid(), "stat"));
      double mock0 = api.dispatchSeconds();
      double mockCpu0 = api.dispatchCpuSeconds();
      double serverCpu0 = api.serverCpuSeconds();
      Map<Long, Long> threadCpu0 = threadCpu();
      double jit0 = jitSeconds();
      double gc0 = gcSeconds();
      // Built before the clock starts: parsing N manifests is the benchmark's cost, not the
      // operator's.
      List<SenderDomain> domains = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        domains.add(ScaleFixtures.domain(i, alg));
      }
      HeapWatch heap = new HeapWatch();
      AtomicLong applyCpuNanos = new AtomicLong();
      long t0 = System.nanoTime();
      userRequests += apply(user, domains, applyCpuNanos);
      long lastPrint = System.nanoTime();
      // CPU when half the domains were finished: the second half's cost per domain is the
      // operator's marginal cost, with the JIT's warm-up (tens of seconds of compilation at first)
      // mostly behind it.
      double[] atHalf = null;
      int doneAtHalf = 0;
      while (timings.done.size() < n) {
        if (atHalf == null && timings.done.size() >= n / 2) {
          doneAtHalf = timings.done.size();
          atHalf = new double[] {processCpu(), api.serverCpuSeconds()};
        }
        if (System.nanoTime() - t0 > timeout.toNanos()) {
          throw new IllegalStateException(
              f("only %d of %d done after %s", timings.done.size(), n, timeout));
        }
        if (System.nanoTime() - lastPrint > 15e9) {
          System.out.printf(
              "    %s: %d/%d done (%d Ready) after %.0f s%n",
              alg, timings.done.size(), n, ready(metrics), (System.nanoTime() - t0) / 1e9);
          lastPrint = System.nanoTime();
        }
        Thread.sleep(200);
      }
      // Done as the seams saw it (active key, every record verified); the API must show it too.
      while (true) {
        userRequests++;
        long inApi =
            user.resources(SenderDomain.class).inNamespace(NS).list().getItems().stream()
                .filter(ScaleFixtures::isReady)
                .count();
        if (inApi == n) {
          break;
        }
        Thread.sleep(200);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = processCpu() - cpu0;
      double bindCpu =
          ProcStat.cpuSeconds(java.nio.file.Path.of("/proc", bind.pid(), "stat")) - bindCpu0;
      double mock = api.dispatchSeconds() - mock0;
      double mockCpu = api.dispatchCpuSeconds() - mockCpu0;
      double serverCpu = api.serverCpuSeconds() - serverCpu0;
      String byThread = cpuByThreadGroup(threadCpu0);
      double jit = jitSeconds() - jit0;
      double gc = gcSeconds() - gc0;
      double applyCpu = applyCpuNanos.get() / 1e9;
      Map<String, Long> apiDelta = CountingApi.minus(api.counts(), api0);
      long operatorRequests = CountingApi.total(apiDelta) - userRequests;
      long[] dns = bind.opcodes();
      long peakLive = heap.peakLiveAfterGc();
      long peakPools = heap.peakPoolsSum();
      heap.close();
      long liveAll = HeapWatch.liveNow();

      String what = f("%,d %s domains", n, alg);
      table.add(
          section,
          what + ": applied until all Ready with an active key",
          s(wall),
          f("keygen alone %s (%d threads)", s(keygen), threads),
          x(wall / keygen),
          "<= 1.3x");
      table.note(
          section,
          what + ": CPU time",
          f(
              "%.1f s in the JVM (of it %.1f s in the mock API), BIND %.1f s; "
                  + "%.0f%% of %d cores busy",
              cpu,
              mockCpu,
              bindCpu,
              100 * (cpu + bindCpu) / wall / Runtime.getRuntime().availableProcessors(),
              Runtime.getRuntime().availableProcessors()));
      table.note(
          section,
          what + ": where reconcile threads spent time",
          f(
              "keys (generate + Secret) %.0f s, "
                  + "DNS (read, UPDATE, verify) %.0f s, of %.0f thread-s; mock answering requests %.0f s (wall, all "
                  + "threads)",
              timings.keySeconds(), timings.publishSeconds(), wall * threads, mock));
      table.add(section, what + ": peak heap (live after GC)", mib(peakLive), "", "", "<= 512 MiB");
      table.note(
          section,
          what + ": heap detail",
          f(
              "pool peaks incl. garbage %s; live at end %s, of which the mock "
                  + "API's store is part",
              mib(peakPools), mib(liveAll)));
      table.add(
          section,
          what + ": API requests per domain",
          f(
              "%.1f (%s; %d reconciles)",
              operatorRequests / (double) n,
              operatorOnly(apiDelta, userRequests),
              timings.publishCalls.get()),
          "",
          "",
          "<= 6");
      table.add(
          section,
          what + ": DNS messages per domain",
          f(
              "%.1f (UPDATE %.2f, QUERY %.1f)",
              (dns[0] + dns[1] - dns0[0] - dns0[1]) / (double) n,
              (dns[1] - dns0[1]) / (double) n,
              (dns[0] - dns0[0]) / (double) n),
          "",
          "",
          "<= 16");
      // The JVM's CPU less the mock API's HTTP server threads (its dispatcher and the HTTP and
      // watch handling around it) and the threads that applied the SenderDomains: the operator,
      // with the Fabric8 client's work on its side, plus the benchmark's polling and the client
      // callbacks of its own few requests. The earlier figure subtracted the dispatcher alone.
      table.add(
          section,
          what + ": operator CPU per domain (JVM minus the mock API's server threads)",
          f(
              "%.1f ms (JVM %.1f s - mock server %.1f s - applying %.1f s; minus the dispatcher"
                  + " alone, as measured before: %.1f ms)",
              1000 * (cpu - serverCpu - applyCpu) / n,
              cpu,
              serverCpu,
              applyCpu,
              1000 * (cpu - mockCpu) / n),
          "",
          "",
          alg == DkimAlgorithm.ED25519 ? "<= 10 ms" : "");
      if (atHalf != null && doneAtHalf < n) {
        double cpuEnd = processCpu();
        double serverEnd = api.serverCpuSeconds();
        table.add(
            section,
            what + ": operator CPU per domain, second half (after warm-up)",
            f(
                "%.1f ms (%d domains finished after the first %d: JVM %.1f s - mock server %.1f s)",
                1000 * ((cpuEnd - atHalf[0]) - (serverEnd - atHalf[1])) / (n - doneAtHalf),
                n - doneAtHalf,
                doneAtHalf,
                cpuEnd - atHalf[0],
                serverEnd - atHalf[1]),
            "",
            "",
            alg == DkimAlgorithm.ED25519 ? "<= 10 ms" : "");
      }
      table.note(
          section,
          what + ": JVM overheads inside the operator CPU",
          f(
              "JIT compilation %.1f s (a warm-up cost: %.1f ms per domain at this N), GC pauses"
                  + " %.1f s (wall; the heap also holds the mock's store)",
              jit, 1000 * jit / n, gc));
      table.note(section, what + ": CPU by thread (threads alive at the end)", byThread);

      // Let follow-up reconciles (a status message catching up) finish: closing interrupts
      // reconciles in flight.
      quiet(timings, Duration.ofSeconds(3), Duration.ofSeconds(60));
      runtime.close();
      long mockOnly = HeapWatch.liveNow();
      table.note(
          section,
          what + ": heap without the operator",
          f(
              "%s live after the operator stopped (mock store "
                  + "and benchmark): the operator's share at the end is about %s",
              mib(mockOnly), mib(liveAll - mockOnly)));
      if (steadyState) {
        steadyState(api, bind, n, operatorClient);
      }
    }
  }

  /**
   * 4. Steady state across a restart, as a rollout, a drain or a failover restarts the operator: a
   * new process (a new JVM, so nothing in memory carries over, not even Map.of's iteration order)
   * reconciles every domain again; the DNS UPDATEs and API writes that causes are counted. Each
   * reconcile reads its domain's key Secret, so the pass is over once n Secret reads have happened
   * and the API has been quiet for 5 s.
   */
  private void steadyState(CountingApi api, BindServer bind, int n, KubernetesClient client)
      throws Exception {
    // The first process finds the status written by the in-process runtime above, which runs
    // without a report pipeline: it adds status.reports once per domain. The restart after it is
    // the one a rollout or a failover does.
    long[] first = processPass(api, bind, n);
    table.note(
        "4",
        f("%,d domains, first operator process after the in-process run", n),
        f(
            "%d API writes (status.reports added: the in-process run has no report pipeline), %d DNS"
                + " UPDATEs",
            first[0], first[1]));
    steadyStatePass(api, bind, n, client);
  }

  /** One operator process until it has reconciled every domain: {API writes, DNS UPDATEs}. */
  private long[] processPass(CountingApi api, BindServer bind, int n) throws Exception {
    Map<String, Long> api0 = api.counts();
    long[] dns0 = bind.opcodes();
    runProcess(api, n, java.nio.file.Path.of("target", "bench-steady-state-first.log"));
    return new long[] {
      CountingApi.writes(CountingApi.minus(api.counts(), api0)), bind.opcodes()[1] - dns0[1]
    };
  }

  private void steadyStatePass(CountingApi api, BindServer bind, int n, KubernetesClient client)
      throws Exception {
    Map<String, String> before = snapshot(client);
    Map<String, Long> api0 = api.counts();
    Map<String, Long> paths0 = api.writesByPath();
    long[] dns0 = bind.opcodes();
    long reads0 = api.secretReads();
    double wall =
        runProcess(api, n, java.nio.file.Path.of("target", "bench-steady-state-operator.log"));
    if (Boolean.getBoolean("bench.diff")) {
      Map<String, String> after = snapshot(client);
      int shown = 0;
      for (var e : after.entrySet()) {
        if (!e.getValue().equals(before.get(e.getKey())) && shown++ < 4) {
          System.out.println(
              "CHANGED "
                  + e.getKey()
                  + "\nBEFORE "
                  + before.get(e.getKey())
                  + "\nAFTER  "
                  + e.getValue());
        }
      }
    }
    Map<String, Long> delta = CountingApi.minus(api.counts(), api0);
    long[] dns = bind.opcodes();
    String what =
        f(
            "%,d unchanged domains, operator restarted as a new process (%s)",
            n, StartupBench.launchDescription());
    Map<String, Long> paths = CountingApi.minus(api.writesByPath(), paths0);
    paths.values().removeIf(v -> v == 0);
    table.add(
        "4",
        what + ": API writes",
        CountingApi.writes(delta) + (paths.isEmpty() ? "" : " " + paths),
        "",
        "",
        "0");
    table.add("4", what + ": DNS UPDATE messages", Long.toString(dns[1] - dns0[1]), "", "", "0");
    table.note(
        "4",
        what + ": reads",
        f(
            "%d API GETs, %d DNS queries, %d key Secret reads (one per reconcile), %s from process"
                + " start",
            delta.getOrDefault("GET", 0L), dns[0] - dns0[0], api.secretReads() - reads0, s(wall)));
  }

  /**
   * Runs the operator jar until it has read every domain's key Secret (one read per reconcile) and
   * the API has been quiet for 5 s; returns the seconds that took, the quiet time not counted.
   */
  private double runProcess(CountingApi api, int n, java.nio.file.Path log) throws Exception {
    long reads0 = api.secretReads();
    long t0 = System.nanoTime();
    Process p =
        StartupBench.operatorProcess(
                api.url(),
                dev.senderdomain.operator.testsupport.DnsTestServer.freePort(),
                log,
                "--resync",
                "1h",
                "--reconcile-threads",
                Integer.toString(threads),
                "--public-dns-checks",
                "false",
                "--report-store",
                "h2:mem:bench")
            .start();
    double wall;
    try {
      long quietSince = System.nanoTime();
      long seen = -1;
      while (api.secretReads() - reads0 < n || System.nanoTime() - quietSince < 5e9) {
        if (!p.isAlive()) {
          throw new IllegalStateException("operator exited " + p.exitValue() + ", see " + log);
        }
        if (System.nanoTime() - t0 > 600e9) {
          throw new IllegalStateException(
              f("only %d of %d domains reconciled, see %s", api.secretReads() - reads0, n, log));
        }
        long now = CountingApi.total(api.counts());
        if (now != seen) {
          seen = now;
          quietSince = System.nanoTime();
        }
        Thread.sleep(100);
      }
      wall = (System.nanoTime() - t0) / 1e9 - 5;
    } finally {
      p.destroy();
      p.waitFor();
    }
    return wall;
  }

  /** Waits until no reconcile has started for {@code quiet} (at most {@code max}). */
  private static void quiet(Timings timings, Duration quiet, Duration max)
      throws InterruptedException {
    long start = System.nanoTime();
    long seen = -1;
    long since = System.nanoTime();
    while (System.nanoTime() - since < quiet.toNanos()
        && System.nanoTime() - start < max.toNanos()) {
      long now = timings.keyCalls.get() + timings.publishCalls.get();
      if (now != seen) {
        seen = now;
        since = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  private static Map<String, String> snapshot(KubernetesClient client) {
    Map<String, String> out = new java.util.TreeMap<>();
    client
        .secrets()
        .inNamespace(NS)
        .list()
        .getItems()
        .forEach(
            x ->
                out.put(
                    "secret " + x.getMetadata().getName(),
                    x.getMetadata().getAnnotations()
                        + " "
                        + x.getMetadata().getLabels()
                        + " "
                        + x.getData().keySet()));
    client
        .resources(SenderDomain.class)
        .inNamespace(NS)
        .list()
        .getItems()
        .forEach(
            x -> out.put("sd " + x.getMetadata().getName(), Serialization.asJson(x.getStatus())));
    return out;
  }

  private static String operatorOnly(Map<String, Long> delta, long userRequests) {
    StringBuilder sb = new StringBuilder();
    delta.forEach(
        (m, c) ->
            sb.append(sb.length() == 0 ? "" : ", ")
                .append(m)
                .append(' ')
                .append(m.equals("GET") || m.equals("POST") ? "~" : "")
                .append(c));
    return sb + "; the benchmark's own " + userRequests + " subtracted from the total";
  }

  private OperatorRuntime start(KubernetesClient client, OperatorMetrics metrics, Timings timings) {
    KeyManager keys = new SecretKeyManager(client, DkimKeyGenerator.production());
    RecordPublisher publisher =
        new ProviderRecordPublisher(
            client,
            new KubernetesSecretResolver(client),
            new AuthoritativeServers(Duration.ofSeconds(3)),
            metrics,
            new SharedProviders(Clock.systemUTC(), RESYNC));
    var seams =
        new OperatorRuntime.Seams(
            Clock.systemUTC(),
            timings.keys(keys),
            timings.publisher(publisher),
            new ProviderLookup("operators"));
    var settings = new OperatorRuntime.Settings(Set.of(), null, "bench", RESYNC, threads);
    OperatorRuntime runtime = OperatorRuntime.create(client, settings, seams, metrics).start();
    while (!runtime.ready()) {
      Thread.onSpinWait();
    }
    return runtime;
  }

  /**
   * Applies the domains as a user would (two clients' worth of parallel creates); returns requests
   * made.
   */
  private static long apply(KubernetesClient client, List<SenderDomain> domains, AtomicLong cpu)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    var threads = ManagementFactory.getThreadMXBean();
    for (SenderDomain sd : domains) {
      done.add(
          pool.submit(
              () -> {
                long start = threads.getCurrentThreadCpuTime();
                client.resource(sd).create();
                cpu.addAndGet(threads.getCurrentThreadCpuTime() - start);
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return domains.size();
  }

  private static long ready(OperatorMetrics metrics) {
    return (long)
        metrics.registry().find("senderdomain.ready").gauges().stream()
            .mapToDouble(Gauge::value)
            .sum();
  }

  /**
   * The same keys generated alone with the production generator, on as many threads as the operator
   * reconciles with: the time to beat. Same thread count on purpose: on a shared machine more
   * threads get a larger share of the CPU from the OS, which would flatter whichever side had more.
   */
  static double keygenSeconds(DkimAlgorithm alg, int n, int threads) throws Exception {
    int cores = threads;
    DkimKeyGenerator g = DkimKeyGenerator.production();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    AtomicLong left = new AtomicLong(n);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < cores; c++) {
      done.add(
          pool.submit(
              () -> {
                while (left.getAndDecrement() > 0) {
                  g.generate("ref", alg, Instant.EPOCH);
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return (System.nanoTime() - start) / 1e9;
  }

  /** CPU nanoseconds of every live thread, by id. */
  static Map<Long, Long> threadCpu() {
    var threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new java.util.HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      out.put(id, threads.getThreadCpuTime(id));
    }
    return out;
  }

  /**
   * CPU seconds since {@code before} of the threads alive now, grouped by name with the numbers
   * left out (JOSDK's reconcile pool is {@code pool-N-thread-N}, the Fabric8 client's callbacks
   * {@code Thread-N}, the mock's HTTP server {@code vert.x-eventloop-thread-N}), largest first.
   */
  static String cpuByThreadGroup(Map<Long, Long> before) {
    var threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new java.util.TreeMap<>();
    for (var info : threads.dumpAllThreads(false, false)) {
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu <= 0) {
        continue;
      }
      long delta = cpu - before.getOrDefault(info.getThreadId(), 0L);
      groups.merge(info.getThreadName().replaceAll("[0-9]+", "N"), delta, Long::sum);
    }
    return groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .map(e -> f("%s %.1f s", e.getKey(), e.getValue() / 1e9))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Time the JIT compilers spent so far (the JVM reports wall time, close to their CPU). */
  static double jitSeconds() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() / 1e3
        : 0;
  }

  /** Time spent in GC so far, all collectors (wall time of their pauses and cycles). */
  static double gcSeconds() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(b -> Math.max(b.getCollectionTime(), 0))
            .sum()
        / 1e3;
  }

  static double processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }
}
