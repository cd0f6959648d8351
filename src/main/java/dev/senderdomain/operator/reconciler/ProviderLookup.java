package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * Finds the provider a SenderDomain points to in the informer caches. A ClusterDnsProvider's
 * credential Secrets live in the operator's own namespace (like cert-manager's ClusterIssuer); a
 * DnsProvider's in its namespace.
 */
public class ProviderLookup {
  private final String operatorNamespace;

  public ProviderLookup(String operatorNamespace) {
    this.operatorNamespace = operatorNamespace;
  }

  public record Resolved(DnsProviderSpec spec, String secretNamespace) {}

  public Optional<Resolved> resolve(SenderDomain sd, Context<SenderDomain> context) {
    ProviderRef ref = sd.getSpec().providerRef;
    if (ref.clusterScoped()) {
      return context
          .getSecondaryResource(ClusterDnsProvider.class)
          .filter(p -> p.getSpec() != null)
          .map(p -> new Resolved(p.getSpec(), operatorNamespace));
    }
    return context
        .getSecondaryResource(DnsProvider.class)
        .filter(p -> p.getSpec() != null)
        .map(p -> new Resolved(p.getSpec(), sd.getMetadata().getNamespace()));
  }

  String kindOf(SenderDomain sd) {
    return sd.getSpec().providerRef.clusterScoped()
        ? ProviderRef.KIND_CLUSTER
        : ProviderRef.KIND_NAMESPACED;
  }
}
