package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;

/**
 * Where adapter credentials come from: the Kubernetes API in the operator, the Secret manifests
 * given to {@code push} on the command line. Implementations never log or echo the value.
 */
@FunctionalInterface
public interface SecretResolver {
  /**
   * The decoded value of {@code ref.key} in Secret {@code ref.name} of {@code namespace}.
   *
   * @throws DnsProviderException permanent, reason {@code SecretNotFound}, naming the Secret and
   *     key (never the value)
   */
  String secret(String namespace, SecretKeySelector ref) throws DnsProviderException;

  /** The standard failure for a missing Secret or key. */
  static DnsProviderException notFound(String namespace, SecretKeySelector ref, String what) {
    return new DnsProviderException(
        ProviderFailure.SecretNotFound,
        what
            + ": Secret "
            + namespace
            + "/"
            + (ref == null ? "<no secretRef>" : ref.name + " key '" + ref.key + "'")
            + " not found",
        true);
  }
}
