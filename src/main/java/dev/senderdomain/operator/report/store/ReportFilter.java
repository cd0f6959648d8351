package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.ReportDomain;
import java.time.Instant;
import java.util.Objects;

/**
 * Which of a domain's reports a query looks at: those whose period ends in (since, until], narrowed
 * to one source IP, one reporting organisation or one report when those are set.
 *
 * @param domain the policy domain (normalised here)
 * @param sourceIp only records from this IP, or null
 * @param orgName only reports of this organisation (exact), or null
 * @param reportId only this report id of {@code orgName}, or null
 */
public record ReportFilter(
    String domain, Instant since, Instant until, String sourceIp, String orgName, String reportId) {
  public ReportFilter {
    domain = ReportDomain.normalize(Objects.requireNonNull(domain, "domain"));
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
  }

  public static ReportFilter of(String domain, Instant since, Instant until) {
    return new ReportFilter(domain, since, until, null, null, null);
  }

  public ReportFilter withSourceIp(String ip) {
    return new ReportFilter(domain, since, until, ip, orgName, reportId);
  }

  public ReportFilter withOrgName(String org) {
    return new ReportFilter(domain, since, until, sourceIp, org, reportId);
  }

  public ReportFilter withReport(String org, String id) {
    return new ReportFilter(domain, since, until, sourceIp, org, id);
  }
}
