package dev.senderdomain.operator.dns.provider.externaldns;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pure mapping between record sets and the {@code spec.endpoints[]} of an ExternalDNS {@code
 * DNSEndpoint} (externaldns.k8s.io/v1alpha1): one endpoint per RRset with {@code dnsName}, {@code
 * recordType}, {@code targets} and {@code recordTTL}. Targets follow ExternalDNS's CRD source docs:
 * TXT targets are the whole logical string (ExternalDNS hands them to its provider, which does any
 * splitting), MX targets {@code "<preference> <host>"}, CNAME targets the host.
 */
final class DnsEndpoints {
  static final String GROUP = "externaldns.k8s.io";
  static final String VERSION = "v1alpha1";
  static final String KIND = "DNSEndpoint";
  static final String PLURAL = "dnsendpoints";
  private static final int MAX_NAME = 253;

  private DnsEndpoints() {}

  /**
   * The DNSEndpoint's object name for a sender domain: {@code senderdomain-<domain>} (dots are
   * allowed in object names, RFC 1123 subdomain rules); over-long names are cut and end in a hash
   * so they stay unique.
   */
  static String objectName(String domain) {
    String d =
        DomainNames.normalize(domain).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    String name = ("senderdomain-" + d).replaceAll("[.-]+$", "");
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String hash = sha256(d).substring(0, 10);
    return name.substring(0, MAX_NAME - 11).replaceAll("[.-]+$", "") + "-" + hash;
  }

  static Map<String, Object> endpoint(RecordSet s) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("dnsName", s.name());
    e.put("recordType", s.type().name());
    e.put("targets", new ArrayList<>(s.values()));
    e.put("recordTTL", s.ttl());
    return e;
  }

  static boolean matches(Map<String, Object> endpoint, RecordKey key) {
    return key.name().equals(DomainNames.normalize(String.valueOf(endpoint.get("dnsName"))))
        && key.type().name().equals(String.valueOf(endpoint.get("recordType")));
  }

  /** The set an endpoint describes; values normalized as {@link DnsRecord} would and sorted. */
  static RecordSet recordSet(Map<String, Object> endpoint, RecordKey key) {
    Object ttl = endpoint.get("recordTTL");
    List<String> values = new ArrayList<>();
    if (endpoint.get("targets") instanceof List<?> targets) {
      for (Object t : targets) {
        String v = String.valueOf(t);
        values.add(
            key.type() == RecordType.TXT
                ? v
                : DomainNames.normalize(String.join(" ", v.trim().split("\\s+"))));
      }
    }
    return new RecordSet(
        key.name(),
        key.type(),
        ttl instanceof Number n ? n.longValue() : 0,
        values.stream().sorted().toList());
  }

  /**
   * Stable order so an unchanged set of endpoints is an unchanged object (no needless writes, clean
   * diffs).
   */
  static final Comparator<Map<String, Object>> ORDER =
      Comparator.<Map<String, Object>, String>comparing(e -> String.valueOf(e.get("dnsName")))
          .thenComparing(e -> String.valueOf(e.get("recordType")));

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
