package dev.senderdomain.operator.report;

import java.util.Objects;

/**
 * What the reports in a window say about one sending IP, summed over every report and record.
 *
 * @param ip the source IP as reported (lower case), or "" for records without a {@code source_ip}
 * @param messages messages from this IP
 * @param dmarcPass messages that passed DMARC (aligned DKIM or aligned SPF, RFC 7489 4.2)
 * @param dkimAligned messages with an aligned DKIM pass
 * @param spfAligned messages with an aligned SPF pass
 * @param forwarded messages a receiver marked with a forwarding override reason (forwarded,
 *     trusted_forwarder, mailing_list; RFC 7489 appendix C PolicyOverrideType)
 */
public record SourceStats(
    String ip, long messages, long dmarcPass, long dkimAligned, long spfAligned, long forwarded) {

  public SourceStats {
    Objects.requireNonNull(ip, "ip");
  }

  public long failing() {
    return messages - dmarcPass;
  }
}
