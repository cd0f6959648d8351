package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.validate.SenderDomainConfig;
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

  public Optional<Resolved> resolve(
      SenderDomain sd, SenderDomainConfig config, Context<SenderDomain> context) {
    if (config.provider().orElseThrow().clusterScoped()) {
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
}
