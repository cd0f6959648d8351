package dev.senderdomain.operator.dns;

import java.net.IDN;
import java.util.Locale;

/**
 * The one spelling of a domain name inside the operator: ASCII (internationalized labels as
 * A-labels, RFC 5891), lower case (RFC 4343: DNS names compare case-insensitively), no trailing
 * dot. Every name that comes in, from a spec, a DNS answer, a provider API or a DMARC report, is
 * compared and stored in this form. Pure.
 */
public final class DomainNames {
  private DomainNames() {}

  /**
   * The name in the operator's spelling, without judging it: a name IDNA cannot convert is only
   * lower-cased (it matches nothing valid, and validation says what is wrong with it).
   */
  public static String normalize(String name) {
    String n = withoutTrailingDot(name.strip());
    if (isAscii(n)) {
      return n.toLowerCase(Locale.ROOT);
    }
    try {
      return toAscii(n);
    } catch (IllegalArgumentException e) {
      return n.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The ASCII form of a name given without surrounding blanks or trailing dot.
   *
   * @throws IllegalArgumentException when IDNA (RFC 3490 ToASCII) cannot convert it
   */
  public static String toAscii(String name) {
    return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
