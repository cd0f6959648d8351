package dev.senderdomain.operator.report;

import dev.senderdomain.operator.dns.DomainNames;

/**
 * Which domain a report is filed under, the same rule everywhere (store, ingestion, queries). Pure.
 */
public final class ReportDomain {
  private ReportDomain() {}

  /**
   * {@code policy_published/domain}, else the first record's {@code header_from} (some reporters
   * leave the former out), normalised; "" when neither is there.
   */
  public static String of(AggregateReport report) {
    String d = report.policy().domain();
    if (d == null) {
      d =
          report.records().stream()
              .map(ReportRecord::headerFrom)
              .filter(h -> h != null && !h.isBlank())
              .findFirst()
              .orElse("");
    }
    return normalize(d);
  }

  /** The operator's one spelling of a domain ({@link DomainNames#normalize}). */
  public static String normalize(String domain) {
    return DomainNames.normalize(domain);
  }
}
