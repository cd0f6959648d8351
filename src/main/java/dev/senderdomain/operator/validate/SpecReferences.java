package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.DomainNames;
import java.util.Optional;

/**
 * What a SenderDomain refers to, read without validating it: for the informer indexes and lookups
 * that must work for every SenderDomain. An invalid one still claims its domain (so a valid,
 * younger one does not take it over while the older is being fixed) and is still woken when its
 * provider changes. Everything else comes from {@link SenderDomainValidator}.
 */
public final class SpecReferences {
  private SpecReferences() {}

  /** The domain the resource claims, in the operator's one spelling ({@link DomainNames}). */
  public static Optional<String> claimedDomain(SenderDomain resource) {
    return resource.getSpec() == null || resource.getSpec().domain == null
        ? Optional.empty()
        : Optional.of(DomainNames.normalize(resource.getSpec().domain));
  }

  /** The provider the resource points at, when it names one. */
  public static Optional<ProviderReference> provider(SenderDomain resource) {
    ProviderRef ref = resource.getSpec() == null ? null : resource.getSpec().providerRef;
    if (ref == null || ref.name == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ProviderReference(ref.name, ProviderReference.KIND_CLUSTER.equals(ref.kind)));
  }
}
