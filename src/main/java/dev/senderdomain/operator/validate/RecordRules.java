package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.BounceSpec;
import dev.senderdomain.operator.api.v1alpha1.SpfSpec;
import dev.senderdomain.operator.api.v1alpha1.TrackingSpec;
import dev.senderdomain.operator.dns.OwnershipMarker;
import dev.senderdomain.operator.records.RecordsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for what is published under the domain besides keys and DMARC: SPF (RFC 7208), the
 * bounce subdomain's MX and SPF, the tracking CNAME. Every host name is a domain name, never an IP
 * address; the names the operator itself uses are not available to either subdomain.
 */
final class RecordRules {
  /**
   * Labels the operator publishes at itself: the DMARC record (RFC 7489 6.1), the DKIM selectors'
   * parent (RFC 6376 3.6.2.1) and the ownership marker. A bounce or tracking subdomain there would
   * put a second record set (or a CNAME, RFC 1034 3.6.2) at one of them.
   */
  static final Set<String> RESERVED_LABELS = Set.of("_dmarc", "_domainkey", OwnershipMarker.LABEL);

  private RecordRules() {}

  static RecordsConfig.Spf spf(String field, SpfSpec spec, Problems problems) {
    List<String> ip4 = list(spec.ip4);
    List<String> ip6 = list(spec.ip6);
    for (int i = 0; i < ip4.size(); i++) {
      String at = field + ".ip4[" + i + "]";
      IpRanges.ip4Problem(ip4.get(i)).ifPresent(p -> problems.add(at, p));
    }
    for (int i = 0; i < ip6.size(); i++) {
      String at = field + ".ip6[" + i + "]";
      IpRanges.ip6Problem(ip6.get(i)).ifPresent(p -> problems.add(at, p));
    }
    List<String> include = new ArrayList<>();
    List<String> includes = list(spec.include);
    for (int i = 0; i < includes.size(); i++) {
      String d = domainName(field + ".include[" + i + "]", includes.get(i), true, problems);
      if (d != null) {
        include.add(d);
      }
    }
    char all = '-';
    if (spec.all != null) {
      switch (spec.all) {
        case "fail" -> all = '-';
        case "softfail" -> all = '~';
        case "neutral" -> all = '?';
        default ->
            problems.add(
                field + ".all",
                "must be fail, softfail or neutral, got '" + DnsNames.abbreviate(spec.all) + "'");
      }
    }
    return new RecordsConfig.Spf(ip4, ip6, include, all, Boolean.TRUE.equals(spec.merge));
  }

  static RecordsConfig.Bounce bounce(
      BounceSpec spec, String domain, RecordsConfig.Spf domainSpf, Problems problems) {
    if (spec == null) {
      return null;
    }
    String name = subdomain("spec.bounce.name", spec.name, domain, problems);
    List<RecordsConfig.Mx> mx = new ArrayList<>();
    List<BounceSpec.Mx> specMx = list(spec.mx);
    for (int i = 0; i < specMx.size(); i++) {
      BounceSpec.Mx m = specMx.get(i);
      if (m == null) {
        problems.add("spec.bounce.mx[" + i + "]", "must not be empty");
        continue;
      }
      int pref = m.preference == null ? 10 : m.preference;
      if (pref < 0 || pref > 65535) {
        problems.add("spec.bounce.mx[" + i + "].preference", "must be 0..65535");
      }
      // RFC 5321 5.1: an MX names a host; an address there is not looked up by senders.
      String host = domainName("spec.bounce.mx[" + i + "].host", m.host, false, problems);
      if (host != null) {
        mx.add(new RecordsConfig.Mx(pref, host));
      }
    }
    RecordsConfig.Spf spf =
        spec.spf != null ? spf("spec.bounce.spf", spec.spf, problems) : domainSpf;
    return name == null ? null : new RecordsConfig.Bounce(name, mx, spf);
  }

  static RecordsConfig.Tracking tracking(
      TrackingSpec spec, BounceSpec bounce, String domain, Problems problems) {
    if (spec == null) {
      return null;
    }
    String name = subdomain("spec.tracking.name", spec.name, domain, problems);
    if (bounce != null
        && spec.name != null
        && bounce.name != null
        && spec.name.equalsIgnoreCase(bounce.name)) {
      problems.add(
          "spec.tracking.name",
          "is also spec.bounce.name: the tracking CNAME cannot share its name with the bounce MX"
              + " and SPF records (RFC 1034 3.6.2)");
      name = null;
    }
    String target = domainName("spec.tracking.target", spec.target, false, problems);
    if (name != null && name.equals(target)) {
      problems.add("spec.tracking.target", "is the tracking name itself: a CNAME loop");
      target = null;
    }
    return name == null || target == null ? null : new RecordsConfig.Tracking(name, target);
  }

  /** A name in the operator's spelling ({@link DnsNames}), or null with the problem added. */
  static String domainName(String field, String value, boolean underscore, Problems problems) {
    StringBuilder problem = new StringBuilder();
    String ascii = DnsNames.toAsciiDomain(value, underscore, problem);
    if (ascii == null) {
      problems.add(field, problem.toString());
    }
    return ascii;
  }

  private static String subdomain(String field, String label, String domain, Problems problems) {
    if (label == null || label.isEmpty()) {
      problems.add(field, "must not be empty");
      return null;
    }
    Optional<String> problem = DnsNames.labelProblem(label, true);
    if (problem.isPresent()) {
      problems.add(field, problem.get());
      return null;
    }
    String lower = label.toLowerCase(Locale.ROOT);
    if (RESERVED_LABELS.contains(lower)) {
      problems.add(
          field,
          "'"
              + lower
              + "' is a name the operator publishes itself (one of "
              + RESERVED_LABELS.stream().sorted().toList()
              + ")");
      return null;
    }
    return domain == null ? null : lower + "." + domain;
  }

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
