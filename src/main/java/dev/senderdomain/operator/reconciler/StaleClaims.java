package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import dev.senderdomain.operator.validate.SpecReferences;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Whether the SenderDomain an ownership marker names still holds its domain, asked of the API
 * server itself: the informer cache of this process may lag (a SenderDomain just created, a watch
 * being re-established), and a claim wrongly judged stale would hand a live tenant's records to
 * another one. A marker whose owner is gone (deleted before its marker could be removed, or while
 * the operator was down) or now claims another domain is adoptable; when the answer cannot be had
 * (403 in a namespace the operator does not watch, the API unreachable) the claim stands.
 */
final class StaleClaims implements DomainPublisher.ClaimCheck {
  private final KubernetesClient client;

  StaleClaims(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<String> lost(Owner marker, String domain) {
    SenderDomain owner;
    try {
      owner =
          client
              .resources(SenderDomain.class)
              .inNamespace(marker.namespace())
              .withName(marker.name())
              .get();
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
    if (owner == null) {
      return Optional.of(
          "SenderDomain " + marker + " named by the ownership marker no longer exists");
    }
    Optional<String> claimed = SpecReferences.claimedDomain(owner);
    if (claimed.isPresent() && !claimed.get().equals(domain)) {
      return Optional.of(
          "SenderDomain " + marker + " named by the ownership marker now claims " + claimed.get());
    }
    return Optional.empty();
  }
}
