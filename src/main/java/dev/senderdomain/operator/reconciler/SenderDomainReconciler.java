package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.reconciler.Conditions.KEYS_READY;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.PublicDns;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.KeyManager.KeyException;
import dev.senderdomain.operator.reconciler.KeyManager.KeyOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.records.RecordSetBuilder;
import dev.senderdomain.operator.records.ReportAuthorization;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.GateStatus;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.rollout.RolloutWarning;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.ProviderScope;
import dev.senderdomain.operator.validate.SenderDomainConfig;
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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestrates one SenderDomain: validate, claim the domain, keys, DMARC step, records, publish,
 * status. Every decision is made by a pure function elsewhere; this class only sequences them and
 * talks to the seams.
 */
@ControllerConfiguration(name = SenderDomainReconciler.NAME)
public class SenderDomainReconciler implements Reconciler<SenderDomain>, Cleaner<SenderDomain> {
  public static final String NAME = "senderdomain";
  private static final Logger LOG = LoggerFactory.getLogger(SenderDomainReconciler.class);

  private final Clock clock;
  private final KeyManager keys;
  private final RecordPublishing publishing;
  private final FirstKeyActivation firstKey;
  private final EventRecorder events;
  private final ProviderLookup providers;
  private final StatusWriter statusWriter;
  private final PublicDnsChecks checks;
  private final ReportsView reports;
  private final RecordRemoval removal;

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
    this.publishing = new RecordPublishing(publisher, events);
    this.firstKey = new FirstKeyActivation(keys);
    this.events = events;
    this.providers = providers;
    this.statusWriter = statusWriter;
    this.removal = new RecordRemoval(publishing, providers, keys, events);
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
      config = SenderDomainValidator.validate(sd);
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
                  + " is already managed by SenderDomain "
                  + owner.get().getMetadata().getNamespace()
                  + "/"
                  + owner.get().getMetadata().getName()
                  + ", which wins: "
                  + DomainClaims.rule(owner.get(), sd)),
          null);
    }
    Optional<ProviderLookup.Resolved> provider =
        config.provider().isEmpty()
            ? Optional.of(ByHand.PROVIDER)
            : providers.resolve(sd, config, context);
    if (provider.isEmpty()) {
      return statusWriter.write(
          sd,
          context,
          draft.fail(
              Reason.ProviderNotFound,
              "provider "
                  + config.provider().get().name()
                  + " ("
                  + config.provider().get().kind()
                  + ") was not found"),
          null);
    }
    ProviderScope.Decision admitted = providers.admit(provider.get(), sd, config, context);
    if (admitted instanceof ProviderScope.Decision.Refused refused) {
      return statusWriter.write(
          sd, context, draft.fail(Reason.ProviderNotAllowed, refused.message()), null);
    }
    provider =
        provider.map(
            p ->
                p.allowed(
                    (ProviderScope.Decision.Allowed) admitted,
                    new StaleClaims(context.getClient(), sd)));
    ServedNames servedBefore = draft.servedBefore();
    KeyOutcome keyOutcome;
    try {
      keyOutcome = keys.reconcile(sd, config, servedBefore.dkimSelectors(config.domain()), now);
    } catch (KeyException e) {
      draft.conditions().set(KEYS_READY, false, Reason.KeyError, e.getMessage());
      return statusWriter.write(sd, context, draft.fail(Reason.KeyError, e.getMessage()), null);
    }
    if (keyOutcome.generated()) {
      events.normal(sd, "KeyGenerated", EventText.keyGenerated(keyOutcome));
    }
    draft.keys(keyOutcome);
    RolloutState state = draft.rolloutState();
    boolean byHand = ByHand.applies(config, provider.get());
    Optional<GateStatus> hold = Optional.empty();
    if (byHand || !state.known()) {
      Optional<RolloutState> served =
          publishing.servedRolloutState(sd, config, provider.get(), draft);
      if (served.isEmpty()) {
        return statusWriter.write(sd, context, draft.build(), keyOutcome.nextCheckAt());
      }
      ByHand.Resume resume =
          byHand
              ? ByHand.resume(state, draft.dmarcWasPending(), served.get(), now)
              : new ByHand.Resume(served.get(), Optional.empty());
      state = resume.state();
      hold = resume.hold();
    }
    RolloutDecision decision = decideRollout(sd, config, state, hold, now);
    List<DnsRecord> records =
        RecordSetBuilder.build(config.records(), keyOutcome.records(), decision.step());
    draft.rollout(decision, records, checks.orgDomain(config, decision.step()));
    draft.spf(checks.spfProblems(records));
    draft.externalRecords(
        ReportAuthorization.records(config.domain(), config.reportUris(), config.ttl()));
    if (reports != null) {
      draft.reports(reports.status(config.domain(), config.declaredSenders()));
    }
    Optional<PublishOutcome> published =
        publishing.publish(sd, config, provider.get(), records, draft);
    if (published.isEmpty()) {
      return statusWriter.write(
          sd, context, draft.build(), draft.nextCheck(keyOutcome, decision, null));
    }
    PublishOutcome outcome = published.get();
    publishing.announce(sd, outcome, draft.sameRecordsAsBefore());
    draft.published(outcome);
    KeyOutcome activated =
        firstKey.afterPublish(sd, config, keyOutcome, outcome, servedBefore, now);
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
   * The DMARC step now, through the report gate when there is one to evaluate, or held while a
   * by-hand record is not served yet.
   */
  private RolloutDecision decideRollout(
      SenderDomain sd,
      SenderDomainConfig config,
      RolloutState state,
      Optional<GateStatus> hold,
      Instant now) {
    GateStatus gate =
        hold.orElseGet(
            () ->
                reports == null || config.gate().isEmpty()
                    ? GateStatus.OPEN
                    : reports.gate(config.gate().get(), config.domain(), config.declaredSenders()));
    RolloutDecision decision = DmarcRollout.decide(config.rollout(), state, gate, now);
    // One-shot decisions: the condition says so only until the next reconcile, so they also get
    // an Event.
    decision.warnings().stream()
        .filter(
            w ->
                w.reason() == RolloutWarning.Reason.STEPPED_DOWN
                    || w.reason() == RolloutWarning.Reason.STATE_RECOVERED)
        .forEach(w -> events.warning(sd, Reason.of(w.reason()).name(), w.message()));
    return decision;
  }

  @Override
  public ErrorStatusUpdateControl<SenderDomain> updateErrorStatus(
      SenderDomain sd, Context<SenderDomain> context, Exception e) {
    if (FailureCauses.interrupted(e)) {
      // The operator is stopping: the reconcile was cut short, not failed; the next leader takes it
      // up.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    // The one log line of a failed reconcile (JOSDK's own, with a stack trace per retry, is off):
    // a provider failure is expected weather and says what failed; anything else is a bug and
    // keeps its stack trace.
    Optional<DnsProviderException> dns = FailureCauses.providerCause(e);
    if (dns.isPresent()) {
      LOG.warn(
          "reconcile of {}/{} failed, retrying: {}: {}",
          sd.getMetadata().getNamespace(),
          sd.getMetadata().getName(),
          dns.get().reason(),
          dns.get().getMessage());
    } else {
      LOG.warn(
          "reconcile of {}/{} failed, retrying",
          sd.getMetadata().getNamespace(),
          sd.getMetadata().getName(),
          e);
    }
    StatusDraft draft = new StatusDraft(sd, clock.instant());
    RecordPublishing.failed(draft, e);
    return statusWriter.writeError(sd, context, draft.build());
  }

  /** Removes the records this SenderDomain published, then its key Secret (see RecordRemoval). */
  @Override
  public DeleteControl cleanup(SenderDomain sd, Context<SenderDomain> context) {
    return removal.cleanup(sd, context);
  }
}
