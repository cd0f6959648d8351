package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.dns.Conflict;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.rollout.RolloutWarning;

/**
 * The closed set of condition reasons (PascalCase, per Kubernetes API conventions). What the
 * providers, the planner and the rollout report comes in their own closed types; the {@code of}
 * switches below map each of them, and the compiler refuses a new value that is not mapped.
 */
public enum Reason {
  // Ready
  Reconciled,
  InvalidSpec,
  DomainClaimed,
  ProviderNotFound,
  /**
   * The provider's scope (allowedNamespaces, allowedDomains, allowSpfMerge) does not allow this
   * SenderDomain, or what it would write; nothing is written.
   */
  ProviderNotAllowed,
  /**
   * A DnsProvider's or ClusterDnsProvider's check passed: the provider accepted the credentials and
   * serves the named zone, or it holds no credentials to check (manual, externaldns; the message
   * says so).
   */
  Checked,
  /** A failure no closed type describes (an unexpected exception); the operator logs say more. */
  PublishFailed,
  // KeysReady
  KeysReady,
  KeyError,
  Waiting,
  // RecordsPublished / RecordsVerified
  Published,
  Verified,
  NotYetServed,
  ManualProvider,
  InvalidProvider,
  SecretNotFound,
  SecretUnreadable,
  Unauthorized,
  ZoneNotFound,
  Refused,
  Rejected,
  ConcurrentEdit,
  RateLimited,
  Unreachable,
  ServerFailure,
  ForeignSpfRecord,
  ForeignDmarcRecord,
  CnameConflict,
  ForeignRecord,
  // RolloutProgressing
  RolloutOnSchedule,
  WindowCompressed,
  TargetDateMissed,
  Paused,
  RolloutGated,
  StateRecovered,
  SteppedDown,
  OrgDomainPolicyStricter,
  SubdomainPolicyIgnored,
  OrgDomainDiffers,
  // SpfWithinLimits
  SpfLookupLimit,
  SpfWithinLimits;

  /** The reason a provider failure shows as. */
  public static Reason of(ProviderFailure failure) {
    return switch (failure) {
      case InvalidProvider -> InvalidProvider;
      case SecretNotFound -> SecretNotFound;
      case SecretUnreadable -> SecretUnreadable;
      case Unauthorized -> Unauthorized;
      case ZoneNotFound -> ZoneNotFound;
      case Refused -> Refused;
      case Rejected -> Rejected;
      case ConcurrentEdit -> ConcurrentEdit;
      case RateLimited -> RateLimited;
      case Unreachable -> Unreachable;
      case ServerFailure -> ServerFailure;
      case ManualProvider -> ManualProvider;
    };
  }

  /** The reason a record the planner may not write shows as. */
  public static Reason of(Conflict.Kind kind) {
    return switch (kind) {
      case ForeignSpfRecord -> ForeignSpfRecord;
      case ForeignDmarcRecord -> ForeignDmarcRecord;
      case CnameConflict -> CnameConflict;
      case ForeignRecord -> ForeignRecord;
      case DomainClaimed -> DomainClaimed;
      case ProviderNotAllowed -> ProviderNotAllowed;
    };
  }

  /** The reason of a rollout warning; a held gate reads RolloutGated, as users look for. */
  public static Reason of(RolloutWarning.Reason reason) {
    return switch (reason) {
      case WINDOW_COMPRESSED -> WindowCompressed;
      case TARGET_DATE_MISSED -> TargetDateMissed;
      case PAUSED -> Paused;
      case GATE_HELD -> RolloutGated;
      case STATE_RECOVERED -> StateRecovered;
      case STEPPED_DOWN -> SteppedDown;
      case ORG_DOMAIN_STRICTER -> OrgDomainPolicyStricter;
      case SUBDOMAIN_POLICY_IGNORED -> SubdomainPolicyIgnored;
      case ORG_DOMAIN_DIFFERS -> OrgDomainDiffers;
    };
  }
}
