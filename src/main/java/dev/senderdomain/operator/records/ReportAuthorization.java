package dev.senderdomain.operator.records;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.dns.RecordType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * External report destination verification (RFC 7489 7.1): when a domain's {@code rua}/{@code ruf}
 * points at a mailbox in another organisation's domain, receivers only send reports if that domain
 * publishes {@code <domain>._report._dmarc.<report-domain> TXT "v=DMARC1"}. Pure.
 *
 * <p>"Another organisation" is decided without a public suffix list: a report domain that equals
 * the domain, is a subdomain of it, or is one of its parents (e.g. rua at example.com for
 * mail.example.com) counts as the same organisation and needs no record. Everything else gets one.
 * This errs on the side of an extra, harmless record (e.g. for a sibling subdomain of the same
 * organisational domain), never a missing one.
 */
public final class ReportAuthorization {
  public static final String VALUE = "v=DMARC1";

  private ReportAuthorization() {}

  /**
   * @param domain the SenderDomain's domain
   * @param reportUris rua and ruf URIs, {@code mailto:local@host} with an optional RFC 7489 6.2
   *     size limit ({@code !10m})
   * @param ttl TTL of the records
   * @return one TXT record per distinct outside report domain, in the order first named
   * @throws IllegalArgumentException naming a URI that is not a mailto: address
   */
  public static List<DnsRecord> records(String domain, List<String> reportUris, long ttl) {
    String own = DomainNames.normalize(domain);
    Set<String> outside = new LinkedHashSet<>();
    for (String uri : reportUris) {
      String host = mailHost(uri);
      if (!sameOrganisation(own, host)) {
        outside.add(host);
      }
    }
    List<DnsRecord> out = new ArrayList<>();
    for (String host : outside) {
      out.add(new DnsRecord(own + "._report._dmarc." + host, RecordType.TXT, ttl, VALUE));
    }
    return out;
  }

  /**
   * The host part of a {@code mailto:} report URI, lower case, without a trailing dot or size
   * suffix.
   */
  static String mailHost(String uri) {
    String u = uri == null ? "" : uri.strip();
    if (!u.regionMatches(true, 0, "mailto:", 0, 7)) {
      throw new IllegalArgumentException(
          "report URI " + quote(uri) + " is not a mailto: URI (RFC 7489 6.2)");
    }
    String address = u.substring(7);
    int bang = address.lastIndexOf('!');
    if (bang >= 0 && address.substring(bang + 1).matches("[0-9]+[kmgt]?")) {
      address = address.substring(0, bang);
    }
    int q = address.indexOf('?');
    if (q >= 0) {
      address = address.substring(0, q);
    }
    int at = address.lastIndexOf('@');
    String host = at < 0 ? "" : DomainNames.normalize(address.substring(at + 1));
    if (at <= 0
        || !host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      throw new IllegalArgumentException(
          "report URI " + quote(uri) + " has no local@domain address");
    }
    return host;
  }

  static boolean sameOrganisation(String domain, String host) {
    return host.equals(domain) || host.endsWith("." + domain) || domain.endsWith("." + host);
  }

  private static String quote(String s) {
    String v = String.valueOf(s);
    return "\""
        + (v.length() > 100 ? v.substring(0, 100) + "..." : v).replaceAll("\\p{Cntrl}", "?")
        + "\"";
  }
}
