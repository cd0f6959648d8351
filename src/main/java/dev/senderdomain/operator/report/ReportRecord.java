package dev.senderdomain.operator.report;

import java.util.List;

/**
 * One {@code record}: messages from one source IP with the same identifiers and verdicts (RFC 7489
 * appendix C).
 *
 * @param sourceIp the sending IP as written by the reporter (validated IPv4/IPv6 literal, lower
 *     case), or null when the reporter sent an empty {@code source_ip}
 * @param count number of messages, 0 or more
 * @param disposition what the receiver did, or null when the reporter left it empty
 * @param dkim DMARC-aligned DKIM verdict, or null when empty
 * @param spf DMARC-aligned SPF verdict, or null when empty
 * @param reasons policy override reasons, possibly empty
 * @param headerFrom RFC 5322 From domain, or null
 * @param envelopeFrom RFC 5321 MAIL FROM domain, or null
 * @param envelopeTo RFC 5321 RCPT TO domain, or null
 * @param dkimResults raw DKIM results ({@code auth_results/dkim}), possibly empty
 * @param spfResults raw SPF results ({@code auth_results/spf}), possibly empty
 */
public record ReportRecord(
    String sourceIp,
    long count,
    Disposition disposition,
    DmarcResult dkim,
    DmarcResult spf,
    List<PolicyOverrideReason> reasons,
    String headerFrom,
    String envelopeFrom,
    String envelopeTo,
    List<DkimAuthResult> dkimResults,
    List<SpfAuthResult> spfResults) {

  public ReportRecord {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    reasons = List.copyOf(reasons);
    dkimResults = List.copyOf(dkimResults);
    spfResults = List.copyOf(spfResults);
  }

  /** True when the receiver reported an aligned DKIM pass for these messages. */
  public boolean dkimPass() {
    return dkim == DmarcResult.PASS;
  }

  /** True when the receiver reported an aligned SPF pass for these messages. */
  public boolean spfPass() {
    return spf == DmarcResult.PASS;
  }

  /** DMARC passes when either aligned DKIM or aligned SPF passes (RFC 7489 4.2). */
  public boolean dmarcPass() {
    return dkimPass() || spfPass();
  }
}
