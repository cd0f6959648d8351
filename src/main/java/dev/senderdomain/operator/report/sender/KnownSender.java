package dev.senderdomain.operator.report.sender;

import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.report.IpRange;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the sender map: how to recognise a major sender in reports, and what it takes for
 * its mail to pass DMARC for your domain. See senders.yaml for the fields.
 *
 * @param returnPath how to get a return path under your domain (aligned SPF); null when the sender
 *     offers none
 * @param spfInclude the include: to add to SPF (without the "include:"), or null
 */
public record KnownSender(
    String id,
    String name,
    List<String> rdns,
    List<String> dkim,
    List<String> envelope,
    List<IpRange> ipRanges,
    String spfInclude,
    String dkimSetup,
    String returnPath,
    String docs) {
  public KnownSender {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dkimSetup, "dkimSetup");
    rdns = lower(rdns);
    dkim = lower(dkim);
    envelope = lower(envelope);
    ipRanges = ipRanges == null ? List.of() : List.copyOf(ipRanges);
  }

  private static List<String> lower(List<String> domains) {
    return domains == null ? List.of() : domains.stream().map(DomainNames::normalize).toList();
  }

  /** True when {@code name} is one of {@code domains} or a subdomain of one. */
  static boolean under(String name, List<String> domains) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    String n = DomainNames.normalize(name);
    for (String d : domains) {
      if (n.equals(d) || n.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  boolean hasRange(String ip) {
    for (IpRange r : ipRanges) {
      if (r.contains(ip)) {
        return true;
      }
    }
    return false;
  }
}
