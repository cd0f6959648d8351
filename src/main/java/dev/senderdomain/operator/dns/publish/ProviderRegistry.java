package dev.senderdomain.operator.dns.publish;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.provider.AdapterFactory;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import dev.senderdomain.operator.dns.provider.cloudflare.CloudflareAdapter;
import dev.senderdomain.operator.dns.provider.externaldns.ExternalDnsAdapter;
import dev.senderdomain.operator.dns.provider.manual.ManualAdapter;
import dev.senderdomain.operator.dns.provider.powerdns.PowerDnsAdapter;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.dns.provider.route53.Route53Adapter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that maps a DnsProvider spec section ({@code rfc2136}, {@code manual}, ...) to the
 * adapter that implements it. Adding a provider is one {@code Map.entry} line here.
 */
public final class ProviderRegistry {
  private static final Map<String, AdapterFactory> FACTORIES =
      Map.ofEntries(
          Map.entry("manual", ManualAdapter::fromSpec),
          Map.entry("rfc2136", Rfc2136Adapter::fromSpec),
          Map.entry("powerdns", PowerDnsAdapter::fromSpec),
          Map.entry("cloudflare", CloudflareAdapter::fromSpec),
          Map.entry("route53", Route53Adapter::fromSpec));

  /**
   * What only the operator has: ExternalDNS's adapter writes DNSEndpoint objects into the cluster,
   * named after the SenderDomain's domain.
   */
  public record Cluster(KubernetesClient client, String senderDomainNamespace, String domain) {}

  private ProviderRegistry() {}

  /** Names of the sections an adapter is registered for. */
  public static Set<String> registered() {
    Set<String> all = new java.util.TreeSet<>(FACTORIES.keySet());
    all.add("externaldns");
    return all;
  }

  /**
   * The adapter for {@code spec}.
   *
   * @throws DnsProviderException permanent, reason {@code InvalidProvider}, when not exactly one
   *     section is set or the set section has no adapter in this build
   */
  public static DnsProviderAdapter create(
      DnsProviderSpec spec, String namespace, SecretResolver secrets) throws DnsProviderException {
    return create(spec, namespace, secrets, null);
  }

  /**
   * As {@link #create(DnsProviderSpec, String, SecretResolver)}, with the cluster the externaldns
   * adapter needs.
   */
  public static DnsProviderAdapter create(
      DnsProviderSpec spec, String namespace, SecretResolver secrets, Cluster cluster)
      throws DnsProviderException {
    String section = section(spec);
    if (section.equals("externaldns")) {
      if (cluster == null) {
        throw new DnsProviderException(
            ProviderFailure.InvalidProvider,
            "the externaldns provider writes DNSEndpoint objects for"
                + " ExternalDNS inside a cluster; it cannot be used without one (use the operator, not push)",
            true);
      }
      return ExternalDnsAdapter.factory(
              cluster.client(), cluster.senderDomainNamespace(), cluster.domain())
          .create(spec, namespace, secrets);
    }
    AdapterFactory factory = FACTORIES.get(section);
    if (factory == null) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider,
          "DnsProvider section '"
              + section
              + "' has no adapter in this build (available: "
              + FACTORIES.keySet().stream().sorted().toList()
              + ")",
          true);
    }
    return factory.create(spec, namespace, secrets);
  }

  /**
   * Checks the provider {@code spec} describes without writing ({@link DnsProviderAdapter#check}):
   * its Secrets are read, its adapter built and asked. The externaldns section holds no credentials
   * (ExternalDNS publishes with its own), so there is nothing to check.
   *
   * @return what was checked, for the provider's Ready message
   * @throws DnsProviderException what failed, with the reason a publish would fail with
   */
  public static String check(DnsProviderSpec spec, String namespace, SecretResolver secrets)
      throws DnsProviderException {
    if (section(spec).equals("externaldns")) {
      return "nothing to check: ExternalDNS publishes the DNSEndpoint objects with its own"
          + " credentials";
    }
    try (DnsProviderAdapter adapter = create(spec, namespace, secrets)) {
      return adapter.check();
    }
  }

  /** The name of the one section set in {@code spec}. */
  public static String section(DnsProviderSpec spec) throws DnsProviderException {
    List<String> set = new ArrayList<>();
    if (spec != null) {
      if (spec.manual != null) {
        set.add("manual");
      }
      if (spec.rfc2136 != null) {
        set.add("rfc2136");
      }
      if (spec.powerdns != null) {
        set.add("powerdns");
      }
      if (spec.externaldns != null) {
        set.add("externaldns");
      }
      if (spec.cloudflare != null) {
        set.add("cloudflare");
      }
      if (spec.route53 != null) {
        set.add("route53");
      }
    }
    if (set.size() != 1) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider,
          "DnsProvider spec must set exactly one of manual, rfc2136,"
              + " powerdns, externaldns, cloudflare, route53; found "
              + (set.isEmpty() ? "none" : set),
          true);
    }
    return set.get(0);
  }
}
