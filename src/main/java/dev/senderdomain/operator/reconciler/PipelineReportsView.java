package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.ingest.ReportPipeline;
import dev.senderdomain.operator.report.store.ReportSummaries;
import dev.senderdomain.operator.rollout.GateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReportsView} over the operator's report pipeline (its store). Reports arrive once a day
 * per receiver, so a domain's summary is kept for {@link #KEEP}: a resync of thousands of domains
 * does not query the store for each.
 */
public final class PipelineReportsView implements ReportsView {
  static final Duration KEEP = Duration.ofMinutes(2);

  private final ReportPipeline pipeline;
  private final Clock clock;
  private final Map<String, Cached> summaries = new ConcurrentHashMap<>();

  private record Cached(Instant at, ReportsStatus status) {}

  public PipelineReportsView(ReportPipeline pipeline, Clock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
  }

  @Override
  public ReportsStatus status(String domain, List<String> declaredSenders) {
    Instant now = clock.instant();
    String key = domain + " " + declaredSenders;
    Cached c = summaries.get(key);
    if (c == null || c.at().plus(KEEP).isBefore(now) || c.at().isAfter(now)) {
      ReportSummary summary =
          pipeline.summary(domain, ReportSummaries.STATUS_WINDOW, declaredSenders);
      c =
          new Cached(
              now,
              ReportsStatusMapper.toStatus(summary, pipeline.senders(summary, declaredSenders)));
      summaries.put(key, c);
    }
    return c.status();
  }

  @Override
  public GateStatus gate(GateSpecValues gate, String domain, List<String> declaredSenders) {
    GateVerdict verdict = pipeline.gate(gate, domain, declaredSenders);
    return verdict.open() ? GateStatus.OPEN : GateStatus.held(verdict.message());
  }
}
