package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.reconciler.Conditions.KEYS_READY;
import static dev.senderdomain.operator.reconciler.Conditions.READY;
import static dev.senderdomain.operator.reconciler.Conditions.RECORDS_PUBLISHED;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.PublicDns;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.KeyManager.KeyException;
import dev.senderdomain.operator.reconciler.KeyManager.KeyOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishRequest;
import dev.senderdomain.operator.records.PublishedDmarc;
import dev.senderdomain.operator.records.RecordSetBuilder;
import dev.senderdomain.operator.records.ReportAuthorization;
import dev.senderdomain.operator.records.SenderDomainConfig;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.GateStatus;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.rollout.RolloutWarning;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Orchestrates one SenderDomain: validate, claim the domain, keys, DMARC step, records, publish,
 * status. Every decision is made by a pure function elsewhere; this class only sequences them and
 * talks to the seams.
 */
@ControllerConfiguration(name = SenderDomainReconciler.NAME)
public class SenderDomainReconciler implements Reconciler<SenderDomain>, Cleaner<SenderDomain> {
  public static final String NAME = "senderdomain";

  private final Clock clock;
  private final KeyManager keys;
  private final RecordPublisher publisher;
  private final EventRecorder events;
  private final ProviderLookup providers;
  private final StatusWriter statusWriter;
  private final PublicDnsChecks checks;
  private final ReportsView reports;

  /**
   * @param reports null: no report pipeline (status.reports absent, the rollout gate always open)
   */
  public SenderDomainReconciler(
      Clock clock,
      KeyManager keys,
      RecordPublisher publisher,
      EventRecorder events,
      ProviderLookup providers,
      StatusWriter statusWriter,
      PublicDns publicDns,
      ReportsView reports) {
    this.reports = reports;
    this.checks = new PublicDnsChecks(publicDns);
    this.clock = clock;
    this.keys = keys;
    this.publisher = publisher;
    this.events = events;
    this.providers = providers;
    this.statusWriter = statusWriter;
  }

  @Override
  public List<EventSource<?, SenderDomain>> prepareEventSources(
      EventSourceContext<SenderDomain> context) {
    return ProviderEventSources.create(context);
  }

  @Override
  public UpdateControl<SenderDomain> reconcile(SenderDomain sd, Context<SenderDomain> context)
      throws Exception {
    Instant now = clock.instant();
    StatusDraft draft = new StatusDraft(sd, now);
    SenderDomainConfig config;
    try {
      config = SenderDomainValidator.validate(sd.getSpec());
    } catch (InvalidSpecException e) {
      return statusWriter.write(sd, context, draft.fail(Reason.InvalidSpec, e.getMessage()), null);
    }
    Optional<SenderDomain> owner =
        DomainClaims.olderClaim(
            sd,
            config.domain(),
            context.getPrimaryCache().byIndex(DomainClaims.BY_DOMAIN, config.domain()).stream());
    if (owner.isPresent()) {
      return statusWriter.write(
          sd,
          context,
          draft.fail(
              Reason.DomainClaimed,
              "domain "
                  + config.domain()
                  + " is already managed by the older SenderDomain "
                  + owner.get().getMetadata().getNamespace()
                  + "/"
                  + owner.get().getMetadata().getName()),
          null);
    }
    Optional<ProviderLookup.Resolved> provider = providers.resolve(sd, context);
    if (provider.isEmpty()) {
      return statusWriter.write(
          sd,
          context,
          draft.fail(
              Reason.ProviderNotFound,
              "provider "
                  + sd.getSpec().providerRef.name
                  + " ("
                  + providers.kindOf(sd)
                  + ") was not found"),
          null);
    }
    KeyOutcome keyOutcome;
    try {
      keyOutcome = keys.reconcile(sd, config, draft.servedDkimSelectors(config.domain()), now);
    } catch (KeyException e) {
      draft.conditions().set(KEYS_READY, false, Reason.KeyError, e.getMessage());
      return statusWriter.write(sd, context, draft.fail(Reason.KeyError, e.getMessage()), null);
    }
    if (keyOutcome.generated()) {
      events.normal(
          sd, "KeyGenerated", "DKIM key generated: " + keyOutcome.status().activeSelectors);
    }
    draft.keys(keyOutcome);
    List<String> senders = config.declaredSenders();
    DmarcSpec.Gate gateSpec =
        sd.getSpec().dmarc == null || sd.getSpec().dmarc.rollout == null
            ? null
            : sd.getSpec().dmarc.rollout.gate;
    GateStatus gate =
        reports == null ? GateStatus.OPEN : reports.gate(gateSpec, config.domain(), senders);
    RolloutState published = draft.rolloutState();
    if (!published.known()) {
      // No step in status (a new resource, a lost status): resume from what _dmarc serves, never
      // from the schedule alone, so a start in the past cannot begin in the middle of the ramp.
      try {
        published =
            RolloutState.published(
                PublishedDmarc.step(
                        publisher.servedTxt(
                            request(sd, config, provider.get(), List.of()),
                            "_dmarc." + config.domain()))
                    .orElse(null));
      } catch (DnsProviderException e) {
        providerFailed(sd, e, draft);
        return statusWriter.write(sd, context, draft.build(), keyOutcome.nextCheckAt());
      }
    }
    RolloutDecision decision = DmarcRollout.decide(config.rollout(), published, gate, now);
    List<DnsRecord> records = RecordSetBuilder.build(config, keyOutcome.records(), decision.step());
    draft.rollout(decision, records, checks.orgDomain(config, decision.step()));
    draft.spf(checks.spfProblems(records));
    draft.externalRecords(
        ReportAuthorization.records(config.domain(), config.reportUris(), config.ttl()));
    if (reports != null) {
      draft.reports(reports.status(config.domain(), senders));
    }
    // One-shot decisions: the condition says so only until the next reconcile, so they also get an
    // Event.
    decision.warnings().stream()
        .filter(
            w ->
                w.reason() == RolloutWarning.Reason.STEPPED_DOWN
                    || w.reason() == RolloutWarning.Reason.STATE_RECOVERED)
        .forEach(w -> events.warning(sd, Reason.ofRollout(w.reason()).name(), w.message()));
    PublishOutcome outcome = publish(sd, request(sd, config, provider.get(), records), draft);
    if (outcome == null) {
      return statusWriter.write(
          sd, context, draft.build(), draft.nextCheck(keyOutcome, decision, null));
    }
    if (!outcome.changes().isEmpty()) {
      String changes =
          outcome.changes().size()
              + " change(s): "
              + String.join(
                  "; ", outcome.changes().subList(0, Math.min(5, outcome.changes().size())));
      if (draft.sameRecordsAsBefore()) {
        events.warning(
            sd,
            "DriftRepaired",
            "records changed or deleted outside the operator were restored, " + changes);
      } else {
        events.normal(sd, "RecordsPublished", changes);
      }
    }
    outcome.conflicts().forEach(c -> events.warning(sd, c.reason().name(), c.message()));
    draft.published(outcome);
    KeyOutcome activated =
        activateVerifiedFirstKey(
            sd, config, keyOutcome, outcome, draft.servedDkimSelectors(config.domain()), now);
    if (activated != keyOutcome) {
      draft.keys(activated);
      // Same records expected (only the state of a key changed); if not, look again at once.
      Instant next =
          activated.records().equals(keyOutcome.records())
              ? draft.nextCheck(activated, decision, outcome)
              : now;
      return statusWriter.write(sd, context, draft.build(), next);
    }
    return statusWriter.write(
        sd, context, draft.build(), draft.nextCheck(keyOutcome, decision, outcome));
  }

  /**
   * A domain's first key becomes ACTIVE once its record is verified at the authoritative servers.
   * This reconcile may just have verified it: then let the key seam activate it now instead of one
   * reconcile later. The rules are the key seam's own (the rotation policy, the Secret written
   * first); this only hands it the selectors verified a moment ago. The benchmark measured the
   * later activation as about 1 extra reconcile (20+ DNS queries, a status write) per new domain
   * (docs/performance.md).
   */
  private KeyOutcome activateVerifiedFirstKey(
      SenderDomain sd,
      SenderDomainConfig config,
      KeyOutcome keyOutcome,
      PublishOutcome outcome,
      Set<String> servedBefore,
      Instant now) {
    String active = keyOutcome.status() == null ? null : keyOutcome.status().activeSelectors;
    if (!outcome.verified() || (active != null && !active.isBlank())) {
      return keyOutcome;
    }
    String suffix = "._domainkey." + config.domain();
    Set<String> verified = new HashSet<>();
    for (String name : outcome.verifiedNames()) {
      if (name.endsWith(suffix)) {
        verified.add(name.substring(0, name.length() - suffix.length()));
      }
    }
    boolean newlyVerified =
        keyOutcome.records().stream()
            .anyMatch(r -> verified.contains(r.selector()) && !servedBefore.contains(r.selector()));
    if (!newlyVerified) {
      return keyOutcome;
    }
    try {
      return keys.reconcile(sd, config, verified, now);
    } catch (KeyException e) {
      return keyOutcome; // the next reconcile activates it the usual way, and reports the problem
      // if it stays
    }
  }

  /**
   * Permanent provider errors become a condition; transient ones are rethrown for JOSDK's retry
   * with backoff.
   */
  private PublishOutcome publish(SenderDomain sd, PublishRequest request, StatusDraft draft)
      throws DnsProviderException {
    try {
      return publisher.publish(request);
    } catch (DnsProviderException e) {
      providerFailed(sd, e, draft);
      return null;
    }
  }

  private static PublishRequest request(
      SenderDomain sd,
      SenderDomainConfig config,
      ProviderLookup.Resolved provider,
      List<DnsRecord> records) {
    String owner = sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName();
    return new PublishRequest(
        owner,
        config.domain(),
        provider.spec(),
        provider.secretNamespace(),
        records,
        config.spf() != null && config.spf().merge());
  }

  /** Records a provider failure: rethrows a transient one, a permanent one fails the status. */
  private void providerFailed(SenderDomain sd, DnsProviderException e, StatusDraft draft)
      throws DnsProviderException {
    events.warning(sd, "PublishFailed", e.getMessage());
    if (!e.permanent()) {
      throw e;
    }
    draft.conditions().set(RECORDS_PUBLISHED, false, Reason.ofProvider(e.reason()), e.getMessage());
    draft.fail(Reason.ofProvider(e.reason()), "records not published: " + e.getMessage());
  }

  @Override
  public ErrorStatusUpdateControl<SenderDomain> updateErrorStatus(
      SenderDomain sd, Context<SenderDomain> context, Exception e) {
    if (FailureCauses.interrupted(e)) {
      // The operator is stopping: the reconcile was cut short, not failed; the next leader takes it
      // up.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    Optional<DnsProviderException> dns = FailureCauses.providerCause(e);
    String reason = dns.map(DnsProviderException::reason).orElse(Reason.PublishFailed.name());
    String message =
        dns.map(Throwable::getMessage)
            .orElse("unexpected " + e.getClass().getSimpleName() + " (see operator logs)");
    StatusDraft draft = new StatusDraft(sd, clock.instant()).carryOver();
    draft
        .conditions()
        .set(RECORDS_PUBLISHED, false, Reason.ofProvider(reason), message + " (retrying)");
    draft.conditions().set(READY, false, Reason.ofProvider(reason), message + " (retrying)");
    return statusWriter.writeError(sd, context, draft.build());
  }

  @Override
  public DeleteControl cleanup(SenderDomain sd, Context<SenderDomain> context) {
    keys.cleanup(sd);
    return DeleteControl.defaultDelete();
  }
}
