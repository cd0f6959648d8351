package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.reconciler.Conditions.READY;
import static dev.senderdomain.operator.reconciler.Conditions.RECORDS_PUBLISHED;
import static dev.senderdomain.operator.reconciler.Conditions.RECORDS_VERIFIED;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishRequest;
import dev.senderdomain.operator.records.PublishedDmarc;
import dev.senderdomain.operator.records.RecordSetBuilder;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The publish step of a reconcile: hand the records to the DNS seam, classify its failures once
 * (permanent: a False condition and no retry; transient: rethrown for JOSDK's retry with backoff)
 * and tell people what happened in Events.
 */
final class RecordPublishing {
  private final RecordPublisher publisher;
  private final EventRecorder events;

  RecordPublishing(RecordPublisher publisher, EventRecorder events) {
    this.publisher = publisher;
    this.events = events;
  }

  /**
   * The outcome, or empty when the provider failed permanently (the draft then says why).
   *
   * @throws DnsProviderException a transient failure, for JOSDK to retry
   */
  Optional<PublishOutcome> publish(
      SenderDomain sd,
      SenderDomainConfig config,
      ProviderLookup.Resolved provider,
      List<DnsRecord> records,
      StatusDraft draft)
      throws DnsProviderException {
    try {
      return Optional.of(
          publisher.publish(request(sd, config, provider, records, draft.servedBefore().names())));
    } catch (DnsProviderException e) {
      providerFailed(sd, e, draft);
      return Optional.empty();
    }
  }

  /**
   * Removes every record this SenderDomain published: publishing nothing makes the planner delete
   * what the ownership marker lists as ours (only our part of a shared SPF record) and the marker.
   *
   * <p>The provider's scope is not asked: removing only what the marker says is ours widens
   * nobody's rights, and a scope narrowed after publishing must not strand those records in DNS.
   *
   * @throws DnsProviderException any failure, transient or permanent: the caller decides
   */
  PublishOutcome removeAll(
      SenderDomain sd, SenderDomainConfig config, ProviderLookup.Resolved provider)
      throws DnsProviderException {
    ProviderLookup.Resolved unscoped =
        new ProviderLookup.Resolved(
            provider.spec(),
            provider.secretNamespace(),
            provider.scope(),
            PlanOptions.Scope.UNRESTRICTED,
            provider.claims());
    return publisher.publish(request(sd, config, unscoped, List.of(), Set.of()));
  }

  /**
   * The DMARC step receivers apply now, read from what {@code _dmarc} serves: where the rollout
   * resumes when status has no step (a new resource, a lost status), so a start in the past cannot
   * begin in the middle of the ramp. Empty when the provider failed permanently (the draft says
   * why).
   *
   * @throws DnsProviderException a transient failure, for JOSDK to retry
   */
  Optional<RolloutState> servedRolloutState(
      SenderDomain sd,
      SenderDomainConfig config,
      ProviderLookup.Resolved provider,
      StatusDraft draft)
      throws DnsProviderException {
    try {
      List<String> served =
          publisher.servedTxt(
              request(sd, config, provider, List.of(), Set.of()),
              RecordSetBuilder.dmarcName(config.domain()));
      return Optional.of(RolloutState.published(PublishedDmarc.step(served).orElse(null)));
    } catch (DnsProviderException e) {
      providerFailed(sd, e, draft);
      return Optional.empty();
    }
  }

  private static PublishRequest request(
      SenderDomain sd,
      SenderDomainConfig config,
      ProviderLookup.Resolved provider,
      List<DnsRecord> records,
      Set<String> servedBefore) {
    return new PublishRequest(
        sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName(),
        config.domain(),
        provider.spec(),
        provider.secretNamespace(),
        records,
        config.spfMerge(),
        provider.planScope(),
        provider.claims(),
        servedBefore);
  }

  /** A transient failure is rethrown; a permanent one fails the status with its own reason. */
  private void providerFailed(SenderDomain sd, DnsProviderException e, StatusDraft draft)
      throws DnsProviderException {
    events.warning(sd, "PublishFailed", e.getMessage());
    if (!e.permanent()) {
      throw e;
    }
    Reason reason = Reason.of(e.reason());
    draft.conditions().set(RECORDS_PUBLISHED, false, reason, e.getMessage());
    unverified(draft, reason, e.getMessage());
    draft.fail(reason, "records not published: " + e.getMessage());
  }

  /**
   * Events for what the publish did: the changes (a warning when they only repaired records edited
   * behind the operator's back) and every conflict.
   *
   * @param driftOnly the records wanted are the ones published last time
   */
  void announce(SenderDomain sd, PublishOutcome outcome, boolean driftOnly) {
    if (!outcome.changes().isEmpty()) {
      String changes = EventText.changes(outcome.changes());
      if (driftOnly) {
        events.warning(
            sd,
            "DriftRepaired",
            "records changed or deleted outside the operator were restored, " + changes);
      } else {
        events.normal(sd, "RecordsPublished", changes);
      }
    }
    outcome.conflicts().forEach(c -> events.warning(sd, c.reason().name(), c.message()));
    outcome
        .adoptedClaim()
        .ifPresent(
            why ->
                events.normal(
                    sd, "ClaimAdopted", "ownership marker adopted: " + why + " (stale claim)"));
  }

  /**
   * The status after a reconcile that threw: the provider's own reason when a provider failed, else
   * {@link Reason#PublishFailed}; what was shown before stays.
   */
  static void failed(StatusDraft draft, Exception e) {
    Optional<DnsProviderException> dns = FailureCauses.providerCause(e);
    Reason reason = dns.map(d -> Reason.of(d.reason())).orElse(Reason.PublishFailed);
    String message =
        dns.map(Throwable::getMessage)
            .orElse("unexpected " + e.getClass().getSimpleName() + " (see operator logs)");
    draft.carryOver();
    draft.conditions().set(RECORDS_PUBLISHED, false, reason, message + " (retrying)");
    unverified(draft, reason, message + " (retrying)");
    draft.conditions().set(READY, false, reason, message + " (retrying)");
  }

  /**
   * What is served was not checked this time: "all records are served" from an earlier reconcile
   * must not stand through an outage.
   */
  private static void unverified(StatusDraft draft, Reason reason, String message) {
    draft.conditions().unknown(RECORDS_VERIFIED, reason, "not checked: " + message);
  }
}
