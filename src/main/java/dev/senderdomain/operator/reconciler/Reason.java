package dev.senderdomain.operator.reconciler;

/** The closed set of condition reasons (PascalCase, per Kubernetes API conventions). */
public enum Reason {
  Reconciled,
  InvalidSpec,
  DomainClaimed,
  ProviderNotFound,
  ProviderInvalid,
  KeysReady,
  KeyError,
  WeakKey,
  Ed25519Only,
  Published,
  ManualProvider,
  PublishFailed,
  Unauthorized,
  Unreachable,
  Refused,
  RateLimited,
  ConcurrentEdit,
  ZoneNotFound,
  Rejected,
  ForeignSpfRecord,
  ForeignDmarcRecord,
  CnameConflict,
  Verified,
  NotYetServed,
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
  SpfLookupLimit,
  SpfWithinLimits,
  Waiting;

  /**
   * The condition reason of a rollout warning; a held gate reads RolloutGated, as users look for.
   */
  public static Reason ofRollout(dev.senderdomain.operator.rollout.RolloutWarning.Reason reason) {
    if (reason == dev.senderdomain.operator.rollout.RolloutWarning.Reason.GATE_HELD) {
      return RolloutGated;
    }
    return valueOf(reason.condition());
  }

  /**
   * The reason for a provider failure reason string, or PublishFailed when it is not one we know.
   */
  public static Reason ofProvider(String reason) {
    for (Reason r : values()) {
      if (r.name().equals(reason)) {
        return r;
      }
    }
    return PublishFailed;
  }
}
