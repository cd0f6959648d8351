package dev.senderdomain.operator.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed DMARC aggregate report (RFC 7489 appendix C, RFC 9990). Produced by {@link
 * AggregateReportParser}; the summary methods are what the CLI, the report store and the rollout
 * gate read. {@code skipped} counts the records left out for a bad field (they are in none of the
 * sums).
 *
 * <p>All message totals are exact: the parser rejects a report whose counts do not fit in a {@code
 * long}, so the sums here cannot overflow.
 */
public record AggregateReport(
    ReportMetadata metadata,
    PolicyPublished policy,
    List<ReportRecord> records,
    SkippedRecords skipped) {

  public AggregateReport {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(skipped, "skipped");
    records = List.copyOf(records);
  }

  /** A report with no skipped records. */
  public AggregateReport(
      ReportMetadata metadata, PolicyPublished policy, List<ReportRecord> records) {
    this(metadata, policy, records, SkippedRecords.NONE);
  }

  /** Total number of messages covered by the report (sum of record counts). */
  public long messages() {
    return sum(r -> true);
  }

  /** Messages whose {@code policy_evaluated/dkim} is pass (aligned DKIM pass). */
  public long dkimPass() {
    return sum(ReportRecord::dkimPass);
  }

  /** Messages whose {@code policy_evaluated/spf} is pass (aligned SPF pass). */
  public long spfPass() {
    return sum(ReportRecord::spfPass);
  }

  /** Messages that passed DMARC: aligned DKIM or aligned SPF pass (RFC 7489 4.2). */
  public long dmarcPass() {
    return sum(ReportRecord::dmarcPass);
  }

  /** Messages that failed DMARC (neither aligned DKIM nor aligned SPF passed). */
  public long dmarcFail() {
    return messages() - dmarcPass();
  }

  /**
   * Messages per disposition, every {@link Disposition} present (0 when unused). Records whose
   * disposition was left empty are counted in none of them.
   */
  public Map<Disposition, Long> dispositions() {
    Map<Disposition, Long> counts = new EnumMap<>(Disposition.class);
    for (Disposition d : Disposition.values()) {
      counts.put(d, 0L);
    }
    for (ReportRecord r : records) {
      if (r.disposition() != null) {
        counts.merge(r.disposition(), r.count(), Long::sum);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /** Number of distinct non-empty source IPs (as written, lower case). */
  public int distinctSourceIps() {
    Set<String> ips = new HashSet<>();
    for (ReportRecord r : records) {
      if (r.sourceIp() != null) {
        ips.add(r.sourceIp());
      }
    }
    return ips.size();
  }

  private long sum(Predicate<ReportRecord> which) {
    long total = 0;
    for (ReportRecord r : records) {
      if (which.test(r)) {
        total += r.count();
      }
    }
    return total;
  }
}
