package dev.senderdomain.operator.dns;

import dev.senderdomain.operator.dns.Conflict.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether somebody else already sends mail as a domain: a v=spf1 record (RFC 7208 4.5), a DMARC
 * record (RFC 7489 6.6.3) or a DKIM key at one of our selectors (RFC 6376 3.6.2.1) that the
 * ownership marker does not list as ours. A provider scope that does not name such a domain
 * explicitly gets nothing written for it: adding our DKIM key or SPF mechanism next to a company's
 * own would let the tenant's servers pass as the company.
 */
final class ForeignMailRecords {
  private ForeignMailRecords() {}

  static Optional<Conflict> find(
      String domain,
      List<DnsRecord> desired,
      List<RecordSet> current,
      OwnershipMarker marker,
      PlanOptions options) {
    String d = DomainNames.normalize(domain);
    List<String> found = new ArrayList<>();
    for (RecordSet set : current) {
      if (set.type() != RecordType.TXT || owned(marker, set.key())) {
        continue;
      }
      if (set.name().equals(d)) {
        set.values().stream().filter(SpfRecord::isSpf).forEach(v -> found.add(d + " " + v));
      } else if (set.name().equals("_dmarc." + d)) {
        set.values().stream()
            .filter(v -> v.trim().toLowerCase(java.util.Locale.ROOT).startsWith("v=dmarc1"))
            .forEach(v -> found.add(set.name() + " " + v));
      } else if (set.name().endsWith("._domainkey." + d)
          && desired.stream().anyMatch(r -> r.key().equals(set.key()))) {
        List<String> ours =
            desired.stream().filter(r -> r.key().equals(set.key())).map(DnsRecord::value).toList();
        if (!set.values().equals(ours.stream().sorted().toList())) {
          set.values().forEach(v -> found.add(set.name() + " " + abbreviate(v)));
        }
      }
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RecordKey key = new RecordKey(d, RecordType.TXT);
    return Optional.of(
        new Conflict(
            Kind.ProviderNotAllowed,
            key,
            found,
            d
                + " already carries mail records the operator did not create ("
                + String.join("; ", found)
                + "): "
                + options.scope().provider()
                + " lets a SenderDomain publish there only when spec.allowedDomains names "
                + d
                + " explicitly; nothing was written"));
  }

  /**
   * Ours per the marker (the planner refused a marker of another owner before, unless that owner
   * lost its claim and hands its records over).
   */
  private static boolean owned(OwnershipMarker marker, RecordKey key) {
    return marker != null && marker.scope(key).isPresent();
  }

  private static String abbreviate(String v) {
    return v.length() <= 40 ? v : v.substring(0, 37) + "...";
  }
}
