package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a SenderDomain is deleted, before its finalizer goes: every record the operator
 * published is removed through the provider (what the ownership marker lists: whole record sets,
 * only our v=spf1 value or only our merged mechanisms of a shared SPF record, and the marker
 * itself), so no SPF keeps authorising a former sender and no tracking CNAME points at an ESP
 * account that may be gone (a subdomain takeover). Then the key Secret follows {@code
 * dkim.deletionPolicy}, never before its public record is gone.
 *
 * <p>While DNS cannot be reached the finalizer stays and the removal is tried again; a Warning
 * Event (one, counted) says why and how to let go ({@code spec.deletionPolicy: Retain}).
 */
final class RecordRemoval {
  private static final Logger LOG = LoggerFactory.getLogger(RecordRemoval.class);

  /** DNS down or slow: look again soon, the user waits for the resource to go. */
  static final Duration RETRY_TRANSIENT = Duration.ofSeconds(10);

  /** Credentials or zone wrong: a person has to act, no need to hammer the provider. */
  static final Duration RETRY_PERMANENT = Duration.ofSeconds(60);

  private final RecordPublishing publishing;
  private final ProviderLookup providers;
  private final KeyManager keys;
  private final EventRecorder events;

  RecordRemoval(
      RecordPublishing publishing,
      ProviderLookup providers,
      KeyManager keys,
      EventRecorder events) {
    this.publishing = publishing;
    this.providers = providers;
    this.keys = keys;
    this.events = events;
  }

  DeleteControl cleanup(SenderDomain sd, Context<SenderDomain> context) {
    SenderDomainConfig config;
    try {
      config = SenderDomainValidator.validate(sd);
    } catch (InvalidSpecException e) {
      // Nothing trustworthy says what to remove, nor to delete the keys: both are kept.
      keep(sd, "the spec is invalid (" + e.getMessage() + "): the records and the key Secret stay");
      return DeleteControl.defaultDelete();
    }
    if (!config.removeRecordsOnDelete()) {
      keep(
          sd,
          "deletionPolicy Retain: the records stay in DNS, and so does the key Secret their DKIM"
              + " record needs");
      return DeleteControl.defaultDelete();
    }
    if (ByHand.applies(config)) {
      keep(
          sd,
          "no providerRef: the records were published by hand and are not removed; delete them"
              + " from the zone by hand (status.records lists them), then the key Secret");
      return DeleteControl.defaultDelete();
    }
    Optional<ProviderLookup.Resolved> provider = providers.resolve(sd, config, context);
    if (provider.isEmpty()) {
      keep(
          sd,
          "provider "
              + config.provider().get()
              + " was not found: the records stay in DNS, and so does the key Secret");
      return DeleteControl.defaultDelete();
    }
    if (ByHand.applies(config, provider.get())) {
      keep(
          sd,
          "provider "
              + config.provider().get().name()
              + " is manual: the records were published by hand and are not removed; delete them"
              + " from the zone by hand (status.records lists them), then the key Secret");
      return DeleteControl.defaultDelete();
    }
    PublishOutcome removed;
    try {
      removed = publishing.removeAll(sd, config, provider.get());
    } catch (DnsProviderException e) {
      Duration retry = e.permanent() ? RETRY_PERMANENT : RETRY_TRANSIENT;
      LOG.warn(
          "could not remove the records of {} ({}: {}); retrying in {}s",
          config.domain(),
          e.reason(),
          e.getMessage(),
          retry.toSeconds());
      events.warning(
          sd,
          "RecordRemovalFailed",
          "could not remove the records ("
              + e.reason()
              + ": "
              + e.getMessage()
              + "); the SenderDomain stays until they are gone and the removal is retried (set"
              + " spec.deletionPolicy: Retain to keep the records and let it go)");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
    }
    if (!removed.pushed()) {
      keep(
          sd,
          "the provider is manual: the records were published by hand and are not removed;"
              + " delete them from the zone by hand, then the key Secret");
      return DeleteControl.defaultDelete();
    }
    if (!removed.conflicts().isEmpty()) {
      // Another SenderDomain's marker: nothing here is ours to remove, and the key Secret is ours.
      String why = removed.conflicts().get(0).message();
      events.warning(sd, "RecordsRetained", "nothing removed from DNS: " + why);
      LOG.info("removed no records of {}: {}", config.domain(), why);
      keys.cleanup(sd, config);
      return DeleteControl.defaultDelete();
    }
    List<String> changes = removed.changes();
    String message =
        changes.isEmpty()
            ? "no record of " + config.domain() + " was left in DNS to remove"
            : "removed from DNS: " + EventText.changes(changes);
    events.normal(sd, "RecordsRemoved", message);
    LOG.info("removed {} record set(s) of {} from DNS", changes.size(), config.domain());
    keys.cleanup(sd, config);
    return DeleteControl.defaultDelete();
  }

  private void keep(SenderDomain sd, String why) {
    events.normal(sd, "RecordsRetained", why);
    LOG.info("{}/{} deleted; {}", sd.getMetadata().getNamespace(), sd.getMetadata().getName(), why);
  }
}
