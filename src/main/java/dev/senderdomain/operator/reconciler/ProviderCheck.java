package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.provider.DnsProviderException;

/**
 * The seam a provider's Ready condition is decided through: check a DnsProvider spec's credentials
 * and zone without writing. In the operator, {@code ProviderRegistry.check} with the Secrets from
 * the API.
 */
@FunctionalInterface
public interface ProviderCheck {
  /**
   * @param secretNamespace where the spec's secretRefs live (the DnsProvider's namespace, or the
   *     operator's own for a ClusterDnsProvider)
   * @return what was checked, for the condition's message (never a credential)
   * @throws DnsProviderException what failed, classified as a publish through the provider would be
   */
  String check(DnsProviderSpec spec, String secretNamespace) throws DnsProviderException;
}
