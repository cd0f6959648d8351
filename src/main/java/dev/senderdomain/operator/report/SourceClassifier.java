package dev.senderdomain.operator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Address;

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
  private final List<Cidr> declared;

  private SourceClassifier(List<Cidr> declared) {
    this.declared = declared;
  }

  /**
   * @param declaredSenders IPv4/IPv6 addresses or CIDR ranges (e.g. {@code 192.0.2.0/24}, {@code
   *     2001:db8::/32})
   * @throws IllegalArgumentException naming the entry that is not an address or range
   */
  public static SourceClassifier of(List<String> declaredSenders) {
    List<Cidr> ranges = new ArrayList<>();
    for (String s : declaredSenders) {
      ranges.add(Cidr.parse(s));
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
    byte[] address = literal(ip);
    if (address == null) {
      return false;
    }
    for (Cidr range : declared) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] literal(String ip) {
    if (ip == null || ip.isEmpty() || ip.length() > 45) {
      return null;
    }
    byte[] v4 = Address.toByteArray(ip, Address.IPv4);
    return v4 != null ? v4 : Address.toByteArray(ip, Address.IPv6);
  }

  private record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      int slash = s.indexOf('/');
      byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException(
            "declared sender "
                + ReportParseException.quote(text)
                + " is not an IPv4/IPv6 address or CIDR range");
      }
      int bits = address.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = s.substring(slash + 1);
        if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
          throw new IllegalArgumentException(
              "declared sender "
                  + ReportParseException.quote(text)
                  + " has a prefix length that is not 0.."
                  + bits);
        }
        prefix = Integer.parseInt(p);
      }
      return new Cidr(address, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }
}
