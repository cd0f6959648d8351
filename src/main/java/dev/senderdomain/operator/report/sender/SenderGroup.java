package dev.senderdomain.operator.report.sender;

import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.store.AuthTallies;
import java.util.List;

/**
 * The sources of one sender in a window, summed, with what to fix.
 *
 * @param ips its source IPs, most messages first
 * @param classification how most of its messages were classified (expected, forwarder, unknown)
 * @param dkim its DKIM results by (d=, s=, result), most messages first (sourceIp "")
 * @param spf its SPF results by (domain, scope, result), most messages first (sourceIp "")
 * @param suggestion what to change so its mail passes DMARC; null when it passes
 */
public record SenderGroup(
    SenderIdentity sender,
    List<String> ips,
    long messages,
    long dmarcPass,
    long dkimAligned,
    long spfAligned,
    long forwarded,
    SourceClass classification,
    List<AuthTallies.Dkim> dkim,
    List<AuthTallies.Spf> spf,
    String suggestion) {
  public SenderGroup {
    ips = List.copyOf(ips);
    dkim = List.copyOf(dkim);
    spf = List.copyOf(spf);
  }

  public long failing() {
    return messages - dmarcPass;
  }
}
