package dev.senderdomain.operator.records;

import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.util.List;

/**
 * A SenderDomain spec after validation: names in ASCII, defaults applied. Everything downstream
 * (records, rollout, keys) works from this, never from the raw spec.
 */
public record SenderDomainConfig(
    String domain,
    long ttl,
    Spf spf,
    List<String> dkimAlgorithms,
    Bounce bounce,
    Tracking tracking,
    DmarcOptions dmarc,
    RolloutTarget rollout) {
  public static final long DEFAULT_TTL = 3600;

  public SenderDomainConfig {
    dkimAlgorithms = List.copyOf(dkimAlgorithms);
  }

  /**
   * The senders the spec declares (ip4/ip6 of the domain's and the bounce domain's SPF): report
   * sources from these addresses are expected.
   */
  public List<String> declaredSenders() {
    java.util.Set<String> senders = new java.util.LinkedHashSet<>();
    for (Spf s : new Spf[] {spf, bounce == null ? null : bounce.spf()}) {
      if (s != null) {
        senders.addAll(s.ip4());
        senders.addAll(s.ip6());
      }
    }
    return List.copyOf(senders);
  }

  /** Every report address (rua, then ruf). */
  public List<String> reportUris() {
    List<String> uris = new java.util.ArrayList<>(dmarc.rua());
    uris.addAll(dmarc.ruf());
    return List.copyOf(uris);
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
