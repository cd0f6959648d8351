package dev.senderdomain.operator.report.sender;

import java.util.Objects;

/**
 * Who sends from a source, as far as the reports, reverse DNS and the sender map tell.
 *
 * @param key groups sources: {@code known:<id>}, {@code own}, {@code rdns:<base domain>} (with
 *     {@code :forwarding} for the sources receivers marked as forwarders), or {@code ip:<address>}
 *     for a source nothing identifies (it stays on its own: two strangers are not one sender)
 * @param name what the dashboard and status show
 * @param known the sender map entry, null unless {@code kind} is KNOWN
 */
public record SenderIdentity(String key, String name, Kind kind, KnownSender known) {
  public enum Kind {
    /** A sender of the sender map. */
    KNOWN,
    /** The domain's own declared senders (spec.spf ip4/ip6). */
    OWN,
    /** Not in the map: named by the registrable domain of its reverse DNS name. */
    REVERSE_DNS,
    /** No map entry, no reverse DNS: the source is named by its IP. */
    UNIDENTIFIED
  }

  public SenderIdentity {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  static SenderIdentity known(KnownSender s) {
    return new SenderIdentity("known:" + s.id(), s.name(), Kind.KNOWN, s);
  }

  static final SenderIdentity OWN_SERVERS =
      new SenderIdentity("own", "Your declared servers", Kind.OWN, null);

  static SenderIdentity unidentified(String ip) {
    return new SenderIdentity(
        "ip:" + ip, ip.isEmpty() ? "(no source IP)" : ip, Kind.UNIDENTIFIED, null);
  }

  static SenderIdentity reverseDns(String baseDomain, boolean forwarding) {
    return forwarding
        ? new SenderIdentity(
            "rdns:" + baseDomain + ":forwarding",
            baseDomain + " (forwarding)",
            Kind.REVERSE_DNS,
            null)
        : new SenderIdentity("rdns:" + baseDomain, baseDomain, Kind.REVERSE_DNS, null);
  }
}
