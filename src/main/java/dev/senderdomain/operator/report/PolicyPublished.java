package dev.senderdomain.operator.report;

import java.util.Objects;

/**
 * {@code policy_published}: the DMARC record the reporter found (RFC 7489 appendix C, RFC 9990
 * 3.1.2). Optional elements that were absent or empty are null; nothing is defaulted here, so a
 * reader can tell "absent" from "published as the default".
 *
 * @param domain the policy domain; null when the reporter left it out (seen in the wild)
 * @param adkim DKIM alignment mode, or null
 * @param aspf SPF alignment mode, or null
 * @param p the requested policy (required)
 * @param sp subdomain policy, or null
 * @param np RFC 9989 non-existent subdomain policy, or null
 * @param pct RFC 7489 sampling percentage 0..100, or null (RFC 9990 reports have no {@code pct})
 * @param testing RFC 9989 {@code t=y} test mode flag, or null when absent
 * @param discoveryMethod RFC 9990 {@code psl} or {@code treewalk} (lower case), or null
 * @param fo failure reporting options as published, or null
 */
public record PolicyPublished(
    String domain,
    Alignment adkim,
    Alignment aspf,
    RequestedPolicy p,
    RequestedPolicy sp,
    RequestedPolicy np,
    Integer pct,
    Boolean testing,
    String discoveryMethod,
    String fo) {

  public PolicyPublished {
    Objects.requireNonNull(p, "p");
  }
}
