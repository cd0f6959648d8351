package dev.senderdomain.operator.report;

import java.time.Instant;
import java.util.List;

/** Small hand-built reports for store, gate and dashboard tests (the model's own constructors, no parser). */
public final class TestReports {
  private TestReports() {}

  public static AggregateReport report(String org, String id, String domain, Instant begin, ReportRecord... records) {
    ReportMetadata meta = new ReportMetadata(org, "noreply-dmarc@" + org.replaceAll("[^a-z.]", "") + ".example",
        null, id, begin, begin.plusSeconds(86_399), List.of(), "1.0");
    PolicyPublished policy = new PolicyPublished(domain, Alignment.RELAXED, Alignment.RELAXED,
        RequestedPolicy.NONE, null, null, 100, null, null, null);
    return new AggregateReport(meta, policy, List.of(records));
  }

  /** A record; dkim/spf are the aligned (policy_evaluated) verdicts. */
  public static ReportRecord record(String ip, long count, boolean dkim, boolean spf, Disposition disposition,
      String... reasons) {
    return new ReportRecord(ip, count, disposition, dkim ? DmarcResult.PASS : DmarcResult.FAIL,
        spf ? DmarcResult.PASS : DmarcResult.FAIL,
        java.util.Arrays.stream(reasons).map(r -> new PolicyOverrideReason(r, null)).toList(),
        "example.com", null, null, List.of(), List.of());
  }

  public static ReportRecord pass(String ip, long count) {
    return record(ip, count, true, true, Disposition.NONE);
  }

  public static ReportRecord fail(String ip, long count) {
    return record(ip, count, false, false, Disposition.NONE);
  }
}
