package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dns.ResolverPublicDns;
import dev.senderdomain.operator.dns.publish.SharedProviders;
import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.metrics.RuntimeMetrics;
import dev.senderdomain.operator.reconciler.AuthoritativeServers;
import dev.senderdomain.operator.reconciler.KubernetesSecretResolver;
import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.reconciler.PipelineReportsView;
import dev.senderdomain.operator.reconciler.ProviderLookup;
import dev.senderdomain.operator.reconciler.ProviderRecordPublisher;
import dev.senderdomain.operator.reconciler.SecretKeyManager;
import dev.senderdomain.operator.reconciler.StatusDomainDirectory;
import dev.senderdomain.operator.report.ingest.PipelineConfig;
import dev.senderdomain.operator.report.ingest.ReportPipeline;
import dev.senderdomain.operator.time.Durations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the operator. Every option has an environment variable, for the Deployment. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator against the current cluster.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--namespaces",
      defaultValue = "${env:SDO_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty = all (env SDO_NAMESPACES).")
  String namespaces;

  @Option(
      names = "--http-port",
      defaultValue = "${env:SDO_HTTP_PORT:-8080}",
      description =
          "Port for /healthz/*, /metrics, /reports, /dashboard (env SDO_HTTP_PORT). Default ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(
      names = "--leader-election",
      defaultValue = "${env:SDO_LEADER_ELECTION:-true}",
      arity = "1",
      description =
          "Elect a leader with a Lease so several replicas can run (env SDO_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--leader-election-namespace",
      defaultValue = "${env:SDO_LEADER_ELECTION_NAMESPACE:-${env:POD_NAMESPACE:-default}}",
      description =
          "Namespace of the Lease (env SDO_LEADER_ELECTION_NAMESPACE, else POD_NAMESPACE).")
  String leaseNamespace;

  @Spec CommandSpec spec;

  @Option(
      names = "--selector",
      defaultValue = "${env:SDO_SELECTOR:-}",
      description =
          "Label selector on SenderDomains: only matching ones are reconciled, so several operators"
              + " can split the domains between them; needs --shard (env SDO_SELECTOR).")
  String selector;

  @Option(
      names = "--shard",
      defaultValue = "${env:SDO_SHARD:-}",
      description =
          "Name of this shard (a DNS label): its leader Lease is senderdomain-operator-leader-<shard>"
              + " (env SDO_SHARD).")
  String shard;

  @Option(
      names = "--operator-namespace",
      defaultValue = "${env:POD_NAMESPACE:-default}",
      description =
          "The operator's namespace: where ClusterDnsProvider credential Secrets live (env POD_NAMESPACE).")
  String operatorNamespace;

  @Option(
      names = "--identity",
      defaultValue = "${env:POD_NAME:-}",
      description = "Leader identity (env POD_NAME).")
  String identity;

  @Option(
      names = "--log-format",
      defaultValue = "${env:SDO_LOG_FORMAT:-json}",
      description = "json or text (env SDO_LOG_FORMAT). Default ${DEFAULT-VALUE}.")
  String logFormat;

  @Option(
      names = "--resync",
      defaultValue = "${env:SDO_RESYNC_INTERVAL:-10m}",
      description =
          "Look at every domain at least this often, to repair drift (env SDO_RESYNC_INTERVAL).")
  String resync;

  // 16, not 8: a reconcile mostly waits on DNS round trips and API requests; on 2 cores 1,000 new
  // domains were Ready
  // in 48.5 s with 16 threads, 55.2 s with 8, 59.2 s with 4 (docs/performance.md, section 3).
  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:SDO_RECONCILE_THREADS:-16}",
      description =
          "Concurrent reconciles (DNS and key generation wait a lot). Default ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--public-dns-checks",
      defaultValue = "${env:SDO_PUBLIC_DNS_CHECKS:-true}",
      arity = "1",
      description =
          "Look up include targets (SPF lookup budget) and the organizational domain's DMARC record in the"
              + " public DNS (env SDO_PUBLIC_DNS_CHECKS). Turn off in air-gapped clusters.")
  boolean publicDnsChecks;

  @Option(
      names = "--report-store",
      defaultValue = "${env:SDO_REPORT_STORE_URL:-h2:/data/reports/reports}",
      description =
          "Where aggregate reports are kept: h2:<path>, h2:mem:<name> or jdbc:postgresql://... (env"
              + " SDO_REPORT_STORE_URL; password from SDO_REPORT_STORE_PASSWORD). Default ${DEFAULT-VALUE}.")
  String reportStore;

  /** Counted down to stop a running operator (the JVM's shutdown hook does it in production). */
  final CountDownLatch stop = new CountDownLatch(1);

  /**
   * The shard's name, or null. Every shard must name its own Lease: two selectors behind one Lease
   * would let only one of them reconcile at a time.
   */
  private String shardName() {
    String name = shard.trim();
    if (name.isEmpty()) {
      if (!selector.isBlank()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--selector needs --shard: each shard elects its own leader");
      }
      return null;
    }
    if (!name.matches("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--shard: '" + name + "' is not a lowercase DNS label of at most 32 characters");
    }
    return name;
  }

  @Override
  public Integer call() throws Exception {
    Logging.configure(logFormat);
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    @SuppressWarnings("unused") // the GC listeners live as long as the process
    AutoCloseable runtimeMetrics = RuntimeMetrics.bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    Set<String> watched =
        Arrays.stream(namespaces.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    var settings =
        new OperatorRuntime.Settings(
                watched,
                leaderElection ? leaseNamespace : null,
                identity.isBlank() ? null : identity,
                Durations.parse("--resync", resync),
                threads)
            .sharded(selector.isBlank() ? null : selector.trim(), shardName());
    StatusDomainDirectory directory = new StatusDomainDirectory(client, watched, clock);
    ReportPipeline reports =
        ReportPipeline.start(
            PipelineConfig.fromEnv(System.getenv()).withStoreUrl(reportStore),
            metrics,
            directory.managedDomain(),
            directory,
            clock);
    var seams =
        new OperatorRuntime.Seams(
            clock,
            new SecretKeyManager(client, DkimKeyGenerator.production()),
            new ProviderRecordPublisher(
                client,
                new KubernetesSecretResolver(client),
                new AuthoritativeServers(Duration.ofSeconds(3)),
                metrics,
                // One zone listing per provider and resync window, shared by the zone's domains.
                new SharedProviders(clock, settings.resync(), metrics::providerWrite)),
            new ProviderLookup(operatorNamespace),
            publicDnsChecks ? ResolverPublicDns.system(clock) : null,
            new PipelineReportsView(reports, clock));
    OperatorRuntime runtime = OperatorRuntime.create(client, settings, seams, metrics);
    try (reports;
        OperatorHttpServer http =
            new OperatorHttpServer(
                    httpPort, registry, runtime::live, runtime::ready, runtime::ready)
                .start()) {
      reports.register(http).pollOnlyWhen(runtime::leading);
      CountDownLatch closed = new CountDownLatch(1);
      // On SIGTERM the JVM runs this hook and halts when it returns: wait until in-flight
      // reconciles are done (JOSDK
      // lets them finish; what did not start is retried by the next leader).
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  closed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      runtime.start();
      LOG.info(
          "senderdomain-operator started (namespaces: {}, leader election: {}, http port {})",
          watched.isEmpty() ? "all" : watched,
          leaderElection,
          http.port());
      stop.await();
      LOG.info("shutting down: finishing in-flight reconciles");
      runtime.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
    return 0;
  }
}
