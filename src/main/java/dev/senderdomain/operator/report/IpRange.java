package dev.senderdomain.operator.report;

import java.util.Locale;
import org.xbill.DNS.Address;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}; a
 * bare address is a /32 or /128). Pure: literals are parsed, never looked up.
 */
public record IpRange(byte[] network, int prefix) {

  /**
   * @param what names the value in the error, e.g. "declared sender"
   * @throws IllegalArgumentException naming the entry that is not an address or range
   */
  public static IpRange parse(String text, String what) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    int slash = s.indexOf('/');
    byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          what
              + " "
              + ReportParseException.quote(text)
              + " is not an IPv4/IPv6 address or CIDR range");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException(
            what
                + " "
                + ReportParseException.quote(text)
                + " has a prefix length that is not 0.."
                + bits);
      }
      prefix = Integer.parseInt(p);
    }
    return new IpRange(address, prefix);
  }

  /** The bytes of an IPv4 or IPv6 literal, or null for anything else. */
  public static byte[] literal(String ip) {
    if (ip == null || ip.isEmpty() || ip.length() > 45) {
      return null;
    }
    byte[] v4 = Address.toByteArray(ip, Address.IPv4);
    return v4 != null ? v4 : Address.toByteArray(ip, Address.IPv6);
  }

  /** True when the IP literal lies in the range; false for anything that is not an IP literal. */
  public boolean contains(String ip) {
    byte[] address = literal(ip);
    return address != null && contains(address);
  }

  public boolean contains(byte[] address) {
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
