package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.reconciler.Conditions.KEYS_READY;
import static dev.senderdomain.operator.reconciler.Conditions.READY;
import static dev.senderdomain.operator.reconciler.Conditions.RECORDS_PUBLISHED;
import static dev.senderdomain.operator.reconciler.Conditions.RECORDS_VERIFIED;
import static dev.senderdomain.operator.reconciler.Conditions.ROLLOUT;
import static dev.senderdomain.operator.reconciler.Conditions.SPF_VALID;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.RecordStatus;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.reconciler.KeyManager.KeyOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.rollout.RolloutWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The status being assembled during one reconcile, starting from a fresh object (never the cached
 * one).
 */
final class StatusDraft {
  /**
   * How soon to look again while records are not yet served: DNS propagation is seconds to minutes.
   */
  static final Duration VERIFY_AGAIN = Duration.ofSeconds(15);

  private final SenderDomain resource;
  private final SenderDomainStatus previous;
  private final SenderDomainStatus status = new SenderDomainStatus();
  private final Conditions conditions;
  private final Instant now;

  StatusDraft(SenderDomain resource, Instant now) {
    this.resource = resource;
    this.previous = resource.getStatus() == null ? new SenderDomainStatus() : resource.getStatus();
    this.now = now;
    this.conditions =
        new Conditions(previous.conditions, resource.getMetadata().getGeneration(), now);
    status.observedGeneration = resource.getMetadata().getGeneration();
  }

  Conditions conditions() {
    return conditions;
  }

  /**
   * Keeps what the previous status said (for error updates, where this reconcile learned nothing
   * new).
   */
  StatusDraft carryOver() {
    status.records = previous.records;
    status.dmarc = previous.dmarc;
    status.dkim = previous.dkim;
    status.reports = previous.reports;
    status.externalRecords = previous.externalRecords;
    Stream.of(KEYS_READY, RECORDS_VERIFIED, ROLLOUT, SPF_VALID).forEach(conditions::keep);
    return this;
  }

  /** Ready=False with this reason; what was published before stays visible. */
  SenderDomainStatus fail(Reason reason, String message) {
    carryOver();
    conditions.set(READY, false, reason, message);
    return build();
  }

  /** What the previous reconcile found served. */
  ServedNames servedBefore() {
    return ServedNames.fromStatus(previous.records);
  }

  RolloutState rolloutState() {
    return RolloutStatus.fromStatus(previous.dmarc);
  }

  /** The previous status showed a by-hand {@code _dmarc} record not served yet. */
  boolean dmarcWasPending() {
    return previous.dmarc != null && Boolean.TRUE.equals(previous.dmarc.pending);
  }

  void keys(KeyOutcome outcome) {
    status.dkim = outcome.status();
    boolean active = outcome.hasActiveKey();
    String message =
        outcome.warnings().isEmpty()
            ? "DKIM keys stored in Secret "
                + outcome.status().secretName
                + ", active: "
                + String.join(",", outcome.activeSelectors())
            : String.join("; ", outcome.warnings());
    conditions.set(KEYS_READY, active, active ? Reason.KeysReady : Reason.Waiting, message);
  }

  void rollout(
      RolloutDecision decision, List<DnsRecord> records, List<RolloutWarning> orgDomainWarnings) {
    String record =
        records.stream()
            .filter(r -> r.name().startsWith("_dmarc.") && r.type() == RecordType.TXT)
            .map(DnsRecord::value)
            .findFirst()
            .orElse(null);
    DmarcStatus d = RolloutStatus.toStatus(decision, record);
    d.history = previous.dmarc == null ? null : previous.dmarc.history;
    status.dmarc = d;
    status.records =
        records.stream()
            .map(r -> new RecordStatus(r.name(), r.type().name(), r.ttl(), r.value()))
            .toList();
    // The condition is True while the rollout proceeds as scheduled (or is complete), False when
    // something holds
    // or bends it: paused, gated, compressed, target date missed.
    List<RolloutWarning> warnings = new java.util.ArrayList<>(decision.warnings());
    warnings.addAll(orgDomainWarnings);
    if (warnings.isEmpty()) {
      conditions.set(
          ROLLOUT,
          true,
          Reason.RolloutOnSchedule,
          "DMARC "
              + decision.stage()
              + " ("
              + d.record
              + ")"
              + (d.nextStepAt == null ? "" : ", next step at " + d.nextStepAt));
    } else {
      String message = String.join("; ", warnings.stream().map(RolloutWarning::message).toList());
      conditions.set(ROLLOUT, false, Reason.of(warnings.get(0).reason()), message);
    }
  }

  void externalRecords(List<DnsRecord> records) {
    status.externalRecords =
        records.isEmpty()
            ? null
            : records.stream()
                .map(r -> new RecordStatus(r.name(), r.type().name(), r.ttl(), r.value()))
                .toList();
  }

  void reports(dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus reports) {
    status.reports = reports;
  }

  /**
   * Whether this reconcile wants the same records as the last one published. Changes applied then
   * can only be repairs of edits made behind the operator's back (drift).
   */
  boolean sameRecordsAsBefore() {
    if (previous.records == null || status.records == null) {
      return false;
    }
    java.util.function.Function<List<RecordStatus>, Set<String>> keys =
        list ->
            list.stream()
                .map(r -> r.name + " " + r.type + " " + r.value)
                .collect(java.util.stream.Collectors.toSet());
    return keys.apply(previous.records).equals(keys.apply(status.records));
  }

  /** RFC 7208 4.6.4: more than 10 lookups or 2 void lookups is a permerror at every receiver. */
  void spf(java.util.Optional<List<String>> checked) {
    if (checked.isEmpty()) {
      conditions.keep(SPF_VALID);
      return;
    }
    List<String> problems = checked.get();
    if (problems.isEmpty()) {
      conditions.set(
          SPF_VALID, true, Reason.SpfWithinLimits, "SPF records stay within the 10-lookup limit");
    } else {
      conditions.set(SPF_VALID, false, Reason.SpfLookupLimit, String.join("; ", problems));
    }
  }

  void published(PublishOutcome outcome) {
    status.records.forEach(r -> r.served = outcome.served().contains(r.name));
    status.records.forEach(r -> asServed(r, outcome.servedSets()));
    if (!outcome.conflicts().isEmpty()) {
      RecordPublisher.Conflict first = outcome.conflicts().get(0);
      String all =
          String.join(
              "; ", outcome.conflicts().stream().map(RecordPublisher.Conflict::message).toList());
      conditions.set(RECORDS_PUBLISHED, false, first.reason(), all);
      conditions.set(RECORDS_VERIFIED, false, first.reason(), all);
      conditions.set(READY, false, first.reason(), all);
      return;
    }
    if (outcome.pushed()) {
      conditions.set(
          RECORDS_PUBLISHED, true, Reason.Published, status.records.size() + " records published");
      if (status.dmarc != null) {
        status.dmarc.history = RolloutStatus.withPublished(status.dmarc.history, status.dmarc);
      }
    } else {
      conditions.set(
          RECORDS_PUBLISHED,
          false,
          Reason.ManualProvider,
          "records are published by hand (no providerRef, or a manual provider): paste the"
              + " records listed in status.records (plan --output zone prints them as zone-file"
              + " lines)");
      if (status.dmarc != null) {
        boolean dmarcServed =
            status.records.stream()
                .filter(r -> r.name.startsWith("_dmarc.") && "TXT".equals(r.type))
                .allMatch(r -> Boolean.TRUE.equals(r.served));
        status.dmarc.pending = dmarcServed ? null : Boolean.TRUE;
        if (dmarcServed) {
          status.dmarc.history = RolloutStatus.withPublished(status.dmarc.history, status.dmarc);
        }
      }
    }
    if (outcome.verified()) {
      conditions.set(
          RECORDS_VERIFIED,
          true,
          Reason.Verified,
          "all records are served by the authoritative servers");
      conditions.set(READY, true, Reason.Reconciled, "keys stored, records published and served");
    } else {
      String msg = "not yet served: " + String.join(", ", outcome.unservedNames());
      conditions.set(RECORDS_VERIFIED, false, Reason.NotYetServed, msg);
      if (outcome.pushed()) {
        conditions.set(
            READY,
            true,
            Reason.Published,
            "records published; waiting for the authoritative servers to serve them");
      } else {
        conditions.unknown(
            READY,
            Reason.ManualProvider,
            "waiting for the records to be published by hand: " + msg);
      }
    }
  }

  /**
   * A record as the zone holds it after the publish: a merged SPF value carries the foreign
   * record's mechanisms, and a set that is not only ours keeps its owner's TTL.
   */
  private static void asServed(RecordStatus r, List<dev.senderdomain.operator.dns.RecordSet> sets) {
    for (dev.senderdomain.operator.dns.RecordSet set : sets) {
      if (!set.name().equals(r.name) || !set.type().name().equals(r.type)) {
        continue;
      }
      if (dev.senderdomain.operator.dns.SpfRecord.isSpf(r.value)) {
        List<String> spf =
            set.values().stream().filter(dev.senderdomain.operator.dns.SpfRecord::isSpf).toList();
        if (spf.size() == 1) {
          r.value = spf.get(0);
          r.ttl = set.ttl();
        }
      } else if (set.values().contains(r.value)) {
        r.ttl = set.ttl();
      }
    }
  }

  /**
   * When to look again: the earliest of the next rollout step, the next key transition and
   * re-verification.
   */
  Instant nextCheck(KeyOutcome keys, RolloutDecision decision, PublishOutcome outcome) {
    Instant next = earliest(decision.nextStepAt(), keys.nextCheckAt());
    if (outcome != null && !outcome.verified() && outcome.conflicts().isEmpty()) {
      next = earliest(next, now.plus(VERIFY_AGAIN));
    }
    return next;
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  SenderDomainStatus build() {
    status.conditions = conditions.build();
    return status;
  }

  SenderDomain resource() {
    return resource;
  }
}
