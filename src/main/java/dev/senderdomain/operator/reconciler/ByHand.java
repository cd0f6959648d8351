package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.validate.SenderDomainConfig;

/**
 * Records published by hand: a SenderDomain without {@code providerRef}, or one whose provider is
 * {@code manual}. Nothing is pushed; the records are shown in status and by {@code plan --output
 * zone}, and checked at the domain's authoritative servers.
 */
final class ByHand {
  /** The provider a SenderDomain without providerRef publishes through: the manual adapter. */
  static final ProviderLookup.Resolved PROVIDER = new ProviderLookup.Resolved(manual(), null);

  private ByHand() {}

  static boolean applies(SenderDomainConfig config, ProviderLookup.Resolved provider) {
    return config.provider().isEmpty() || provider.spec().manual != null;
  }

  private static DnsProviderSpec manual() {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.manual = new DnsProviderSpec.Manual();
    return spec;
  }
}
