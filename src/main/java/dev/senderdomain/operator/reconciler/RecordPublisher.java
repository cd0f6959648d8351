package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import java.util.List;
import java.util.Set;

/**
 * The DNS seam seen from the reconciler: bring the provider's records for one domain to {@code
 * desired}, touching only what this owner created, then check what the authoritative servers serve.
 */
public interface RecordPublisher {
  PublishOutcome publish(PublishRequest request) throws DnsProviderException;

  /**
   * The TXT values served at {@code name} in the request's domain as the provider holds them (for a
   * provider that cannot read, as the authoritative servers answer; empty when there is none). The
   * DMARC rollout resumes from the {@code _dmarc} record read here when status has no step.
   */
  List<String> servedTxt(PublishRequest request, String name) throws DnsProviderException;

  /**
   * @param owner {@code namespace/name} of the SenderDomain, written into the ownership marker
   * @param providerNamespace where the provider's credential Secrets live
   * @param scope what the provider's scope allows this SenderDomain
   * @param claims whether the SenderDomain named by another owner's marker lost its claim
   * @param servedBefore names the previous reconcile found served (status): unchanged, they are not
   *     asked for again
   */
  record PublishRequest(
      String owner,
      String domain,
      DnsProviderSpec provider,
      String providerNamespace,
      List<DnsRecord> desired,
      boolean spfMerge,
      PlanOptions.Scope scope,
      DomainPublisher.ClaimCheck claims,
      Set<String> servedBefore) {
    public PublishRequest {
      servedBefore = Set.copyOf(servedBefore);
    }

    public PublishRequest(
        String owner,
        String domain,
        DnsProviderSpec provider,
        String providerNamespace,
        List<DnsRecord> desired,
        boolean spfMerge) {
      this(
          owner,
          domain,
          provider,
          providerNamespace,
          desired,
          spfMerge,
          PlanOptions.Scope.UNRESTRICTED,
          DomainPublisher.ClaimCheck.NONE,
          Set.of());
    }
  }

  /**
   * @param pushed false for providers that never push (manual)
   * @param changes one line per change applied, empty in steady state
   * @param conflicts records we refused to touch, each with its reason and the record shown
   * @param served names whose records the authoritative servers serve as desired
   * @param unservedNames names whose records they do not serve (yet), in record order
   * @param servedSets the RRsets as they stand after the publish (a merged SPF record with its
   *     foreign mechanisms and TTL), so status shows what is served, not only what we wanted
   * @param adoptedClaim why the marker of another SenderDomain was adopted, when it was
   */
  record PublishOutcome(
      boolean pushed,
      List<String> changes,
      List<Conflict> conflicts,
      ServedNames served,
      List<String> unservedNames,
      List<String> warnings,
      List<RecordSet> servedSets,
      java.util.Optional<String> adoptedClaim) {
    public PublishOutcome {
      changes = List.copyOf(changes);
      conflicts = List.copyOf(conflicts);
      unservedNames = List.copyOf(unservedNames);
      warnings = List.copyOf(warnings);
      servedSets = List.copyOf(servedSets);
    }

    public PublishOutcome(
        boolean pushed,
        List<String> changes,
        List<Conflict> conflicts,
        ServedNames served,
        List<String> unservedNames,
        List<String> warnings) {
      this(
          pushed,
          changes,
          conflicts,
          served,
          unservedNames,
          warnings,
          List.of(),
          java.util.Optional.empty());
    }

    /** Every record is served and nothing is in the way. */
    public boolean verified() {
      return unservedNames.isEmpty() && conflicts.isEmpty();
    }
  }

  record Conflict(Reason reason, String message) {}
}
