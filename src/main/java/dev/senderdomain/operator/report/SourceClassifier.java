package dev.senderdomain.operator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorts report sources into expected senders, forwarders and unknown senders. Pure: no DNS lookups
 * (the IP text is parsed as a literal). The rules, first match wins:
 *
 * <ol>
 *   <li>the IP lies in one of the declared sender ranges ({@code spec.spf.ip4}/{@code ip6}) :
 *       expected;
 *   <li>some of its messages passed SPF aligned with the domain: the domain's SPF authorises it
 *       (includes too): expected;
 *   <li>a receiver marked some of its messages as forwarded / trusted_forwarder / mailing_list:
 *       forwarder;
 *   <li>most (more than half) of its messages passed DKIM aligned: it signs with the domain's key:
 *       expected;
 *   <li>some of its messages passed DKIM aligned: a signature that survives only sometimes is what
 *       relays that rewrite the body (lists, forwarders adding footers) produce: forwarder;
 *   <li>otherwise: unknown.
 * </ol>
 */
public final class SourceClassifier {
  private final List<IpRange> declared;

  private SourceClassifier(List<IpRange> declared) {
    this.declared = declared;
  }

  /**
   * @param declaredSenders IPv4/IPv6 addresses or CIDR ranges (e.g. {@code 192.0.2.0/24}, {@code
   *     2001:db8::/32})
   * @throws IllegalArgumentException naming the entry that is not an address or range
   */
  public static SourceClassifier of(List<String> declaredSenders) {
    List<IpRange> ranges = new ArrayList<>();
    for (String s : declaredSenders) {
      ranges.add(IpRange.parse(s, "declared sender"));
    }
    return new SourceClassifier(List.copyOf(ranges));
  }

  public SourceClass classify(SourceStats source) {
    if (isDeclared(source.ip())) {
      return SourceClass.EXPECTED;
    }
    if (source.spfAligned() > 0) {
      return SourceClass.EXPECTED;
    }
    if (source.forwarded() > 0) {
      return SourceClass.FORWARDER;
    }
    if (source.dkimAligned() * 2 > source.messages()) {
      return SourceClass.EXPECTED;
    }
    if (source.dkimAligned() > 0) {
      return SourceClass.FORWARDER;
    }
    return SourceClass.UNKNOWN;
  }

  public ClassifiedSource classified(SourceStats source) {
    return new ClassifiedSource(source, classify(source));
  }

  /**
   * True when the IP literal lies in a declared range; false for anything that is not an IP
   * literal.
   */
  public boolean isDeclared(String ip) {
    byte[] address = IpRange.literal(ip);
    if (address == null) {
      return false;
    }
    for (IpRange range : declared) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
