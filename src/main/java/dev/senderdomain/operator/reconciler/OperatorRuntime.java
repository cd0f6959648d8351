package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.dns.PublicDns;
import dev.senderdomain.operator.dns.publish.ProviderRegistry;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and runs the JOSDK operator. Patching is non-SSA on purpose: what the tests can exercise
 * (the Fabric8 CRUD mock answers server-side apply with 415) is what ships.
 */
public final class OperatorRuntime implements AutoCloseable {
  public static final String LEASE_NAME = "senderdomain-operator-leader";
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final Operator operator;
  private final KubernetesClient client;
  private final Settings settings;
  private final AtomicBoolean stopped;
  private final AtomicBoolean leading;

  /**
   * @param namespaces namespaces to watch; empty = all
   * @param leaseNamespace null disables leader election
   * @param identity this instance's name in the Lease; null: the HOSTNAME environment variable (the
   *     pod name)
   * @param selector label selector on SenderDomains: only matching ones are reconciled (a shard);
   *     null: all
   * @param shard the shard's name, which names its own Lease ({@link #leaseName()}); null: none
   */
  public record Settings(
      Set<String> namespaces,
      String leaseNamespace,
      String identity,
      Duration resync,
      int reconcileThreads,
      LeaseTiming lease,
      String selector,
      String shard) {
    public Settings(
        Set<String> namespaces,
        String leaseNamespace,
        String identity,
        Duration resync,
        int reconcileThreads,
        LeaseTiming lease) {
      this(namespaces, leaseNamespace, identity, resync, reconcileThreads, lease, null, null);
    }

    public Settings(
        Set<String> namespaces,
        String leaseNamespace,
        String identity,
        Duration resync,
        int reconcileThreads) {
      this(namespaces, leaseNamespace, identity, resync, reconcileThreads, LeaseTiming.DEFAULT);
    }

    /** The same settings for one shard: its selector and its name. */
    public Settings sharded(String newSelector, String newShard) {
      return new Settings(
          namespaces,
          leaseNamespace,
          identity,
          resync,
          reconcileThreads,
          lease,
          newSelector,
          newShard);
    }

    /**
     * The Lease this instance competes for: one per shard, so the shards lead side by side while
     * the replicas of one shard still exclude each other.
     */
    public String leaseName() {
      return shard == null ? LEASE_NAME : LEASE_NAME + "-" + shard;
    }
  }

  /**
   * Leader election timing (client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry) and
   * what to do when leadership is lost while running. Losing it means another instance may already
   * reconcile, so the process must stop at once (the default exits; tests pass their own action).
   */
  public record LeaseTiming(
      Duration duration, Duration renewDeadline, Duration retryPeriod, Runnable onLost) {
    public static final LeaseTiming DEFAULT =
        new LeaseTiming(
            Duration.ofSeconds(15),
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            OperatorRuntime::exitOnLostLeadership);
  }

  /** What the reconciler needs from the outside world. */
  /**
   * @param publicDns null: no public DNS checks (air-gapped clusters, tests)
   * @param reports null: no report pipeline
   */
  public record Seams(
      Clock clock,
      KeyManager keys,
      RecordPublisher publisher,
      ProviderLookup providers,
      PublicDns publicDns,
      ReportsView reports) {
    public Seams(
        Clock clock, KeyManager keys, RecordPublisher publisher, ProviderLookup providers) {
      this(clock, keys, publisher, providers, null, null);
    }
  }

  private OperatorRuntime(
      Operator operator,
      KubernetesClient client,
      Settings settings,
      AtomicBoolean stopped,
      AtomicBoolean leading) {
    this.operator = operator;
    this.client = client;
    this.settings = settings;
    this.stopped = stopped;
    this.leading = leading;
  }

  public static OperatorRuntime create(
      KubernetesClient client, Settings settings, Seams seams, OperatorMetrics metrics) {
    MeterRegistry registry = metrics.registry();
    AtomicBoolean stopped = new AtomicBoolean();
    // Without leader election this instance is the only one: it leads from the start.
    AtomicBoolean leading = new AtomicBoolean(settings.leaseNamespace() == null);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withCloseClientOnStop(false);
              if (settings.leaseNamespace() != null) {
                LeaseTiming lease = settings.lease();
                // JOSDK's own exit-on-stop-leading also fires when close() cancels the election:
                // from a shutdown hook
                // System.exit blocks for ever and the pod hangs until SIGKILL. So we exit only when
                // leadership is lost
                // while running.
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            settings.leaseName())
                        .withLeaseNamespace(settings.leaseNamespace())
                        .withIdentity(settings.identity())
                        .withLeaseDuration(lease.duration())
                        .withRenewDeadline(lease.renewDeadline())
                        .withRetryPeriod(lease.retryPeriod())
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> leading.set(true),
                                () -> {
                                  leading.set(false);
                                  if (!stopped.get()) {
                                    lease.onLost().run();
                                  }
                                },
                                leader -> {}))
                        .build());
              }
            });
    EventRecorder events =
        new KubernetesEventRecorder(client, seams.clock(), "senderdomain-operator");
    var reconciler =
        new SenderDomainReconciler(
            seams.clock(),
            seams.keys(),
            seams.publisher(),
            events,
            seams.providers(),
            new StatusWriter(seams.clock(), settings.resync(), metrics),
            seams.publicDns(),
            seams.reports());
    operator.register(
        reconciler,
        c -> {
          c.withReconciliationMaxInterval(settings.resync());
          // Generation-aware filtering alone would drop annotation-only edits, and
          // senderdomain.dev/rotate is one.
          c.withGenerationAware(false);
          c.withOnUpdateFilter(ReconcileTriggers::relevantUpdate);
          if (!settings.namespaces().isEmpty()) {
            c.settingNamespaces(settings.namespaces());
          }
          if (settings.selector() != null) {
            // The informer lists and watches only this shard's SenderDomains (server-side filter).
            c.withLabelSelector(settings.selector());
          }
        });
    registerProviderStatus(operator, client, settings, seams, metrics);
    return new OperatorRuntime(operator, client, settings, stopped, leading);
  }

  /**
   * The providers' own status: a Ready condition after a credentials and zone check, rechecked
   * every resync interval. Every shard writes it (the same conclusion from the same check; a write
   * happens only when it changed).
   */
  private static void registerProviderStatus(
      Operator operator,
      KubernetesClient client,
      Settings settings,
      Seams seams,
      OperatorMetrics metrics) {
    var secrets = new KubernetesSecretResolver(client);
    var status =
        new ProviderStatus(
            seams.clock(),
            settings.resync(),
            (spec, namespace) -> ProviderRegistry.check(spec, namespace, secrets),
            metrics);
    operator.register(
        new DnsProviderReconciler(status),
        c -> {
          c.withReconciliationMaxInterval(settings.resync());
          c.withGenerationAware(false);
          c.withOnUpdateFilter(ProviderStatus::relevantUpdate);
          if (!settings.namespaces().isEmpty()) {
            c.settingNamespaces(settings.namespaces());
          }
        });
    operator.register(
        new ClusterDnsProviderReconciler(status, seams.providers().operatorNamespace()),
        c -> {
          c.withReconciliationMaxInterval(settings.resync());
          c.withGenerationAware(false);
          c.withOnUpdateFilter(ProviderStatus::relevantUpdate);
        });
  }

  public OperatorRuntime start() {
    operator.start();
    return this;
  }

  public boolean live() {
    return !stopped.get();
  }

  /** Whether this instance holds the leader Lease (always, without leader election) and runs. */
  public boolean leading() {
    return leading.get() && !stopped.get();
  }

  public boolean ready() {
    return !stopped.get() && operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    stopped.set(true);
    operator.stop();
    releaseLease();
  }

  /**
   * JOSDK does not release the Lease when it stops; a successor would wait the whole lease
   * duration. Hand it over the way client-go's ReleaseOnCancel does: no holder, a one-second lease.
   */
  private void releaseLease() {
    if (settings.leaseNamespace() == null) {
      return;
    }
    String identity = settings.identity() != null ? settings.identity() : System.getenv("HOSTNAME");
    try {
      Lease lease =
          client
              .leases()
              .inNamespace(settings.leaseNamespace())
              .withName(settings.leaseName())
              .get();
      if (lease == null
          || lease.getSpec() == null
          || !Objects.equals(identity, lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity("");
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(ZonedDateTime.now());
      client.leases().inNamespace(settings.leaseNamespace()).resource(lease).update();
      LOG.info("released leader lease {}/{}", settings.leaseNamespace(), settings.leaseName());
    } catch (KubernetesClientException e) {
      // Best effort: the lease then expires on its own.
      LOG.warn(
          "could not release leader lease {}/{}: HTTP {}",
          settings.leaseNamespace(),
          settings.leaseName(),
          e.getCode());
    }
  }

  private static void exitOnLostLeadership() {
    LOG.error(
        "lost the leader lease while running: exiting so that only the new leader reconciles");
    System.exit(1);
  }
}
