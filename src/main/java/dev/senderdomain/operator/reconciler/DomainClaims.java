package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.validate.SpecReferences;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Two SenderDomains claiming one domain: the one created first wins, deterministically (creation
 * time, then uid, then namespace/name), so the loser never writes and the two never take turns
 * overwriting each other. creationTimestamp has one-second resolution (RFC 3339 without fractions,
 * as the API server writes it), so two SenderDomains applied together often tie; the uid, assigned
 * once by the API server and never reused, decides then, the same way in every operator process.
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
      Comparator.comparing(DomainClaims::createdAt)
          .thenComparing(sd -> String.valueOf(sd.getMetadata().getUid()))
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

  /** Which rule made {@code winner} win over {@code loser}, for the loser's message. */
  static String rule(SenderDomain winner, SenderDomain loser) {
    if (!createdAt(winner).equals(createdAt(loser))) {
      return "created first (" + created(winner) + ", this one " + created(loser) + ")";
    }
    String wu = String.valueOf(winner.getMetadata().getUid());
    String lu = String.valueOf(loser.getMetadata().getUid());
    if (!wu.equals(lu)) {
      return "created in the same second ("
          + created(winner)
          + "), and its uid "
          + wu
          + " sorts before this one's "
          + lu;
    }
    return "same creation time and uid, and its namespace/name sorts first";
  }

  private static String created(SenderDomain sd) {
    return String.valueOf(sd.getMetadata().getCreationTimestamp());
  }

  /** As a time, so fractions of a second compare right; without one it comes last. */
  private static java.time.Instant createdAt(SenderDomain sd) {
    try {
      return java.time.Instant.parse(sd.getMetadata().getCreationTimestamp());
    } catch (RuntimeException e) {
      return java.time.Instant.MAX;
    }
  }

  /** The index key of a SenderDomain: its normalised domain, or nothing without one. */
  static List<String> indexKey(SenderDomain sd) {
    return SpecReferences.claimedDomain(sd).stream().toList();
  }
}
