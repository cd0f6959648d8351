package dev.senderdomain.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import dev.senderdomain.operator.dns.PublicDns;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Builds and runs the JOSDK operator. Patching is non-SSA on purpose: what the tests can exercise (the Fabric8 CRUD
 * mock answers server-side apply with 415) is what ships.
 */
public final class OperatorRuntime implements AutoCloseable {
  public static final String LEASE_NAME = "senderdomain-operator-leader";

  private final Operator operator;
  private volatile boolean stopped;

  /**
   * @param namespaces namespaces to watch; empty = all
   * @param leaseNamespace null disables leader election
   */
  public record Settings(Set<String> namespaces, String leaseNamespace, String identity, Duration resync,
      int reconcileThreads) {}

  /** What the reconciler needs from the outside world. */
  /**
   * @param publicDns null: no public DNS checks (air-gapped clusters, tests)
   * @param reports null: no report pipeline
   */
  public record Seams(Clock clock, KeyManager keys, RecordPublisher publisher, ProviderLookup providers,
      PublicDns publicDns, ReportsView reports) {
    public Seams(Clock clock, KeyManager keys, RecordPublisher publisher, ProviderLookup providers) {
      this(clock, keys, publisher, providers, null, null);
    }
  }

  private OperatorRuntime(Operator operator) {
    this.operator = operator;
  }

  public static OperatorRuntime create(KubernetesClient client, Settings settings, Seams seams,
      OperatorMetrics metrics) {
    MeterRegistry registry = metrics.registry();
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withCloseClientOnStop(false);
      if (settings.leaseNamespace() != null) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
            .withLeaseNamespace(settings.leaseNamespace())
            .withIdentity(settings.identity())
            .build());
      }
    });
    EventRecorder events = new KubernetesEventRecorder(client, seams.clock(), "senderdomain-operator");
    var reconciler = new SenderDomainReconciler(seams.clock(), seams.keys(), seams.publisher(), events,
        seams.providers(), new StatusWriter(seams.clock(), settings.resync(), metrics), seams.publicDns(),
        seams.reports());
    operator.register(reconciler, c -> {
      c.withReconciliationMaxInterval(settings.resync());
      if (!settings.namespaces().isEmpty()) {
        c.settingNamespaces(settings.namespaces());
      }
    });
    return new OperatorRuntime(operator);
  }

  public OperatorRuntime start() {
    operator.start();
    return this;
  }

  public boolean live() {
    return !stopped;
  }

  public boolean ready() {
    return !stopped && operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    stopped = true;
    operator.stop();
  }
}
