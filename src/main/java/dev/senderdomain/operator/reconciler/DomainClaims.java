package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.validate.SpecReferences;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Two SenderDomains claiming one domain: the older wins, deterministically (creation time, then
 * namespace/name), so the loser never writes and the two never take turns overwriting each other.
 */
final class DomainClaims {
  /**
   * Primary-cache index by normalised domain: a reconcile looks up the few SenderDomains claiming
   * its domain instead of scanning (and IDN-normalising) every SenderDomain in the cache, which
   * made each reconcile O(n) and a full pass over 10,000 domains O(n^2) (the benchmark,
   * docs/performance.md).
   */
  static final String BY_DOMAIN = "by-domain";

  static final Comparator<SenderDomain> SENIORITY =
      Comparator.comparing(
              (SenderDomain sd) -> String.valueOf(sd.getMetadata().getCreationTimestamp()))
          .thenComparing(sd -> sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName());

  private DomainClaims() {}

  /** The SenderDomain that owns {@code self}'s domain, if it is not {@code self}. */
  static Optional<SenderDomain> olderClaim(
      SenderDomain self, String asciiDomain, Stream<SenderDomain> all) {
    return all.filter(o -> SpecReferences.claimedDomain(o).filter(asciiDomain::equals).isPresent())
        .filter(
            o ->
                !(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                    .equals(self.getMetadata().getNamespace() + "/" + self.getMetadata().getName()))
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .filter(o -> SENIORITY.compare(o, self) < 0)
        .min(SENIORITY);
  }

  /** The index key of a SenderDomain: its normalised domain, or nothing without one. */
  static List<String> indexKey(SenderDomain sd) {
    return SpecReferences.claimedDomain(sd).stream().toList();
  }
}
