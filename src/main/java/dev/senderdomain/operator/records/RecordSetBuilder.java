package dev.senderdomain.operator.records;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.records.RecordsConfig.Spf;
import dev.senderdomain.operator.rollout.DmarcStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every record a sender domain needs, as a pure function of what it asks to publish, its DKIM keys
 * and the DMARC step.
 */
public final class RecordSetBuilder {
  private RecordSetBuilder() {}

  public static List<DnsRecord> build(
      RecordsConfig config, List<DkimPublicRecord> dkim, DmarcStep step) {
    List<DnsRecord> records = new ArrayList<>();
    long ttl = config.ttl();
    String domain = config.domain();
    if (config.spf() != null) {
      records.add(new DnsRecord(domain, RecordType.TXT, ttl, spfValue(config.spf())));
    }
    for (DkimPublicRecord key : dkim) {
      records.add(
          new DnsRecord(dkimName(key.selector(), domain), RecordType.TXT, ttl, key.txtValue()));
    }
    records.add(
        new DnsRecord(
            dmarcName(domain), RecordType.TXT, ttl, DmarcRecordValue.render(step, config.dmarc())));
    if (config.bounce() != null) {
      for (RecordsConfig.Mx mx : config.bounce().mx()) {
        records.add(
            new DnsRecord(
                config.bounce().name(), RecordType.MX, ttl, mx.preference() + " " + mx.host()));
      }
      if (config.bounce().spf() != null) {
        records.add(
            new DnsRecord(
                config.bounce().name(), RecordType.TXT, ttl, spfValue(config.bounce().spf())));
      }
    }
    if (config.tracking() != null) {
      records.add(
          new DnsRecord(
              config.tracking().name(), RecordType.CNAME, ttl, config.tracking().target()));
    }
    return List.copyOf(records);
  }

  /** {@code <selector>._domainkey.<domain>} (RFC 6376 3.6.2.1). */
  public static String dkimName(String selector, String domain) {
    return selector + "._domainkey." + domain;
  }

  /**
   * The selector whose key record {@code name} is ({@link #dkimName} read backwards), if it is one
   * of {@code domain}'s.
   */
  public static Optional<String> dkimSelector(String name, String domain) {
    String suffix = "._domainkey." + domain;
    if (!name.endsWith(suffix)) {
      return Optional.empty();
    }
    String selector = name.substring(0, name.length() - suffix.length());
    return selector.isEmpty() || selector.contains(".") ? Optional.empty() : Optional.of(selector);
  }

  /** {@code _dmarc.<domain>} (RFC 7489 6.1). */
  public static String dmarcName(String domain) {
    return "_dmarc." + domain;
  }

  /**
   * {@code v=spf1} then the mechanisms that cost no DNS lookup (ip4, ip6) before the includes, so a
   * receiver that stops at the first match spends as few of its 10 lookups (RFC 7208 4.6.4) as
   * possible, then {@code all}.
   */
  public static String spfValue(Spf spf) {
    StringBuilder sb = new StringBuilder("v=spf1");
    spf.ip4().forEach(ip -> sb.append(" ip4:").append(ip));
    spf.ip6().forEach(ip -> sb.append(" ip6:").append(ip));
    spf.include().forEach(d -> sb.append(" include:").append(d));
    sb.append(' ').append(spf.all()).append("all");
    return sb.toString();
  }
}
