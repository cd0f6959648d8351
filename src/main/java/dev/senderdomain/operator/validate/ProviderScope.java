package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.rollout.PublicSuffixList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who may publish what through one provider: the one reader of a provider's {@code
 * allowedNamespaces}, {@code allowedDomains} and {@code allowSpfMerge}. Pure; the names and labels
 * of the asking namespace come from the caller.
 *
 * <p>The defaults (docs/install.md, multi-tenant clusters): every namespace, every name, except the
 * zone apex and names already carrying mail records the operator did not create, which a provider
 * must name explicitly in {@code allowedDomains} (not by a wildcard); no merging into a foreign SPF
 * record. A company's apex SPF, DKIM and DMARC decide who may send as {@code @example.com}, so no
 * tenant may add itself to them by default; a fresh name under the zone is what a tenant asks for
 * in the common case, so existing SenderDomains for new subdomains keep working.
 *
 * @param provider how messages name the provider, e.g. {@code ClusterDnsProvider company-dns}
 * @param allowedDomains patterns ({@code mail.example.com}, {@code *.apps.example.com}); null: any
 * @param namespaces the namespace rule; null: every namespace
 * @param zone the zone the provider's spec names, if it names one
 * @param writes the provider writes to DNS (not {@code manual}, whose records a person publishes by
 *     hand: the apex rule protects what the operator would write, so it does not apply there)
 */
public record ProviderScope(
    String provider,
    List<String> allowedDomains,
    boolean allowSpfMerge,
    ClusterDnsProviderSpec.AllowedNamespaces namespaces,
    Optional<String> zone,
    boolean writes) {
  private static final PublicSuffixList SUFFIXES = PublicSuffixList.bundled();

  /** What the scope says about one SenderDomain. */
  public sealed interface Decision {
    /**
     * The SenderDomain may publish.
     *
     * @param explicit its domain is named in {@code allowedDomains} itself, not by a wildcard: it
     *     may take over names that carry foreign mail records
     * @param allowSpfMerge it may merge into a foreign v=spf1 record
     */
    record Allowed(boolean explicit, boolean allowSpfMerge, String provider) implements Decision {}

    /** Refused; {@code message} names the rule. */
    record Refused(String message) implements Decision {}
  }

  public static ProviderScope of(String kind, String name, DnsProviderSpec spec) {
    ClusterDnsProviderSpec.AllowedNamespaces ns =
        spec instanceof ClusterDnsProviderSpec c ? c.allowedNamespaces : null;
    return new ProviderScope(
        kind + " " + name,
        spec.allowedDomains == null
            ? null
            : spec.allowedDomains.stream().map(ProviderScope::normalizePattern).toList(),
        Boolean.TRUE.equals(spec.allowSpfMerge),
        ns,
        zoneOf(spec).map(DomainNames::normalize),
        spec.manual == null);
  }

  /**
   * @param namespaceLabels the labels of {@code namespace}; only read when the rule has a selector
   *     (null there: the namespace could not be read, which refuses)
   */
  public Decision decide(String namespace, Map<String, String> namespaceLabels, String domain) {
    String d = DomainNames.normalize(domain);
    if (namespaces != null && !namespaceAllowed(namespace, namespaceLabels)) {
      return new Decision.Refused(
          "namespace "
              + namespace
              + " is not allowed by spec.allowedNamespaces of "
              + provider
              + " ("
              + describe(namespaces)
              + ")");
    }
    boolean explicit = allowedDomains != null && allowedDomains.contains(d);
    if (allowedDomains != null
        && !explicit
        && allowedDomains.stream().noneMatch(p -> covers(p, d))) {
      return new Decision.Refused(
          d
              + " is not in spec.allowedDomains of "
              + provider
              + " ("
              + String.join(", ", allowedDomains)
              + ")");
    }
    if (writes && !explicit && isApex(d)) {
      return new Decision.Refused(
          d
              + " is a zone apex: "
              + provider
              + " lets a SenderDomain publish there only when spec.allowedDomains names "
              + d
              + " explicitly");
    }
    return new Decision.Allowed(explicit, allowSpfMerge, provider);
  }

  /**
   * The provider's zone, or a registrable domain (public suffix plus one label, RFC 7489 3.2):
   * every registrable domain is the apex of a delegated zone.
   */
  boolean isApex(String domain) {
    return zone.filter(domain::equals).isPresent()
        || SUFFIXES.organizationalDomain(domain).equals(domain);
  }

  /** {@code *.x} covers every name below x (not x itself); a name covers only itself. */
  static boolean covers(String pattern, String domain) {
    if (pattern.startsWith("*.")) {
      return domain.endsWith(pattern.substring(1));
    }
    return pattern.equals(domain);
  }

  private boolean namespaceAllowed(String namespace, Map<String, String> labels) {
    if (namespaces.names != null && namespaces.names.contains(namespace)) {
      return true;
    }
    return namespaces.selector != null && labels != null && matches(namespaces.selector, labels);
  }

  /** Kubernetes label selector semantics: every matchLabels pair and every expression hold. */
  static boolean matches(ClusterDnsProviderSpec.Selector selector, Map<String, String> labels) {
    if (selector.matchLabels != null) {
      for (Map.Entry<String, String> e : selector.matchLabels.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.matchExpressions != null) {
      for (var expr : selector.matchExpressions) {
        String value = labels.get(expr.key);
        List<String> values = expr.values == null ? List.of() : expr.values;
        boolean ok =
            expr.operator != null
                && switch (expr.operator) {
                  case In -> value != null && values.contains(value);
                  case NotIn -> value == null || !values.contains(value);
                  case Exists -> value != null;
                  case DoesNotExist -> value == null;
                };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the rule reads namespace labels at all (then the caller must fetch them). */
  public boolean needsNamespaceLabels() {
    return namespaces != null && namespaces.selector != null;
  }

  private static String describe(ClusterDnsProviderSpec.AllowedNamespaces ns) {
    StringBuilder sb = new StringBuilder();
    if (ns.names != null) {
      sb.append("names: ").append(String.join(", ", ns.names));
    }
    if (ns.selector != null) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append("selector: ");
      List<String> parts = new java.util.ArrayList<>();
      if (ns.selector.matchLabels != null) {
        new java.util.TreeMap<>(ns.selector.matchLabels).forEach((k, v) -> parts.add(k + "=" + v));
      }
      if (ns.selector.matchExpressions != null) {
        ns.selector.matchExpressions.forEach(
            e -> parts.add(e.key + " " + e.operator + (e.values == null ? "" : " " + e.values)));
      }
      sb.append(String.join(", ", parts));
    }
    return sb.length() == 0 ? "no namespace" : sb.toString();
  }

  private static String normalizePattern(String p) {
    return p.startsWith("*.")
        ? "*." + DomainNames.normalize(p.substring(2))
        : DomainNames.normalize(p);
  }

  private static Optional<String> zoneOf(DnsProviderSpec spec) {
    return Stream.of(
            spec.rfc2136 == null ? null : spec.rfc2136.zone,
            spec.powerdns == null ? null : spec.powerdns.zone,
            spec.cloudflare == null ? null : spec.cloudflare.zone,
            spec.route53 == null ? null : spec.route53.zone,
            spec.manual == null ? null : spec.manual.zone)
        .filter(z -> z != null && !z.isBlank())
        .findFirst();
  }
}
