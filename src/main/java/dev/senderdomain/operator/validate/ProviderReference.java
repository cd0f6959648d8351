package dev.senderdomain.operator.validate;

import java.util.Objects;

/**
 * The provider a SenderDomain publishes through ({@code spec.providerRef}).
 *
 * @param name the DnsProvider's or ClusterDnsProvider's name
 * @param clusterScoped true for a ClusterDnsProvider (its Secrets live in the operator's
 *     namespace), false for a DnsProvider in the SenderDomain's namespace
 */
public record ProviderReference(String name, boolean clusterScoped) {
  public static final String KIND_NAMESPACED = "DnsProvider";
  public static final String KIND_CLUSTER = "ClusterDnsProvider";

  public ProviderReference {
    Objects.requireNonNull(name, "name");
  }

  /** The provider's kind as written in {@code spec.providerRef.kind}. */
  public String kind() {
    return clusterScoped ? KIND_CLUSTER : KIND_NAMESPACED;
  }

  @Override
  public String toString() {
    return kind() + " " + name;
  }
}
