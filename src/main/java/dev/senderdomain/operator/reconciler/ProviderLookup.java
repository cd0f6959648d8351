package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import dev.senderdomain.operator.validate.ProviderReference;
import dev.senderdomain.operator.validate.ProviderScope;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the provider a SenderDomain points to in the informer caches, and asks its scope whether
 * the SenderDomain may use it. A ClusterDnsProvider's credential Secrets live in the operator's own
 * namespace (like cert-manager's ClusterIssuer); a DnsProvider's in its namespace.
 */
public class ProviderLookup {
  private final String operatorNamespace;

  public ProviderLookup(String operatorNamespace) {
    this.operatorNamespace = operatorNamespace;
  }

  /** Where ClusterDnsProvider credential Secrets live. */
  public String operatorNamespace() {
    return operatorNamespace;
  }

  /**
   * @param scope who may publish what through the provider
   * @param planScope what the scope allowed this SenderDomain ({@link #admit}); null before
   * @param claims whether the owner of another SenderDomain's marker lost its claim to this one
   */
  public record Resolved(
      DnsProviderSpec spec,
      String secretNamespace,
      ProviderScope scope,
      PlanOptions.Scope planScope,
      DomainPublisher.ClaimCheck claims) {
    public Resolved(DnsProviderSpec spec, String secretNamespace) {
      this(
          spec,
          secretNamespace,
          ProviderScope.of("provider", "", spec),
          PlanOptions.Scope.UNRESTRICTED,
          DomainPublisher.ClaimCheck.NONE);
    }

    Resolved allowed(ProviderScope.Decision.Allowed allowed, DomainPublisher.ClaimCheck claims) {
      return new Resolved(
          spec,
          secretNamespace,
          scope,
          new PlanOptions.Scope(allowed.provider(), allowed.explicit(), allowed.allowSpfMerge()),
          claims);
    }
  }

  public Optional<Resolved> resolve(
      SenderDomain sd, SenderDomainConfig config, Context<SenderDomain> context) {
    if (config.provider().orElseThrow().clusterScoped()) {
      return context
          .getSecondaryResource(ClusterDnsProvider.class)
          .filter(p -> p.getSpec() != null)
          .map(
              p ->
                  new Resolved(
                      p.getSpec(),
                      operatorNamespace,
                      ProviderScope.of(
                          ProviderReference.KIND_CLUSTER, p.getMetadata().getName(), p.getSpec()),
                      null,
                      DomainPublisher.ClaimCheck.NONE));
    }
    return context
        .getSecondaryResource(DnsProvider.class)
        .filter(p -> p.getSpec() != null)
        .map(
            p ->
                new Resolved(
                    p.getSpec(),
                    sd.getMetadata().getNamespace(),
                    ProviderScope.of(
                        ProviderReference.KIND_NAMESPACED, p.getMetadata().getName(), p.getSpec()),
                    null,
                    DomainPublisher.ClaimCheck.NONE));
  }

  /**
   * The provider's scope applied to this SenderDomain. A namespace selector is matched against the
   * Namespace as the API server has it now (a GET; the operator reads Namespaces, the chart's
   * RBAC), so a label removed from a tenant's namespace takes effect at the next reconcile.
   */
  public ProviderScope.Decision admit(
      Resolved provider,
      SenderDomain sd,
      SenderDomainConfig config,
      Context<SenderDomain> context) {
    String namespace = sd.getMetadata().getNamespace();
    Map<String, String> labels = null;
    if (provider.scope().needsNamespaceLabels()) {
      labels = namespaceLabels(context, namespace);
    }
    return provider.scope().decide(namespace, labels, config.domain());
  }

  private static Map<String, String> namespaceLabels(
      Context<SenderDomain> context, String namespace) {
    try {
      Namespace ns = context.getClient().namespaces().withName(namespace).get();
      if (ns == null) {
        return null;
      }
      return ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        // Not allowed to read Namespaces: a selector cannot match, the namespace is refused.
        return null;
      }
      throw e; // transient: JOSDK retries
    }
  }
}
