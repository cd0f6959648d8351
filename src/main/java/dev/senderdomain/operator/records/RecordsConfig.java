package dev.senderdomain.operator.records;

import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import java.util.List;
import java.util.Objects;

/**
 * What a SenderDomain asks to be published besides its DKIM keys and the DMARC step: names in
 * ASCII, defaults applied. The validator makes it; {@link RecordSetBuilder} turns it into records.
 *
 * @param domain the From domain (ASCII, lower case, no trailing dot)
 * @param ttl of every record, in seconds
 * @param spf the domain's SPF, null when none is published
 * @param bounce the return-path subdomain, null when none
 * @param tracking the click-tracking host, null when none
 * @param dmarc the parts of the DMARC record that do not change during the rollout
 */
public record RecordsConfig(
    String domain, long ttl, Spf spf, Bounce bounce, Tracking tracking, DmarcOptions dmarc) {
  public static final long DEFAULT_TTL = 3600;

  public RecordsConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(dmarc, "dmarc");
  }

  /** SPF terms (RFC 7208 5). {@code all} is the qualifier character: '-', '~' or '?'. */
  public record Spf(
      List<String> ip4, List<String> ip6, List<String> include, char all, boolean merge) {
    public Spf {
      ip4 = List.copyOf(ip4);
      ip6 = List.copyOf(ip6);
      include = List.copyOf(include);
    }
  }

  /** The bounce subdomain's absolute name, its MX hosts and its own SPF. */
  public record Bounce(String name, List<Mx> mx, Spf spf) {
    public Bounce {
      mx = List.copyOf(mx);
    }
  }

  public record Mx(int preference, String host) {}

  /** The tracking host's absolute name and its CNAME target. */
  public record Tracking(String name, String target) {}
}
