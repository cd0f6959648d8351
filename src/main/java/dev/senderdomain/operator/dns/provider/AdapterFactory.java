package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;

/**
 * Builds one adapter from its DnsProvider spec section; credentials are resolved through {@code
 * secrets}.
 */
@FunctionalInterface
public interface AdapterFactory {
  /**
   * @param namespace where the referenced Secrets live (the DnsProvider's namespace, or the
   *     operator's own for a ClusterDnsProvider)
   */
  DnsProviderAdapter create(DnsProviderSpec spec, String namespace, SecretResolver secrets)
      throws DnsProviderException;
}
