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
  RolloutPaused,
  RolloutCompressed,
  RolloutGated,
  OrgDomainConflict,
  SpfLookupLimit,
  Waiting;

  /** The reason for a provider failure reason string, or PublishFailed when it is not one we know. */
  public static Reason ofProvider(String reason) {
    for (Reason r : values()) {
      if (r.name().equals(reason)) {
        return r;
      }
    }
    return PublishFailed;
  }
}
