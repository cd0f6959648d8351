package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.validate.ProviderReference;
import dev.senderdomain.operator.validate.SpecReferences;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches DnsProviders and ClusterDnsProviders, so a SenderDomain is reconciled when the provider
 * it points to appears or changes, and the reconciler reads providers from the informer cache
 * instead of the API.
 */
final class ProviderEventSources {
  static final String BY_PROVIDER = "by-provider";

  private ProviderEventSources() {}

  static List<EventSource<?, SenderDomain>> create(EventSourceContext<SenderDomain> context) {
    context.getPrimaryCache().addIndexer(BY_PROVIDER, sd -> List.of(indexKey(sd)));
    context.getPrimaryCache().addIndexer(DomainClaims.BY_DOMAIN, DomainClaims::indexKey);
    var namespaced =
        InformerEventSourceConfiguration.from(DnsProvider.class, SenderDomain.class)
            .withName("dnsproviders")
            .withOnUpdateFilter(ProviderEventSources::specChanged)
            .withPrimaryToSecondaryMapper(
                (SenderDomain sd) ->
                    SpecReferences.provider(sd)
                        .filter(ref -> !ref.clusterScoped())
                        .map(
                            ref ->
                                Set.of(new ResourceID(ref.name(), sd.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .withSecondaryToPrimaryMapper(
                p ->
                    primaries(
                        context,
                        ProviderReference.KIND_NAMESPACED,
                        p.getMetadata().getNamespace(),
                        p.getMetadata().getName()))
            .build();
    var cluster =
        InformerEventSourceConfiguration.from(ClusterDnsProvider.class, SenderDomain.class)
            .withName("clusterdnsproviders")
            .withOnUpdateFilter(ProviderEventSources::specChanged)
            .withWatchAllNamespaces()
            .withPrimaryToSecondaryMapper(
                (SenderDomain sd) ->
                    SpecReferences.provider(sd)
                        .filter(ProviderReference::clusterScoped)
                        .map(ref -> Set.of(new ResourceID(ref.name())))
                        .orElse(Set.of()))
            .withSecondaryToPrimaryMapper(
                p ->
                    primaries(
                        context, ProviderReference.KIND_CLUSTER, "", p.getMetadata().getName()))
            .build();
    return List.of(
        new InformerEventSource<>(namespaced, context),
        new InformerEventSource<>(cluster, context));
  }

  /**
   * Whether a provider update concerns its SenderDomains: they read only its spec. Its status (the
   * Ready condition {@link ProviderStatus} writes) and its metadata do not, so writing them does
   * not reconcile every SenderDomain of the provider again.
   */
  static boolean specChanged(CustomResource<?, ?> newer, CustomResource<?, ?> older) {
    return older == null
        || !Objects.equals(
            Serialization.jsonMapper().valueToTree(newer.getSpec()),
            Serialization.jsonMapper().valueToTree(older.getSpec()));
  }

  private static Set<ResourceID> primaries(
      EventSourceContext<SenderDomain> context, String kind, String namespace, String name) {
    return context
        .getPrimaryCache()
        .byIndex(BY_PROVIDER, kind + "/" + namespace + "/" + name)
        .stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static String indexKey(SenderDomain sd) {
    return SpecReferences.provider(sd)
        .map(
            ref ->
                ref.clusterScoped()
                    ? ProviderReference.KIND_CLUSTER + "//" + ref.name()
                    : ProviderReference.KIND_NAMESPACED
                        + "/"
                        + sd.getMetadata().getNamespace()
                        + "/"
                        + ref.name())
        .orElse("");
  }
}
