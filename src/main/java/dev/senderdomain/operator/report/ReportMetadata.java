package dev.senderdomain.operator.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code report_metadata} of an aggregate report (RFC 7489 appendix C, RFC 9990 3.1.1).
 *
 * @param orgName the reporting organisation; may be empty (some reporters send {@code <org_name/>})
 * @param email reporter contact address, or null when absent
 * @param extraContactInfo free text, or null
 * @param reportId the reporter's identifier for this report; never empty
 * @param begin start of the reporting period (UTC, whole seconds)
 * @param end end of the reporting period; never before {@code begin}
 * @param errors {@code <error>} strings the reporter included, possibly empty
 * @param version the {@code <version>} element (e.g. "1.0", "2.0"), or null when absent
 */
public record ReportMetadata(
    String orgName,
    String email,
    String extraContactInfo,
    String reportId,
    Instant begin,
    Instant end,
    List<String> errors,
    String version) {

  public ReportMetadata {
    Objects.requireNonNull(orgName, "orgName");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    errors = List.copyOf(errors);
  }
}
