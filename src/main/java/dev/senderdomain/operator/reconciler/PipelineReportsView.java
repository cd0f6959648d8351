package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ingest.ReportPipeline;
import dev.senderdomain.operator.rollout.GateStatus;
import java.util.List;

/** {@link ReportsView} over the operator's report pipeline (its store). */
public final class PipelineReportsView implements ReportsView {
  private final ReportPipeline pipeline;

  public PipelineReportsView(ReportPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public ReportsStatus status(String domain, List<String> declaredSenders) {
    return pipeline.status(domain, declaredSenders);
  }

  @Override
  public GateStatus gate(DmarcSpec.Gate gate, String domain, List<String> declaredSenders) {
    if (gate == null) {
      return GateStatus.OPEN;
    }
    GateVerdict verdict = pipeline.gate(GateSpecValues.from(gate), domain, declaredSenders);
    return verdict.open() ? GateStatus.OPEN : GateStatus.held(verdict.message());
  }
}
