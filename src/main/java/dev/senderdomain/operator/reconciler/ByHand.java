package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.rollout.GateStatus;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Records published by hand: a SenderDomain without {@code providerRef}, or whose provider is of
 * kind {@code manual}. Nothing is pushed (it publishes through the manual adapter); the records are
 * shown in status and by {@code plan --output zone}, and checked at the domain's authoritative
 * servers.
 *
 * <p>The operator cannot change such a domain's {@code _dmarc} record, so the rollout follows what
 * the authoritative servers serve: the step shown is held (not walked past) until it is served, and
 * the time it takes effect is when it is first seen served, so {@code monitorFor} and the days
 * between steps count from what receivers really apply.
 */
final class ByHand {
  /** The provider a SenderDomain without providerRef publishes through: the manual adapter. */
  static final ProviderLookup.Resolved PROVIDER = new ProviderLookup.Resolved(manual(), null);

  private ByHand() {}

  /** Without {@code providerRef}: known before the provider is looked up. */
  static boolean applies(SenderDomainConfig config) {
    return config.provider().isEmpty();
  }

  /** Without {@code providerRef}, or through a provider of kind {@code manual}. */
  static boolean applies(SenderDomainConfig config, ProviderLookup.Resolved provider) {
    return applies(config) || provider.spec().manual != null;
  }

  /**
   * Where the rollout of a by-hand domain resumes, and what holds it.
   *
   * @param hold a held gate while the step shown is not served (the rollout takes no step up)
   */
  record Resume(RolloutState state, Optional<GateStatus> hold) {}

  /**
   * @param shown the step status shows (the record to paste)
   * @param shownWasPending status said that step was not served yet
   * @param served the step the authoritative servers serve
   */
  static Resume resume(
      RolloutState shown, boolean shownWasPending, RolloutState served, Instant now) {
    if (!shown.known()) {
      return new Resume(served, Optional.empty());
    }
    if (Objects.equals(shown.step(), served.step())) {
      // Just pasted: in effect from now, not from when it was first shown.
      return new Resume(
          shownWasPending ? new RolloutState(shown.step(), now) : shown, Optional.empty());
    }
    return new Resume(
        shown,
        Optional.of(
            GateStatus.held(
                "the _dmarc record shown in status ("
                    + shown.step().describe()
                    + ") is not served by the domain's authoritative servers yet; publish it by"
                    + " hand first")));
  }

  private static DnsProviderSpec manual() {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.manual = new DnsProviderSpec.Manual();
    return spec;
  }
}
