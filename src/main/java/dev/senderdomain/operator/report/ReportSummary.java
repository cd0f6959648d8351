package dev.senderdomain.operator.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a domain's aggregate reports say over a window: totals, classified sources (most messages
 * first), and when the latest report ended. Built by {@code report.store.ReportSummaries}; read by
 * the status, the dashboard and {@link RolloutGate}.
 *
 * @param domain the policy domain (lower case)
 * @param window length of the window
 * @param until end of the window (the "now" it was computed at)
 * @param reports reports in the window
 * @param messages messages in the window
 * @param dmarcPass of which passed DMARC
 * @param lastReportAt end of the period of the latest report ever stored for the domain, or null
 *     when none
 * @param sources every source in the window, most messages first
 */
public record ReportSummary(
    String domain,
    Duration window,
    Instant until,
    long reports,
    long messages,
    long dmarcPass,
    Instant lastReportAt,
    List<ClassifiedSource> sources) {

  public ReportSummary {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(until, "until");
    sources = List.copyOf(sources);
  }

  public Instant since() {
    return until.minus(window);
  }

  /** DMARC pass rate in percent (0..100), or NaN without messages. */
  public double passRate() {
    return percent(dmarcPass, messages);
  }

  /** Messages from expected senders. */
  public long expectedMessages() {
    return sources.stream()
        .filter(s -> s.classification() == SourceClass.EXPECTED)
        .mapToLong(s -> s.stats().messages())
        .sum();
  }

  /** DMARC passes among messages from expected senders. */
  public long expectedPass() {
    return sources.stream()
        .filter(s -> s.classification() == SourceClass.EXPECTED)
        .mapToLong(s -> s.stats().dmarcPass())
        .sum();
  }

  /** The expected senders' DMARC pass rate in percent, or NaN without messages from them. */
  public double expectedPassRate() {
    return percent(expectedPass(), expectedMessages());
  }

  /**
   * Sources with DMARC failures, most failing messages first (ties: IP order, so the result is
   * stable).
   */
  public List<ClassifiedSource> failingSources() {
    return sources.stream()
        .filter(s -> s.stats().failing() > 0)
        .sorted(
            (a, b) ->
                a.stats().failing() != b.stats().failing()
                    ? Long.compare(b.stats().failing(), a.stats().failing())
                    : a.stats().ip().compareTo(b.stats().ip()))
        .toList();
  }

  static double percent(long part, long whole) {
    return whole == 0 ? Double.NaN : 100.0 * part / whole;
  }
}
