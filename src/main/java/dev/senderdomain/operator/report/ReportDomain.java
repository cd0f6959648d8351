package dev.senderdomain.operator.report;

import java.net.IDN;
import java.util.Locale;

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
   * The domain as the operator spells it everywhere (the validated SenderDomain's form): no
   * surrounding blanks, no trailing dot, ASCII (an internationalized name such as {@code
   * bücher.example} becomes its A-label form {@code xn--bcher-kva.example}, RFC 5890), lower case.
   * Text that is no valid domain name is only trimmed and lower-cased: it matches no SenderDomain.
   */
  public static String normalize(String domain) {
    String d = domain.strip();
    d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    if (d.chars().anyMatch(c -> c >= 0x80)) {
      try {
        d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException notADomain) {
        // kept as written; no SenderDomain has this name
      }
    }
    return d.toLowerCase(Locale.ROOT);
  }
}
