package dev.senderdomain.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderStatus;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The status of a DnsProvider or ClusterDnsProvider: one {@code Ready} condition from a credentials
 * and zone check ({@link ProviderCheck}), written only when it changed, and the next check
 * scheduled. A failure time may mend (unreachable, rate limited, SERVFAIL) is checked again sooner;
 * the message is the failure's own, which never carries a credential.
 *
 * <p>No Secret is watched (the operator has no list or watch on Secrets, see the chart's RBAC), so
 * an edited credential Secret is seen at the next periodic check, or at once when the provider's
 * spec or annotations are edited.
 */
final class ProviderStatus {
  /** How soon a check that failed for a reason time may fix is repeated (capped by recheck). */
  static final Duration TRANSIENT_RETRY = Duration.ofMinutes(1);

  private final Clock clock;
  private final Duration recheck;
  private final ProviderCheck check;
  private final OperatorMetrics metrics;

  ProviderStatus(Clock clock, Duration recheck, ProviderCheck check, OperatorMetrics metrics) {
    this.clock = clock;
    this.recheck = recheck;
    this.check = check;
    this.metrics = metrics;
  }

  <P extends CustomResource<? extends DnsProviderSpec, DnsProviderStatus>>
      UpdateControl<P> reconcile(P provider, String secretNamespace, Context<P> context) {
    Long generation = provider.getMetadata().getGeneration();
    DnsProviderStatus previous = provider.getStatus();
    Conditions conditions =
        new Conditions(previous == null ? null : previous.conditions, generation, clock.instant());
    Duration next = recheck;
    try {
      conditions.set(
          Conditions.READY, true, Reason.Checked, check.check(provider.getSpec(), secretNamespace));
    } catch (DnsProviderException e) {
      conditions.set(Conditions.READY, false, Reason.of(e.reason()), e.getMessage());
      if (!e.permanent() && TRANSIENT_RETRY.compareTo(recheck) < 0) {
        next = TRANSIENT_RETRY;
      }
    }
    DnsProviderStatus status = new DnsProviderStatus();
    status.observedGeneration = generation;
    status.conditions = conditions.build();
    status.keepUnknownFieldsOf(previous);
    if (!same(previous, status)) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
          provider,
          context,
          p -> {
            // On a conflict this runs again on the newer copy; keep what a newer version wrote.
            status.keepUnknownFieldsOf(p.getStatus());
            p.setStatus(status);
            return p;
          });
    }
    exportReadiness(provider, status, context);
    return UpdateControl.<P>noUpdate().rescheduleAfter(next);
  }

  /**
   * {@code senderdomain_provider_ready} for every provider of this kind in the cache (this one with
   * the status just decided), so deleted providers drop out at the next check of any provider.
   */
  private <P extends CustomResource<? extends DnsProviderSpec, DnsProviderStatus>>
      void exportReadiness(P provider, DnsProviderStatus status, Context<P> context) {
    java.util.SortedMap<List<String>, Boolean> ready =
        new java.util.TreeMap<>(
            java.util.Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
    context.getPrimaryCache().list().forEach(p -> ready.put(key(p), readyIn(p.getStatus())));
    ready.put(key(provider), readyIn(status));
    metrics.providersReady(provider.getKind(), ready);
  }

  private static List<String> key(HasMetadata p) {
    String namespace = p.getMetadata().getNamespace();
    return List.of(namespace == null ? "" : namespace, p.getMetadata().getName());
  }

  private static boolean readyIn(DnsProviderStatus status) {
    return status != null
        && status.conditions != null
        && status.conditions.stream()
            .anyMatch(c -> Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Which updates of a provider need a check: spec edits (generation) and annotation edits (a way
   * to ask for a check at once, e.g. after rotating a credential Secret). Our own status writes do
   * not.
   */
  static boolean relevantUpdate(HasMetadata newer, HasMetadata older) {
    return older == null
        || !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(
            newer.getMetadata().getAnnotations(), older.getMetadata().getAnnotations());
  }

  private static boolean same(DnsProviderStatus a, DnsProviderStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    JsonNode x = Serialization.jsonMapper().valueToTree(a);
    JsonNode y = Serialization.jsonMapper().valueToTree(b);
    return x.equals(y);
  }
}
