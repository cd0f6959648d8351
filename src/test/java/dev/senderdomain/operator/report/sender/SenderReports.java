package dev.senderdomain.operator.report.sender;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AuthResult;
import dev.senderdomain.operator.report.Disposition;
import dev.senderdomain.operator.report.DkimAuthResult;
import dev.senderdomain.operator.report.DmarcResult;
import dev.senderdomain.operator.report.PolicyOverrideReason;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SpfAuthResult;
import dev.senderdomain.operator.report.SpfScope;
import dev.senderdomain.operator.report.TestReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records shaped like what receivers report for mail sent through a given sender. */
final class SenderReports {
  static final String DOMAIN = "shop.example.com";

  private SenderReports() {}

  /**
   * A record: messages from {@code ip}, signed by {@code dkimDomain} (selector {@code selector},
   * verifying or not), with return path {@code envelope} (SPF passing or not); the aligned verdicts
   * follow from the domains, as a receiver computes them.
   */
  static ReportRecord record(
      String ip,
      long count,
      String dkimDomain,
      String selector,
      boolean dkimVerifies,
      String envelope,
      boolean spfPasses,
      String... reasons) {
    boolean dkimAligned = dkimVerifies && aligned(dkimDomain);
    boolean spfAligned = spfPasses && aligned(envelope);
    List<DkimAuthResult> dkim = new ArrayList<>();
    if (dkimDomain != null) {
      dkim.add(
          new DkimAuthResult(
              dkimDomain, selector, dkimVerifies ? AuthResult.PASS : AuthResult.FAIL, null));
    }
    return new ReportRecord(
        ip,
        count,
        dkimAligned || spfAligned ? Disposition.NONE : Disposition.QUARANTINE,
        dkimAligned ? DmarcResult.PASS : DmarcResult.FAIL,
        spfAligned ? DmarcResult.PASS : DmarcResult.FAIL,
        java.util.Arrays.stream(reasons).map(r -> new PolicyOverrideReason(r, null)).toList(),
        DOMAIN,
        envelope,
        null,
        dkim,
        List.of(
            new SpfAuthResult(
                envelope,
                SpfScope.MFROM,
                spfPasses ? AuthResult.PASS : AuthResult.SOFTFAIL,
                null)));
  }

  private static boolean aligned(String domain) {
    return domain != null && (domain.equals(DOMAIN) || domain.endsWith(".example.com"));
  }

  static AggregateReport report(String org, String id, Instant day, ReportRecord... records) {
    return TestReports.report(org, id, DOMAIN, day, records);
  }
}
