package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import dev.senderdomain.operator.validate.SpecReferences;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Whether the SenderDomain an ownership marker names still holds its domain against {@code self},
 * asked of the API server itself: the informer cache of this process may lag (a SenderDomain just
 * created, a watch being re-established), and a claim wrongly judged stale would hand a live
 * tenant's records to another one. A marker whose owner is gone (deleted before its marker could be
 * removed, or while the operator was down) or now claims another domain is adoptable, and so is one
 * that loses to {@code self} by {@link DomainClaims#SENIORITY} (two SenderDomains applied together:
 * whichever reconciled first wrote the marker, the senior one takes it over, and the other stops at
 * its next reconcile with DomainClaimed, so they never take turns); when the answer cannot be had
 * (403 in a namespace the operator does not watch, the API unreachable) the claim stands.
 */
final class StaleClaims implements DomainPublisher.ClaimCheck {
  private final KubernetesClient client;
  private final SenderDomain self;

  StaleClaims(KubernetesClient client, SenderDomain self) {
    this.client = client;
    this.self = self;
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
    if (owner.getMetadata().getDeletionTimestamp() == null
        && DomainClaims.SENIORITY.compare(self, owner) < 0) {
      return Optional.of(
          "SenderDomain "
              + marker
              + " named by the ownership marker also claims "
              + domain
              + ", and this one wins: "
              + DomainClaims.rule(self, owner));
    }
    return Optional.empty();
  }
}
