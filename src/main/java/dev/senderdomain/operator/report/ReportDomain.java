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

  /**
   * The domain as the operator spells it everywhere, the validated SenderDomain's form ({@link
   * DomainNames#normalize}): no trailing dot, A-labels ({@code bücher.example} is filed as {@code
   * xn--bcher-kva.example}, RFC 5891), lower case. Text that is no valid domain name is only
   * trimmed and lower-cased: it matches no SenderDomain.
   */
  public static String normalize(String domain) {
    return DomainNames.normalize(domain);
  }
}
